package catalog

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// messages reads every message of l's file as written, by id.
func messages(t testing.TB, l Lang) map[string]*i18n.Message {
	t.Helper()
	name := path.Join("messages", string(l)+".toml")
	buf, err := fs.ReadFile(files, name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := i18n.ParseMessageFileBytes(buf, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatal(err)
	}
	ms := map[string]*i18n.Message{}
	for _, m := range f.Messages {
		ms[m.ID] = m
	}
	return ms
}

// forms are a message's texts by CLDR plural form, only those it has.
func forms(m *i18n.Message) map[string]string {
	all := map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}
	for k, v := range all {
		if v == "" {
			delete(all, k)
		}
	}
	return all
}

func plural(m *i18n.Message) bool {
	return m.One != "" || m.Few != "" || m.Many != "" || m.Two != "" || m.Zero != ""
}

func ids(ms map[string]*i18n.Message) []string {
	var s []string
	for id := range ms {
		s = append(s, id)
	}
	slices.Sort(s)
	return s
}

func TestEveryLanguageHasEveryMessage(t *testing.T) {
	if got, want := Langs(), []Lang{English, Spanish}; !slices.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
	en := ids(messages(t, English))
	if len(en) < 400 {
		t.Fatalf("English has %d messages; the catalog did not load whole", len(en))
	}
	for _, l := range Langs() {
		if diff := cmp.Diff(en, ids(messages(t, l))); diff != "" {
			t.Errorf("%s.toml has other ids than en.toml (-en +%s):\n%s", l, l, diff)
		}
	}
}

var placeholderRe = regexp.MustCompile(`\{\{-?\s*\.(\w+)`)

// placeholders are the names a message fills, in any of its forms.
func placeholders(m *i18n.Message) []string {
	var names []string
	for _, text := range forms(m) {
		for _, p := range placeholderRe.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(names, p[1]) {
				names = append(names, p[1])
			}
		}
	}
	slices.Sort(names)
	return names
}

func TestEveryTranslationFillsTheSamePlaceholders(t *testing.T) {
	en := messages(t, English)
	for _, l := range Langs() {
		for id, m := range messages(t, l) {
			if e, ok := en[id]; ok && !slices.Equal(placeholders(m), placeholders(e)) {
				t.Errorf("%s %s fills %v; English fills %v", l, id, placeholders(m), placeholders(e))
			}
		}
	}
}

// markupRe finds what Slack gives a meaning: emoji, code, bold and line breaks.
var markupRe = regexp.MustCompile(":[a-z_]+:|`|\\*|\n|<[@#!][^>]*>|\\{date_[a-z_]+\\}|\\{time\\}")

func markup(s string) []string {
	m := markupRe.FindAllString(s, -1)
	slices.Sort(m)
	return m
}

func TestEveryTranslationKeepsSlackMarkup(t *testing.T) {
	en := messages(t, English)
	for _, l := range Langs() {
		for id, m := range messages(t, l) {
			for form, text := range forms(m) {
				want := en[id].Other
				if f, ok := forms(en[id])[form]; ok {
					want = f
				}
				if diff := cmp.Diff(markup(want), markup(text)); diff != "" {
					t.Errorf("%s %s (%s) changes Slack's markup (-en +%s):\n%s", l, id, form, l, diff)
				}
			}
		}
	}
}

// neededForms are the plural forms l's CLDR rule gives any count from 0 to
// 1000: the forms a message must have so every count a person could see
// reads right. (Spanish's "many" is for whole millions, and falls back to
// "other".)
func neededForms(t *testing.T, l Lang) []string {
	t.Helper()
	b := i18n.NewBundle(language.Make(string(l)))
	probe := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(language.Make(string(l)), probe); err != nil {
		t.Fatal(err)
	}
	lz := i18n.NewLocalizer(b, string(l))
	var need []string
	for n := range 1001 {
		f := lz.MustLocalize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n})
		if !slices.Contains(need, f) {
			need = append(need, f)
		}
	}
	slices.Sort(need)
	return need
}

