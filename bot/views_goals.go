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
func progressBar(l catalog.Lang, held, goal int) string {
	if goal <= 0 {
		return ""
	}
	filled := held * 10 / goal
	if filled > 10 {
		filled = 10
	}
	return strings.Repeat("▰", filled) + strings.Repeat("▱", 10-filled) + " " + catalog.T(l, "goal.progress", map[string]any{"Held": held, "Goal": goal})
}

// goalText is a line or two on a member's goal and progress: the goal
// running now, or the last one once its four weeks are over, with how it
// went, in l. held counts the one-to-ones held in the goal's window.
func goalText(l catalog.Lang, g *models.Goal, held int, now time.Time, loc *time.Location) string {
	switch {
	case g == nil:
		return catalog.T(l, "goal.none", map[string]any{"Command": defaultCommand})
	case g.Ended(now):
		line := catalog.N(l, "goal.ended", g.Target, map[string]any{"Day": slackDay(l, g.EndsAt, loc)}) + "\n" + progressBar(l, held, g.Target)
		switch {
		case held >= g.Target:
			line += "\n" + catalog.T(l, "goal.made_it", nil)
		case held > 0:
			line += "\n" + catalog.T(l, "goal.some_held", nil)
		default:
			line += "\n" + catalog.T(l, "goal.none_held", nil)
		}
		return line + " " + catalog.T(l, "goal.ready_again", nil)
	}
	line := catalog.N(l, "goal.running", g.Target, map[string]any{"Day": slackDay(l, g.EndsAt, loc)}) + "\n" + progressBar(l, held, g.Target)
	if held >= g.Target {
		line += "\n" + catalog.T(l, "goal.made_it_running", nil)
	}
	return line
}

// goalBlocks shows goalText; once a goal has ended, they offer the next
// one in a click, with the same number, or another by command.
func goalBlocks(l catalog.Lang, text string, g *models.Goal, now time.Time) []slack.Block {
	s := section(text)
	if !g.Ended(now) {
		return []slack.Block{s}
	}
	again := slack.NewButtonBlockElement(actGoalAgain, strconv.Itoa(g.Target), plain(catalog.N(l, "goal.again", g.Target, nil)))
	again.Style = slack.StylePrimary
	s.Accessory = slack.NewAccessory(again)
	return []slack.Block{s, contextLine(catalog.T(l, "goal.or_another", map[string]any{"Command": defaultCommand}))}
}

// goalReply answers /one-to-one goal, in l.
func goalReply(l catalog.Lang, g *models.Goal, held int, set bool, now time.Time, loc *time.Location) *reply {
	text := goalText(l, g, held, now, loc)
	if set {
		text = catalog.T(l, "goal.set", nil) + " " + text
	}
	return &reply{Text: text, Blocks: goalBlocks(l, text, g, now)}
}

// planLabel is the catalog id of how a list entry's status reads.
var planLabel = map[string]string{
	models.PlanNotAsked:  "plan.status_not_asked",
	models.PlanRequested: "plan.status_requested",
	models.PlanScheduled: "plan.status_scheduled",
	models.PlanMet:       "plan.status_met",
	models.PlanNotNow:    "plan.status_not_now",
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
func planBlocks(l catalog.Lang, items []models.PlanItem) []slack.Block {
	var blocks []slack.Block
	for i, it := range items {
		s := section(fmt.Sprintf("%d. %s · %s", i+1, planName(it.PlanEntry), catalog.T(l, planLabel[it.Status], nil)))
		if canAsk(it) {
			b := slack.NewButtonBlockElement(actPlanAsk, string(it.InviteeID), plain(catalog.T(l, "plan.ask", nil)))
			s.Accessory = slack.NewAccessory(b)
		}
		blocks = append(blocks, s)
	}
	return blocks
}

// planReply answers /one-to-one plan: what was added or refused, then the
// list as it stands, in l.
func planReply(l catalog.Lang, items []models.PlanItem, outcomes []models.PlanOutcome, command string) *reply {
	var notes []string
	added, refused := 0, 0
	for _, o := range outcomes {
		if o.Reason == "" {
			added++
			continue
		}
		if refused++; refused <= models.MaxPlanEntries {
			reason := o.Reason
			if o.ReasonID != "" {
				reason = catalog.T(l, o.ReasonID, map[string]any{"Max": models.MaxPlanEntries})
			}
			notes = append(notes, catalog.T(l, "plan.not_added", map[string]any{"Person": planName(o.Entry), "Reason": reason}))
		}
	}
	if refused > models.MaxPlanEntries {
		notes = append(notes, catalog.N(l, "plan.more_not_added", refused-models.MaxPlanEntries, nil))
	}
	var blocks []slack.Block
	head := catalog.T(l, "plan.head", map[string]any{"Count": len(items), "Max": models.MaxPlanEntries})
	if added > 0 {
		head = catalog.N(l, "plan.added", added, nil) + " " + head
	}
	blocks = append(blocks, section(head))
	if len(notes) > 0 {
		blocks = append(blocks, section(strings.Join(notes, "\n")))
	}
	if len(items) == 0 {
		blocks = append(blocks, section(catalog.T(l, "plan.empty", map[string]any{"Command": command})))
	}
	blocks = append(blocks, planBlocks(l, items)...)
	text := head
	if len(notes) > 0 {
		text += " " + strings.Join(notes, " ")
	}
	return &reply{Text: text, Blocks: blocks}
}
