package bot

import (
	"fmt"
	"strings"
	"time"

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

// goalText is one line on a member's goal and progress.
func goalText(g *models.Goal, held int, loc *time.Location) string {
	if g == nil {
		return "You haven't set a goal yet. The guide suggests picking a number of one-to-ones for the next 4 weeks: try `/one-to-one goal 4`."
	}
	line := fmt.Sprintf("Your goal: *%d one-to-ones* by %s.\n%s", g.Target, slackDay(g.EndsAt, loc), progressBar(held, g.Target))
	if held >= g.Target {
		line += "\n:tada: You made it! Set a new goal whenever you're ready."
	}
	return line
}

// goalReply answers /one-to-one goal.
func goalReply(g *models.Goal, held int, set bool, loc *time.Location) *reply {
	text := goalText(g, held, loc)
	if set {
		text = ":dart: Goal set. " + text
	}
	return &reply{Text: text, Blocks: []slack.Block{section(text)}}
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
