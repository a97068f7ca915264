package playground

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Viewer is who looks at a surface: Slack shows dates in the viewer's
// timezone and mentions by the names the viewer's workspace knows.
type Viewer struct {
	Loc *time.Location
	Now time.Time
	// Names maps user ids to the names mentions show.
	Names map[string]string
	// Channels maps channel ids to their names, without the #.
	Channels map[string]string
	// Spanish is set for a viewer whose Slack speaks Spanish: Slack
	// writes dates in the client's language.
	Spanish bool
}

func (v Viewer) loc() *time.Location {
	if v.Loc == nil {
		return time.UTC
	}
	return v.Loc
}

var (
	angleRE  = regexp.MustCompile(`<([^<>]+)>`)
	boldRE   = regexp.MustCompile(`(^|[\s(>])\*([^*\n]+)\*`)
	italicRE = regexp.MustCompile(`(^|[\s(>])_([^_\n]+)_`)
	strikeRE = regexp.MustCompile(`(^|[\s(>])~([^~\n]+)~`)
	codeRE   = regexp.MustCompile("`([^`\n]+)`")
	emojiRE  = regexp.MustCompile(`:([a-z0-9_+-]+):`)
)

// mrkdwn renders Slack's mrkdwn as HTML the way a Slack client shows it:
// the text arrives with &, < and > escaped and Slack's <…> markup
// (mentions, links, dates) unescaped.
func mrkdwn(s string, v Viewer) string {
	var tokens []string
	s = angleRE.ReplaceAllStringFunc(s, func(m string) string {
		tokens = append(tokens, angle(m[1:len(m)-1], v))
		return fmt.Sprintf("\x00%d\x00", len(tokens)-1)
	})
	s = html.EscapeString(html.UnescapeString(s))
	s = codeRE.ReplaceAllString(s, "<code>$1</code>")
	s = boldRE.ReplaceAllString(s, "$1<b>$2</b>")
	s = italicRE.ReplaceAllString(s, "$1<i>$2</i>")
	s = strikeRE.ReplaceAllString(s, "$1<s>$2</s>")
	s = emojis(s)
	s = quotes(s)
	s = strings.ReplaceAll(s, "\n", "<br>")
	for i, t := range tokens {
		s = strings.Replace(s, fmt.Sprintf("\x00%d\x00", i), t, 1)
	}
	return s
}

// plain renders plain_text: escaped, emoji shortcodes shown.
func plain(s string) string {
	return strings.ReplaceAll(emojis(html.EscapeString(s)), "\n", "<br>")
}

// quotes turns lines starting with "&gt; " into block quotes.
func quotes(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "&gt; "); ok {
			lines[i] = `<span class="quote">` + rest + `</span>`
		}
	}
	return strings.Join(lines, "\n")
}

func emojis(s string) string {
	return emojiRE.ReplaceAllStringFunc(s, func(m string) string {
		if e, ok := emoji[m[1:len(m)-1]]; ok {
			return e
		}
		return m
	})
}

// angle renders one of Slack's <…> forms.
func angle(in string, v Viewer) string {
	body, label, _ := strings.Cut(in, "|")
	switch {
	case strings.HasPrefix(body, "@"):
		id := body[1:]
		name := v.Names[id]
		if name == "" {
			name = label
		}
		if name == "" {
			name = id
		}
		return `<span class="mention">@` + html.EscapeString(name) + `</span>`
	case strings.HasPrefix(body, "#"):
		name := v.Channels[body[1:]]
		if name == "" {
			name = label
		}
		if name == "" {
			name = body[1:]
		}
		return `<span class="mention">#` + html.EscapeString(name) + `</span>`
	case strings.HasPrefix(body, "!date^"):
		return `<time>` + html.EscapeString(slackDate(body, label, v)) + `</time>`
	case strings.HasPrefix(body, "!subteam^"):
		return `<span class="mention">` + html.EscapeString(label) + `</span>`
	case strings.HasPrefix(body, "!"):
		return `<span class="mention">@` + html.EscapeString(body[1:]) + `</span>`
	}
	text := label
	if text == "" {
		text = body
	}
	text = html.EscapeString(html.UnescapeString(text))
	if !strings.HasPrefix(body, "http://") && !strings.HasPrefix(body, "https://") && !strings.HasPrefix(body, "mailto:") {
		return text
	}
	return `<a href="` + html.EscapeString(html.UnescapeString(body)) + `" target="_blank" rel="noopener">` + text + `</a>`
}

var dateTokenRE = regexp.MustCompile(`\{[a-z_]+\}`)

