package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// usage is one line of help per subcommand; help lists only those the bot
// has a route for, so it never promises what it can't do.
var usage = []struct{ name, line string }{
	{cmdRequest, "`%s @person [why you'd like to meet]` ask someone for a one-to-one"},
	{cmdRequest, "`%s` open a form to write your invitation"},
	{cmdRequest, "`%s \"Name\"` plan a one-to-one with someone who isn't in Slack"},
	{cmdLog, "`%s log @person` or `log \"Name\"` reflect on a one-to-one that already happened"},
	{cmdList, "`%s list` your open requests, upcoming meetings and reflections to write"},
	{cmdGoal, "`%s goal N` set your goal of one-to-ones for the next 4 weeks"},
	{cmdPlan, "`%s plan @a \"Name\"` add people to your list of 10"},
	{cmdDigest, "`%s digest` preview this week's team digest"},
	{cmdOptOut, "`%s optout` / `optin` stop or resume requests and nudges to you"},
	{cmdHelp, "`%s help` this message"},
}

// helpView is the usage message: every command with one line on what it
// does. unknown, when set, is what the person typed that we didn't follow.
func helpView(command, unknown string, has func(string) bool) *reply {
	var intro string
	if unknown != "" {
		intro = fmt.Sprintf("I didn't catch “%s”. Here's what I can do:", esc(truncate(unknown, 60)))
	} else {
		intro = "A one-to-one is a deliberately scheduled, face-to-face conversation to learn what someone cares about. I help you ask, schedule, remember and reflect."
	}
	var lines []string
	for _, u := range usage {
		if has(u.name) {
			lines = append(lines, fmt.Sprintf(u.line, command))
		}
	}
	text := intro + "\n\n" + strings.Join(lines, "\n")
	return &reply{
		Text: text,
		Blocks: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, intro, false, false), nil, nil),
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "• "+strings.Join(lines, "\n• "), false, false), nil, nil),
			slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, "The important thing is simply to do them. Reflections you write are private to you and the group's coordinators.", false, false)),
		},
	}
}

func (b *Bot) cmdHelp(_ context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	unknown := ""
	if c.Name == cmdUnknown {
		unknown = c.Rest
	}
	return helpView(b.command, unknown, func(name string) bool { _, ok := b.r.commands[name]; return ok }), nil
}
