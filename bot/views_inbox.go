package bot

import (
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/slack-go/slack"
)

// inboxReplyView answers a person who wrote to the bot in its Messages tab:
// it can't talk, so it says so kindly, in l, and shows where things are
// done. It quotes nothing they wrote.
func inboxReplyView(l catalog.Lang, command string) (string, []slack.Block) {
	cmd := map[string]any{"Command": command}
	text := catalog.T(l, "inbox.text", nil)
	lines := []string{
		catalog.T(l, "inbox.ask", cmd),
		catalog.T(l, "inbox.reply", nil),
		catalog.T(l, "inbox.help", cmd),
		catalog.T(l, "inbox.home", nil),
	}
	return text, []slack.Block{
		section(catalog.T(l, "inbox.lead", map[string]any{"Text": text})),
		section("• " + strings.Join(lines, "\n• ")),
		contextLine(catalog.T(l, "inbox.footer", nil)),
	}
}
