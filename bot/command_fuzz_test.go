package bot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fuzzUserID is what every parsed mention must look like: the store and
// Slack's API both take it as a user id.
var fuzzUserID = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// parseTimeout bounds one parse. The slowest realistic text parses in
// microseconds; anything near this is a loop or a quadratic blow-up.
const parseTimeout = 5 * time.Second

// FuzzParseCommand feeds parseCommand what people and Slack actually send
// and what they might: mentions in every escaping, curly and straight
// quotes, control characters, broken UTF-8, very long texts. The seeds run
// in every `go test ./bot`; `go test ./bot -run XXX -fuzz FuzzParseCommand`
// explores further, and testdata/fuzz/FuzzParseCommand holds inputs worth
// keeping.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"",
		"   ",
		"help",
		"HELP me",
		"<@U1|a>",
		"<@W2>",
		"<@U1",
		"<@U1|alex",
		"<@u1> lower case id",
		"<@U1|a> would love to hear about your shop",
		`<@U1|a> "I'd love to hear how you got involved"`,
		"<@U1> “quoted” and more",
		"<@U1|a> Q&amp;A about &lt;stuff&gt;",
		"&amp;amp;lt; &lt;@U1&gt; &amp",
		`log "Ana &amp; Bo"`,
		"<@U1> <@W2|b> hi <@U3>",
		"@alex coffee?",
		"@",
		"<!channel> everyone",
		"<!here|here> <@U1>",
		"<#C123|general>",
		`log "Maria Lopez"`,
		`log “Maria Lopez”`,
		`log “Maria Lopez"`,
		`log "Maria`,
		`log “Maria`,
		`log ""`,
		`log “”`,
		`log "a”b"`,
		`log “a"b”`,
		"log <@U9|sam>",
		"plan remove <@U1>",
		`plan <@U1> "Ana B" <@U2>`,
		"goal 4",
		"goal -1",
		"goal 1e9",
		"goal 99999999999999999999",
		"goal\t4",
		"goal\n4",
		"export",
		"settings digest #general",
		"optout", "optin", "forget", "team", "digest", "list",
		"Ünïcödé 🎉 <@U1>",
		"log \"José Ñúñez\" 日本語",
		"\x00\x01\x02 help",
		"help \x7f\x1b[31m",
		"\xff\xfe log",
		`log "` + "\xff" + `"`,
		"<@U1>" + strings.Repeat(" ", 1000) + "x",
		strings.Repeat("<@U1>", 300),
		strings.Repeat(`"`, 2001),
		"plan " + strings.Repeat(`""`, 1000),
		"plan " + strings.Repeat("<@U1|a ", 500),
		strings.Repeat("a", 10000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := parseWithin(t, text)
		checkCommand(t, text, c)
		if again := parseWithin(t, text); !cmp.Equal(c, again) {
			t.Fatalf("parseCommand(%q) is not deterministic:\n%s", text, cmp.Diff(c, again))
		}
		// What people typed survives Slack's escaping and ours undoing it.
		if got := unescapeSlack(esc(text)); got != text {
			t.Fatalf("unescapeSlack(esc(%q)) = %q", text, got)
		}
		// Re-parsing what the parser handed back must also end and keep
		// the invariants: handlers pass Rest and Words on. The words are
		// plain: Slack would send them escaped.
		if c.Name == cmdUnknown {
			if again := parseWithin(t, esc(c.Rest)); !cmp.Equal(c, again) {
				t.Fatalf("unknown text %q does not parse back to itself:\n%s", text, cmp.Diff(c, again))
			}
		}
		for _, sub := range []string{c.Rest, strings.Join(c.Words, " ")} {
			checkCommand(t, sub, parseWithin(t, sub))
		}
	})
}

// parseWithin parses text, failing rather than hanging the fuzzer if the
// parser never returns.
func parseWithin(t *testing.T, text string) command {
	t.Helper()
	done := make(chan command, 1)
	go func() { done <- parseCommand(text) }()
	select {
	case c := <-done:
		return c
	case <-time.After(parseTimeout):
		t.Fatalf("parseCommand(%.80q… %d bytes) did not return within %v", text, len(text), parseTimeout)
		return command{}
	}
}

var knownNames = map[string]bool{cmdRequest: true, cmdUnknown: true}

func init() {
	for name := range subcommands {
		knownNames[name] = true
	}
}

// checkCommand asserts what every handler relies on, whatever the text.
func checkCommand(t *testing.T, text string, c command) {
	t.Helper()
	if !knownNames[c.Name] {
		t.Fatalf("parseCommand(%q).Name = %q, not a known subcommand", text, c.Name)
	}
	for _, u := range c.Users {
		if !fuzzUserID.MatchString(string(u)) {
			t.Fatalf("parseCommand(%q) user %q is not a Slack user id", text, u)
		}
	}
	// The words are unescaped; the quotes around them are as sent.
	plainText := unescapeSlack(text)
	for _, n := range c.Names {
		// A name opened with a straight quote ends at the next straight
		// quote; one opened with a curly quote ends at the next closing
		// curly quote. So a straight quote inside a name is only right
		// between curly quotes, and a closing curly one only between
		// straight quotes.
		if strings.Contains(n, `"`) && !strings.Contains(plainText, "“"+n+"”") {
			t.Fatalf("parseCommand(%q) name %q holds its closing quote", text, n)
		}
		if strings.Contains(n, "”") && !strings.Contains(plainText, `"`+n+`"`) {
			t.Fatalf("parseCommand(%q) name %q holds its closing quote", text, n)
		}
	}
	for _, w := range c.Words {
		if w == "" {
			t.Fatalf("parseCommand(%q) has an empty word: %q", text, c.Words)
		}
	}
	if c.Name == cmdUnknown && c.Rest != unescapeSlack(strings.TrimSpace(text)) {
		t.Fatalf("parseCommand(%q) unknown, but Rest = %q", text, c.Rest)
	}
}

// BenchmarkParseCommandWorstCase measures texts that make each loop of
// parseCommand rescan the rest of the text. Time per op should grow
// linearly with the size; today the unclosed mentions and the empty
// quotes grow quadratically (see the fuzzing notes in the review).
func BenchmarkParseCommandWorstCase(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 12, 1 << 14} {
		for _, tt := range []struct{ name, unit string }{
			{"UnclosedMentions", "<@U1|a "},
			{"EmptyQuotes", `""`},
			{"UnclosedCurly", "“a "},
			{"Words", "a "},
		} {
			text := "plan " + strings.Repeat(tt.unit, size/len(tt.unit))
			b.Run(tt.name+"/"+strconv.Itoa(size), func(b *testing.B) {
				for b.Loop() {
					parseCommand(text)
				}
			})
		}
	}
}
