package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// escaper makes text people typed inert in mrkdwn: Slack reads &, < and >
// as control characters, so "<!channel>" or "<@U1>" typed in a message
// would otherwise ping, and "<http://x|y>" would link.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc escapes user text for mrkdwn.
func esc(s string) string { return escaper.Replace(s) }

// quote renders user text as a mrkdwn block quote, escaped.
func quote(s string) string {
	lines := strings.Split(strings.TrimSpace(esc(s)), "\n")
	return "> " + strings.Join(lines, "\n> ")
}

// sectionLimit is Slack's limit on a section's text (docs/slack.md).
const sectionLimit = 3000

// quoteBlocks renders user text as block quotes in as many sections as it
// takes: escaping and the "> " marks can make 2000 typed characters far
// longer than one section allows. Lines longer than a section are cut.
func quoteBlocks(s string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		l := "> " + esc(line)
		if len(l) > sectionLimit {
			l = truncateBytes(l, sectionLimit)
		}
		if cur.Len() > 0 && cur.Len()+1+len(l) > sectionLimit {
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		blocks = append(blocks, section(cur.String()))
	}
	return blocks
}

// truncateBytes cuts s to at most n bytes on a rune boundary, never inside
// an escape like &amp;.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if amp := strings.LastIndexByte(s[:cut], '&'); amp >= 0 && !strings.Contains(s[amp:cut], ";") {
		cut = amp
	}
	return s[:cut] + "…"
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
