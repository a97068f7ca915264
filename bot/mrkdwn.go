package bot

import "strings"

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

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