func TestEveryPluralHasTheFormsItsLanguageNeeds(t *testing.T) {
	en := messages(t, English)
	if got := neededForms(t, Spanish); !slices.Equal(got, []string{"one", "other"}) {
		t.Errorf("Spanish needs %v, want one and other", got)
	}
	for _, l := range Langs() {
		need := neededForms(t, l)
		for id, m := range messages(t, l) {
			if plural(m) != plural(en[id]) {
				t.Errorf("%s %s: plural %v, but %v in English", l, id, plural(m), plural(en[id]))
			}
			if !plural(m) {
				continue
			}
			for _, f := range need {
				if forms(m)[f] == "" {
					t.Errorf("%s %s has no %q form", l, id, f)
				}
			}
		}
	}
}

// TestEveryMessageRenders fills every placeholder of every message and
// form, so a broken template ({{.Name}) or a typo in a name shows here,
// not in front of someone.
func TestEveryMessageRenders(t *testing.T) {
	for _, l := range Langs() {
		for id, m := range messages(t, l) {
			data := map[string]any{}
			for _, p := range placeholders(m) {
				data[p] = "«" + p + "»"
			}
			counts := []int{2}
			if plural(m) {
				counts = []int{0, 1, 2, 5, 21, 1000000}
			}
			for _, n := range counts {
				var got string
				if plural(m) {
					got = N(l, id, n, data)
				} else {
					got = T(l, id, data)
				}
				if got == "" || got == id || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
					t.Errorf("%s %s (count %d) renders %q", l, id, n, got)
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"English", T(English, "invite.text", map[string]any{"Person": "<@U1>"}), "<@U1> would like to have a one-to-one with you."},
		{"Spanish", T(Spanish, "invite.text", map[string]any{"Person": "<@U1>"}), "<@U1> quiere tener un uno a uno contigo."},
		{"StructData", T(Spanish, "invite.text", struct{ Person string }{"<@U1>"}), "<@U1> quiere tener un uno a uno contigo."},
		{"PluralOne", N(Spanish, "digest.goals", 1, nil), ":dart: 1 persona se puso una meta para estas 4 semanas."},
		{"PluralOther", N(Spanish, "digest.goals", 3, nil), ":dart: 3 personas se pusieron una meta para estas 4 semanas."},
		{"PluralInt64", N(English, "digest.waiting", int64(2), map[string]any{"After": "2 weeks"}), ":hourglass: 2 requests are still waiting for an answer after 2 weeks. A friendly word in person can help."},
		{"PluralZero", N(English, "team.no_goal", 0, nil), "0 organizers without a goal."},
		{"UnknownLanguageIsEnglish", T(Lang("fr"), "common.cancel", nil), "Cancel"},
		{"UnknownIdShowsItself", T(Spanish, "no.such.message", nil), "no.such.message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestNLeavesTheCallersDataAlone(t *testing.T) {
	data := map[string]any{"After": "2 weeks"}
	N(English, "digest.waiting", 2, data)
	if _, ok := data["Count"]; ok {
		t.Errorf("N added Count to the caller's map: %v", data)
	}
}

func TestMissingMessageFallsBackToEnglish(t *testing.T) {
	c, err := load(fstest.MapFS{
		"messages/en.toml": {Data: []byte("[a]\nb = \"Hello {{.Name}}\"\nc = \"Bye\"\n")},
		"messages/es.toml": {Data: []byte("[a]\nc = \"Adiós\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.localize(Spanish, &i18n.LocalizeConfig{MessageID: "a.b", TemplateData: map[string]any{"Name": "Ana"}}); got != "Hello Ana" {
		t.Errorf("a.b in Spanish = %q, want the English", got)
	}
	if got := c.localize(Spanish, &i18n.LocalizeConfig{MessageID: "a.c"}); got != "Adiós" {
		t.Errorf("a.c in Spanish = %q, want Adiós", got)
	}
}

func TestLoadRefuses(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"BadTOML":        {"messages/en.toml": {Data: []byte("[a\nb = 1")}},
		"NoEnglish":      {"messages/es.toml": {Data: []byte("a = \"b\"\n")}},
		"NotACode":       {"messages/en.toml": {Data: []byte("a = \"b\"\n")}, "messages/spanish.toml": {Data: []byte("a = \"b\"\n")}},
		"ReservedAndNot": {"messages/en.toml": {Data: []byte("[a]\nother = \"b\"\nc = \"d\"\n")}},
	}
	for name, fsys := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := load(fsys); err == nil {
				t.Error("load = nil error")
			}
		})
	}
}

func TestFromSlackLocale(t *testing.T) {
	tests := []struct {
		locale string
		want   Lang
		ok     bool
	}{
		{"es-LA", Spanish, true},
		{"es-ES", Spanish, true},
		{"en-US", English, true},
		{"en-GB", English, true},
		{"ES-la", Spanish, true},
		{"es_MX", Spanish, true},
		{"es", Spanish, true},
		{"pt-BR", "", false},
		{"fr-FR", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := FromSlackLocale(tt.locale); got != tt.want || ok != tt.ok {
			t.Errorf("FromSlackLocale(%q) = %q, %v; want %q, %v", tt.locale, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"es", Spanish, true},
		{"ES", Spanish, true},
		{"español", Spanish, true},
		{"Espanol", Spanish, true},
		{"spanish", Spanish, true},
		{"en", English, true},
		{"English", English, true},
		{"inglés", English, true},
		{" ingles ", English, true},
		{"klingon", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := Parse(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCommandWords(t *testing.T) {
	seen := map[string]string{}
	for _, l := range Langs() {
		for id := range messages(t, l) {
			name, ok := strings.CutPrefix(id, "cmd.word.")
			if !ok {
				continue
			}
			w := strings.ToLower(T(l, id, nil))
			if strings.ContainsAny(w, " \t") || w == "" {
				t.Errorf("%s %s = %q: a command word is one word", l, id, w)
			}
			if other, dup := seen[w]; dup && other != name {
				t.Errorf("%q means both %s and %s", w, other, name)
			}
			seen[w] = name
		}
	}
	got := Commands()
	for w, name := range map[string]string{"log": "log", "registrar": "log", "meta": "goal", "lista": "list", "ayuda": "help", "idioma": "language"} {
		if got[w] != name {
			t.Errorf("Commands()[%q] = %q, want %q", w, got[w], name)
		}
	}
}

func TestWords(t *testing.T) {
	day := mustDate(t, "2025-11-27")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	evening := time.Date(2026, 3, 5, 18, 30, 0, 0, ny)
	tests := []struct {
		name, got, want string
	}{
		{"DayEnglish", Day(English, day), "Thursday, November 27"},
		{"DaySpanish", Day(Spanish, day), "jueves 27 de noviembre"},
		{"ShortDaySpanish", ShortDay(Spanish, day), "27 nov"},
		{"DateTimeEnglish", DateTime(English, evening), "Thu Mar 5 at 6:30 PM EST"},
		{"DateTimeSpanish", DateTime(Spanish, evening), "jue 5 mar, 18:30 EST"},
		{"AndOne", And(Spanish, []string{"A"}), "A"},
		{"AndTwo", And(Spanish, []string{"A", "B"}), "A y B"},
		{"AndThree", And(English, []string{"A", "B", "C"}), "A, B and C"},
		{"AndNone", And(English, nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func BenchmarkT(b *testing.B) {
	data := map[string]any{"Person": "<@U123>", "When": "<!date^1^{date_short_pretty}|x>"}
	for _, bb := range []struct {
		name string
		fn   func() string
	}{
		{"Plain", func() string { return T(Spanish, "common.pick_time", nil) }},
		{"Placeholder", func() string { return T(Spanish, "reminder.text", data) }},
		{"Plural", func() string { return N(Spanish, "digest.goals", 3, nil) }},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if bb.fn() == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}

func ExampleN() {
	fmt.Println(N(Spanish, "digest.waiting", 2, map[string]any{"After": N(Spanish, "duration.weeks", 2, nil)}))
	// Output: :hourglass: 2 invitaciones siguen esperando respuesta después de 2 semanas. Una palabra amable en persona puede ayudar.
}
