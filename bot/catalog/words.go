package catalog

import (
	"strings"
	"time"
)

// And joins items the way l lists them: "A, B and C".
func And(l Lang, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	rest := strings.Join(items[:len(items)-1], T(l, "join.separator", nil))
	return T(l, "join.and", map[string]any{"Rest": rest, "Last": items[len(items)-1]})
}

// Weekday names d in l ("Monday", "lunes").
func Weekday(l Lang, d time.Weekday) string {
	return T(l, "date.weekday."+strings.ToLower(d.String()), nil)
}

// Day writes t's calendar date out in l, "Monday, January 2" or "lunes 2
// de enero", for text Slack does not format itself: follow-up days, and
// the fallback of a date token.
func Day(l Lang, t time.Time) string {
	return T(l, "date.day", map[string]any{
		"Weekday": Weekday(l, t.Weekday()),
		"Month":   T(l, "date.month."+strings.ToLower(t.Month().String()), nil),
		"Day":     t.Day(),
	})
}

// DateTime writes t out in l, in t's own location, as the fallback of a
// Slack date token: "Thu Mar 5 at 6:30 PM EST" or "jue 5 mar, 18:30 CET".
func DateTime(l Lang, t time.Time) string {
	day := T(l, "date.short_weekday_day", map[string]any{
		"Weekday": T(l, "date.weekday_short."+strings.ToLower(t.Weekday().String()), nil),
		"Month":   T(l, "date.month_short."+strings.ToLower(t.Month().String()), nil),
		"Day":     t.Day(),
	})
	return T(l, "date.datetime", map[string]any{"Day": day, "Time": t.Format(T(l, "date.time_layout", nil))})
}

// ShortDay is "Jan 2" or "2 ene".
func ShortDay(l Lang, t time.Time) string {
	return T(l, "date.short_day", map[string]any{
		"Month": T(l, "date.month_short."+strings.ToLower(t.Month().String()), nil),
		"Day":   t.Day(),
	})
}

// Commands maps every language's word for a subcommand (the cmd.word
// table: "registrar") to its English name ("log"), so a command reads the
// same whichever language it is typed in.
func Commands() map[string]string {
	words := map[string]string{}
	for _, l := range loaded.langs {
		for _, id := range loaded.ids[l] {
			if name, ok := strings.CutPrefix(id, "cmd.word."); ok {
				words[strings.ToLower(T(l, id, nil))] = name
			}
		}
	}
	return words
}
