package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// inboxReplyView answers a person who wrote to the bot in its Messages tab:
// it can't talk, so it says so kindly and shows where things are done. It
// quotes nothing they wrote.
func inboxReplyView(command string) (string, []slack.Block) {
	text := "Thanks for writing! I'm a bot and can't hold a conversation here, and I don't keep what you write."
	lines := []string{
		fmt.Sprintf("`%s @name` asks someone for a one-to-one", command),
		fmt.Sprintf("`%s help` lists everything I can do", command),
		"My *Home* tab, at the top of this conversation, shows your one-to-ones, your goal and the people you'd like to meet",
	}
	return text, []slack.Block{
		section(":wave: " + text + " Here's where I can help:"),
		section("• " + strings.Join(lines, "\n• ")),
		contextLine("For anything else, ask one of your group's coordinators. I answer here at most once a day."),
	}
}
