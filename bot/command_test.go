package bot

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/onetoone/onetoone/models"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want command
	}{
		{"EmptyOpensModal", "  ", command{Name: cmdRequest}},
		{"Help", "help", command{Name: cmdHelp}},
		{"HelpUpper", "HELP me", command{Name: cmdHelp, Words: []string{"me"}}},
		{"RequestEscaped", "<@U123|alex> would love to hear about your shop", command{Name: cmdRequest, Users: []models.UserID{"U123"}, Rest: "would love to hear about your shop"}},
		{"RequestBareMention", "<@U123>", command{Name: cmdRequest, Users: []models.UserID{"U123"}}},
		{"RequestTwo", "<@U1> <@W2|b> hi <@U3>", command{Name: cmdRequest, Users: []models.UserID{"U1", "W2"}, Rest: "hi <@U3>"}},
		{"RequestUnescaped", "@alex coffee?", command{Name: cmdRequest, Bare: []string{"@alex"}, Rest: "coffee?"}},
		{"LogName", `log "Maria Lopez"`, command{Name: cmdLog, Names: []string{"Maria Lopez"}}},
		{"LogCurlyName", `log “Maria Lopez”`, command{Name: cmdLog, Names: []string{"Maria Lopez"}}},
		{"LogMention", "log <@U9|sam>", command{Name: cmdLog, Users: []models.UserID{"U9"}}},
		{"LogUnclosedQuote", `log "Maria`, command{Name: cmdLog, Words: []string{`"Maria`}}},
		{"Goal", "goal 4", command{Name: cmdGoal, Words: []string{"4"}}},
		{"Plan", `plan <@U1> "Ana B" <@U2>`, command{Name: cmdPlan, Users: []models.UserID{"U1", "U2"}, Names: []string{"Ana B"}}},
		{"PlanRemove", "plan remove <@U1>", command{Name: cmdPlan, Users: []models.UserID{"U1"}, Words: []string{"remove"}}},
		{"Unknown", "dance", command{Name: cmdUnknown, Rest: "dance"}},
		// Spanish words name the same commands (catalog.Commands).
		{"LanguageCode", "language es", command{Name: cmdLanguage, Words: []string{"es"}}},
		{"LanguageSpanish", "idioma en", command{Name: cmdLanguage, Words: []string{"en"}}},
		{"LanguageAlone", "Idioma", command{Name: cmdLanguage}},
		{"LogSpanish", `registrar "Maria Lopez"`, command{Name: cmdLog, Names: []string{"Maria Lopez"}}},
		{"ListSpanish", "lista", command{Name: cmdList}},
		{"GoalSpanish", "meta 4", command{Name: cmdGoal, Words: []string{"4"}}},
		{"HelpSpanish", "AYUDA", command{Name: cmdHelp}},
		{"PlanRemoveSpanish", "plan quitar <@U1>", command{Name: cmdPlan, Users: []models.UserID{"U1"}, Words: []string{"remove"}}},
		{"SpanishWordIsNoRequest", "hola", command{Name: cmdUnknown, Rest: "hola"}},
		// Slack escapes &, < and > people type and leaves mentions as
		// markup; the words come back as typed, mentions as they came.
		{"RequestWordsUnescaped", "<@U1|sam> Q&amp;A about &lt;stuff&gt; with <@U2|kim>", command{Name: cmdRequest, Users: []models.UserID{"U1"}, Rest: "Q&A about <stuff> with <@U2|kim>"}},
		{"RequestEscapeTypedOnce", "<@U1> &amp;lt;b&amp;gt;", command{Name: cmdRequest, Users: []models.UserID{"U1"}, Rest: "&lt;b&gt;"}},
		{"NameUnescaped", `log "Ana &amp; Bo &lt;3"`, command{Name: cmdLog, Names: []string{"Ana & Bo <3"}}},
		{"TypedMentionIsNoMention", "plan &lt;@U1&gt;", command{Name: cmdPlan, Words: []string{"<@U1>"}}},
		{"UnknownUnescaped", "dance &amp; sing", command{Name: cmdUnknown, Rest: "dance & sing"}},
		// Quoted words after the person asked are the invitation.
		{"RequestQuotedInvitation", `<@U1|sam> "I'd love to hear how you got involved"`, command{Name: cmdRequest, Users: []models.UserID{"U1"}, Rest: "I'd love to hear how you got involved"}},
		{"RequestCurlyQuotedInvitation", "<@U1> “Coffee?”", command{Name: cmdRequest, Users: []models.UserID{"U1"}, Rest: "Coffee?"}},
		{"RequestQuotesInside", `<@U1> "Hi," I said "coffee?"`, command{Name: cmdRequest, Users: []models.UserID{"U1"}, Rest: `"Hi," I said "coffee?"`}},
		{"RequestBareThenQuote", `@sam "hello"`, command{Name: cmdRequest, Bare: []string{"@sam"}, Rest: "hello"}},
		{"OutsideSlackWithNote", `"Maria Lopez" coffee?`, command{Name: cmdRequest, Names: []string{"Maria Lopez"}, Rest: "coffee?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseCommand(tt.in)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parseCommand(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
