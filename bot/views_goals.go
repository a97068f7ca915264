package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// progressBar draws held out of goal in ten cells, so progress reads at a
// glance in any client.
func progressBar(held, goal int) string {
	if goal <= 0 {
		return ""
	}
	filled := held * 10 / goal
	if filled > 10 {
		filled = 10
	}
	return strings.Repeat("▰", filled) + strings.Repeat("▱", 10-filled) + fmt.Sprintf(" %d of %d", held, goal)
}

// goalText is a line or two on a member's goal and progress: the goal
// running now, or the last one once its four weeks are over, with how it
// went. held counts the one-to-ones held in the goal's window.
func goalText(g *models.Goal, held int, now time.Time, loc *time.Location) string {
	switch {
	case g == nil:
		return "You haven't set a goal yet. The guide suggests picking a number of one-to-ones for the next 4 weeks: try `/one-to-one goal 4`."
	case g.Ended(now):
		line := fmt.Sprintf("Your goal of *%d one-to-one%s* ended on %s.\n%s", g.Target, plural(g.Target), slackDay(catalog.English, g.EndsAt, loc), progressBar(held, g.Target))
		switch {
		case held >= g.Target:
			line += "\n:tada: You made it!"
		case held > 0:
			line += "\nEvery one of those conversations counts."
		default:
			line += "\nThat's okay: weeks get full. Each four weeks is a fresh start."
		}
		return line + " Ready to set your goal for the next 4 weeks?"
	}
	line := fmt.Sprintf("Your goal: *%d one-to-ones* by %s.\n%s", g.Target, slackDay(catalog.English, g.EndsAt, loc), progressBar(held, g.Target))
	if held >= g.Target {
		line += "\n:tada: You made it! Set a new goal whenever you're ready."
	}
	return line
}

// goalBlocks shows goalText; once a goal has ended, they offer the next
// one in a click, with the same number, or another by command.
func goalBlocks(text string, g *models.Goal, now time.Time) []slack.Block {
	s := section(text)
	if !g.Ended(now) {
		return []slack.Block{s}
	}
	again := slack.NewButtonBlockElement(actGoalAgain, strconv.Itoa(g.Target), plain(fmt.Sprintf("Aim for %d again", g.Target)))
	again.Style = slack.StylePrimary
	s.Accessory = slack.NewAccessory(again)
	return []slack.Block{s, contextLine("Or choose another number with `/one-to-one goal N`.")}
}

// goalReply answers /one-to-one goal.
func goalReply(g *models.Goal, held int, set bool, now time.Time, loc *time.Location) *reply {
	text := goalText(g, held, now, loc)
	if set {
		text = ":dart: Goal set. " + text
	}
	return &reply{Text: text, Blocks: goalBlocks(text, g, now)}
}

// planLabel is how a list entry's status reads.
var planLabel = map[string]string{
	models.PlanNotAsked:  ":white_circle: not asked yet",
	models.PlanRequested: ":envelope: asked",
	models.PlanScheduled: ":calendar: scheduled",
	models.PlanMet:       ":white_check_mark: met",
	models.PlanNotNow:    ":hourglass: not now",
}

// planName shows a list entry: a mention for Slack members, the escaped
// name for anyone else.
func planName(e models.PlanEntry) string {
	if e.InviteeID != "" {
		return mention(string(e.InviteeID))
	}
	return "*" + esc(e.Name) + "*"
}

// planBlocks renders the list of ten, each with its status and, for Slack
// members not asked yet, a button to ask.
func planBlocks(items []models.PlanItem) []slack.Block {
	var blocks []slack.Block
	for i, it := range items {
		s := section(fmt.Sprintf("%d. %s · %s", i+1, planName(it.PlanEntry), planLabel[it.Status]))
		if canAsk(it) {
			b := slack.NewButtonBlockElement(actPlanAsk, string(it.InviteeID), plain("Ask"))
			s.Accessory = slack.NewAccessory(b)
		}
		blocks = append(blocks, s)
	}
	return blocks
}

// planReply answers /one-to-one plan: what was added or refused, then the
// list as it stands.
func planReply(items []models.PlanItem, outcomes []models.PlanOutcome, command string) *reply {
	var notes []string
	added, refused := 0, 0
	for _, o := range outcomes {
		if o.Reason == "" {
			added++
			continue
		}
		if refused++; refused <= models.MaxPlanEntries {
			notes = append(notes, fmt.Sprintf("%s was not added: %s.", planName(o.Entry), o.Reason))
		}
	}
	if refused > models.MaxPlanEntries {
		notes = append(notes, fmt.Sprintf("…and %d more were not added.", refused-models.MaxPlanEntries))
	}
	var blocks []slack.Block
	head := fmt.Sprintf("*Your list of people to meet* (%d of %d)", len(items), models.MaxPlanEntries)
	if added > 0 {
		head = fmt.Sprintf(":memo: Added %d. ", added) + head
	}
	blocks = append(blocks, section(head))
	if len(notes) > 0 {
		blocks = append(blocks, section(strings.Join(notes, "\n")))
	}
	if len(items) == 0 {
		blocks = append(blocks, section(fmt.Sprintf("Write down people you'd like to get to know: `%s plan @someone \"A neighbour\"`. The guide suggests ten.", command)))
	}
	blocks = append(blocks, planBlocks(items)...)
	text := head
	if len(notes) > 0 {
		text += " " + strings.Join(notes, " ")
	}
	return &reply{Text: text, Blocks: blocks}
}
