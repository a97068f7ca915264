package bot

import (
	"fmt"
	"strings"

	"github.com/onetoone/onetoone/models"
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
	{cmdPlan, "`%s plan @a \"Name\"` add people to your list of 10; `plan` shows it, `plan remove @a` takes someone off"},
	{cmdDigest, "`%s digest` preview this week's team digest"},
	{cmdForget, "`%s forget \"Name\"` delete someone outside Slack you named to me, with your one-to-ones and reflections about them"},
	{cmdOptOut, "`%s optout` / `optin` stop or resume every message I'd start: requests, reminders, nudges, meeting reminders and reflection prompts. Opting out also closes requests still waiting for an answer, and you can't send requests while opted out"},
	{cmdHelp, "`%s help` this message"},
}

// coordinatorUsage is the rest of help, shown to coordinators only: the
// commands nobody else may run.
var coordinatorUsage = []struct{ name, line string }{
	{cmdTeam, "`%s team` who is meeting whom, where one-to-ones stand, and the reflections to read"},
	{cmdSettings, "`%s settings` the group's choices, such as the weekly digest and who the coordinators are"},
	{cmdExport, "`%s export` a CSV of one-to-ones and reflections, sent to you by DM"},
	{cmdForget, "`%s forget @person` delete what I keep about someone, after a confirmation; I keep only their Slack id and the date, so I never contact them again"},
}

// adminUsage is what help adds for a workspace admin who is not a
// coordinator: naming the coordinators, so a group can start, and nothing
// to read.
var adminUsage = []struct{ name, line string }{
	{cmdSettings, "`%s settings` name the group's coordinators (yourself too, if you organize with them) and set the group's choices. Admins don't read reflections unless they're named"},
}

// helpView is the usage message: every command with one line on what it
// does, for a coordinator the commands only coordinators have, and for a
// workspace admin who is not one the settings they may open. unknown, when
// set, is what the person typed that we didn't follow; m is the person, nil
// when their profile can't be read.
func helpView(command, unknown string, has func(string) bool, m *models.Member) *reply {
	var intro string
	if unknown != "" {
		intro = fmt.Sprintf("I didn't catch “%s”. Here's what I can do:", esc(truncate(unknown, 60)))
	} else {
		intro = "A one-to-one is a deliberately scheduled, face-to-face conversation to learn what someone cares about. I help you ask, schedule, remember and reflect."
	}
	lines := usageLines(usage, command, has)
	text := intro + "\n\n" + strings.Join(lines, "\n")
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, intro, false, false), nil, nil),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "• "+strings.Join(lines, "\n• "), false, false), nil, nil),
	}
	head, extra := "*As a coordinator, you also have:*", coordinatorUsage
	if !m.IsCoordinator() {
		head, extra = "*As a workspace admin, you also have:*", adminUsage
	}
	if more := usageLines(extra, command, has); m.CanManageSettings() && len(more) > 0 {
		text += "\n\n" + head + "\n" + strings.Join(more, "\n")
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, head+"\n• "+strings.Join(more, "\n• "), false, false), nil, nil))
	}
	blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, "The important thing is simply to do them. Reflections you write are private to you and the group's coordinators.", false, false)))
	return &reply{Text: text, Blocks: blocks}
}

// usageLines renders the lines of the commands the bot has a route for.
func usageLines(of []struct{ name, line string }, command string, has func(string) bool) []string {
	var lines []string
	for _, u := range of {
		if has(u.name) {
			lines = append(lines, fmt.Sprintf(u.line, command))
		}
	}
	return lines
}
