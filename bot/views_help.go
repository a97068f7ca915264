package bot

import (
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// helpLine is one line of help: the subcommand it needs a route for, its
// catalog id, and the subcommand words it shows ("log", "remove"), which
// help in another language gives in English too, since both are accepted.
type helpLine struct {
	name, id string
	words    []string
}

// usage is one line of help per subcommand; help lists only those the bot
// has a route for, so it never promises what it can't do.
var usage = []helpLine{
	{cmdRequest, "help.request", nil},
	{cmdRequest, "help.request_modal", nil},
	{cmdRequest, "help.request_outside", nil},
	{cmdLog, "help.log", []string{cmdLog}},
	{cmdList, "help.list", []string{cmdList}},
	{cmdGoal, "help.goal", []string{cmdGoal}},
	{cmdPlan, "help.plan", []string{cmdPlan, "remove"}},
	{cmdDigest, "help.digest", []string{cmdDigest}},
	{cmdForget, "help.forget_outside", []string{cmdForget}},
	{cmdOptOut, "help.optout", []string{cmdOptOut, cmdOptIn}},
	{cmdLanguage, "help.language", []string{cmdLanguage}},
	{cmdGroup, "group.help", []string{cmdGroup}},
	{cmdPerson, "story.help", []string{cmdPerson}},
	{cmdHelp, "help.help", []string{cmdHelp}},
}

// coordinatorUsage is the rest of help, shown to coordinators only: the
// commands nobody else may run.
var coordinatorUsage = []helpLine{
	{cmdTeam, "help.team", []string{cmdTeam}},
	{cmdSettings, "help.settings", []string{cmdSettings}},
	{cmdExport, "help.export", []string{cmdExport}},
	{cmdPeople, "people.help", []string{cmdPeople}},
	{cmdForget, "help.forget", []string{cmdForget}},
	{cmdRoster, "roster.person.help", []string{cmdRoster}},
	{cmdImport, "roster.paste.help", []string{cmdImport}},
	{cmdAssign, "assign.help", []string{cmdAssign}},
}

// adminUsage is what help adds for a workspace admin who is not a
// coordinator: naming the coordinators, so a group can start, and nothing
// to read.
var adminUsage = []helpLine{
	{cmdSettings, "help.settings_admin", []string{cmdSettings}},
}

// helpView is the usage message, in l: every command with one line on
// what it does, for a coordinator the commands only coordinators have, and
// for a workspace admin who is not one the settings they may open. unknown,
// when set, is what the person typed that we didn't follow; m is the
// person, nil when their profile can't be read.
func helpView(l catalog.Lang, command, unknown string, has func(string) bool, m *models.Member) *reply {
	var intro string
	if unknown != "" {
		intro = catalog.T(l, "help.unknown", map[string]any{"Text": esc(truncate(unknown, 60))})
	} else {
		intro = catalog.T(l, "help.intro", nil)
	}
	lines := usageLines(l, usage, command, has)
	text := intro + "\n\n" + strings.Join(lines, "\n")
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, intro, false, false), nil, nil),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "• "+strings.Join(lines, "\n• "), false, false), nil, nil),
	}
	head, extra := catalog.T(l, "help.coordinator_head", nil), coordinatorUsage
	if !m.IsCoordinator() {
		head, extra = catalog.T(l, "help.admin_head", nil), adminUsage
	}
	if more := usageLines(l, extra, command, has); m.CanManageSettings() && len(more) > 0 {
		text += "\n\n" + head + "\n" + strings.Join(more, "\n")
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, head+"\n• "+strings.Join(more, "\n• "), false, false), nil, nil))
	}
	blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, catalog.T(l, "help.footer", nil), false, false)))
	return &reply{Text: text, Blocks: blocks}
}

// usageLines renders, in l, the lines of the commands the bot has a route
// for. Where l's word for a subcommand is not the English one, the line
// gives the English word too: both work, and a person may have learned
// either from a colleague.
func usageLines(l catalog.Lang, of []helpLine, command string, has func(string) bool) []string {
	var lines []string
	for _, u := range of {
		if !has(u.name) {
			continue
		}
		line := catalog.T(l, u.id, map[string]any{"Command": command})
		var english []string
		for _, w := range u.words {
			if catalog.T(l, "cmd.word."+w, nil) != w {
				english = append(english, "`"+w+"`")
			}
		}
		if len(english) > 0 {
			line += " " + catalog.T(l, "help.in_english", map[string]any{"Words": catalog.And(l, english)})
		}
		lines = append(lines, line)
	}
	return lines
}