// slackDate formats <!date^unix^format^link|fallback> in the viewer's
// timezone, as Slack's clients do.
func slackDate(body, fallback string, v Viewer) string {
	parts := strings.Split(body, "^")
	if len(parts) < 3 {
		return fallback
	}
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return fallback
	}
	t := time.Unix(unix, 0).In(v.loc())
	now := v.Now.In(v.loc())
	w := english
	if v.Spanish {
		w = spanish
	}
	pretty := func(long string) string {
		if d := dayDiff(now, t); d >= -1 && d <= 1 {
			return w.near[d+1]
		}
		return long
	}
	return dateTokenRE.ReplaceAllStringFunc(parts[2], func(tok string) string {
		switch tok {
		case "{date_num}":
			return t.Format("2006-01-02")
		case "{date}":
			return w.date(t, false)
		case "{date_short}":
			return w.short(t)
		case "{date_long}":
			return w.date(t, true)
		case "{date_pretty}":
			return capitalFirst(pretty(w.date(t, false)))
		case "{date_short_pretty}":
			return capitalFirst(pretty(w.short(t)))
		case "{date_long_pretty}":
			return capitalFirst(pretty(w.date(t, true)))
		case "{time}":
			return t.Format(w.clock)
		case "{time_secs}":
			return t.Format(w.clockSecs)
		case "{ago}":
			return ago(now.Sub(t))
		}
		return tok
	})
}

// dateWords is how a language writes dates.
type dateWords struct {
	near             [3]string // yesterday, today, tomorrow
	clock, clockSecs string
	date             func(t time.Time, weekday bool) string
	short            func(t time.Time) string
}

var english = dateWords{
	near: [3]string{"yesterday", "today", "tomorrow"}, clock: "3:04 PM", clockSecs: "3:04:05 PM",
	date: func(t time.Time, weekday bool) string {
		s := t.Format("January ") + ordinal(t.Day()) + t.Format(", 2006")
		if weekday {
			s = t.Format("Monday, ") + s
		}
		return s
	},
	short: func(t time.Time) string { return t.Format("Jan 2, 2006") },
}

var spanishMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
var spanishDays = []string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}

var spanish = dateWords{
	near: [3]string{"ayer", "hoy", "mañana"}, clock: "15:04", clockSecs: "15:04:05",
	date: func(t time.Time, weekday bool) string {
		s := fmt.Sprintf("%d de %s de %d", t.Day(), spanishMonths[t.Month()-1], t.Year())
		if weekday {
			s = spanishDays[t.Weekday()] + ", " + s
		}
		return s
	},
	short: func(t time.Time) string {
		return fmt.Sprintf("%d %s %d", t.Day(), spanishMonths[t.Month()-1][:3], t.Year())
	},
}

func dayDiff(now, t time.Time) int {
	a := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func ago(d time.Duration) string {
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = "a few seconds"
	case d < time.Hour:
		s = fmt.Sprintf("%d minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%d hours", int(d.Hours()))
	default:
		s = fmt.Sprintf("%d days", int(d.Hours()/24))
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// emoji is the shortcodes the bot uses, and a few common ones.
var emoji = map[string]string{
	"lock": "🔒", "hourglass": "⌛", "hourglass_flowing_sand": "⏳", "white_check_mark": "✅", "wave": "👋",
	"dart": "🎯", "calendar": "📆", "arrows_counterclockwise": "🔄", "tada": "🎉", "raised_hands": "🙌",
	"memo": "📝", "mag": "🔍", "white_circle": "⚪", "wastebasket": "🗑️", "warning": "⚠️", "seedling": "🌱",
	"inbox_tray": "📥", "fallen_leaf": "🍂", "eyes": "👀", "envelope_with_arrow": "📩", "envelope": "✉️", "incoming_envelope": "📨",
	"alarm_clock": "⏰", "spiral_calendar_pad": "🗓️", "bulb": "💡", "speech_balloon": "💬", "handshake": "🤝",
	"x": "❌", "heavy_check_mark": "✔️", "star": "⭐", "sparkles": "✨", "thumbsup": "👍", "+1": "👍",
	"clock1": "🕐", "bell": "🔔", "pencil": "📝", "pencil2": "✏️", "busts_in_silhouette": "👥",
	"bust_in_silhouette": "👤", "chart_with_upwards_trend": "📈", "question": "❓", "no_entry": "⛔",
	"coffee": "☕", "telephone_receiver": "📞", "house": "🏠", "point_right": "👉", "sunny": "☀️",
	"heart": "❤️", "green_heart": "💚", "blue_heart": "💙", "thinking_face": "🤔", "smile": "😄",
	"slightly_smiling_face": "🙂", "pray": "🙏", "muscle": "💪", "rocket": "🚀", "clipboard": "📋",
	"bookmark_tabs": "📑", "link": "🔗", "mailbox": "📫", "key": "🔑", "gear": "⚙️", "hammer_and_wrench": "🛠️",
	"information_source": "ℹ️", "repeat": "🔁", "calendar_spiral": "🗓️", "date": "📅", "stopwatch": "⏱️",
	"writing_hand": "✍️", "people_holding_hands": "🧑‍🤝‍🧑", "leaves": "🍃", "hugging_face": "🤗",
	"ok_hand": "👌", "no_bell": "🔕", "zzz": "💤", "shushing_face": "🤫", "leftwards_arrow_with_hook": "↩️",
	"emoji": "😀", "round_pushpin": "📍",
}
