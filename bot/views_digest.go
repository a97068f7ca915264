package bot

import (
	"fmt"
	"strings"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Digest caps keep the weekly post within 50 blocks (SLACK.md) for a team
// of any size: the top organizers and newcomers, then "and N more".
const (
	digestOrganizers = 20 // two sections of 10 fields
	digestNewcomers  = 10
)

// digestView renders the team's week. It shows counts and names only:
// never what anyone wrote. Names are escaped text, not mentions, so the
// post pings nobody.
func digestView(d *models.Digest, names map[models.UserID]string) (string, []slack.Block) {
	name := func(id models.UserID) string {
		if n := names[id]; n != "" {
			return esc(n)
		}
		return "someone"
	}
	summary := fmt.Sprintf("*%d* one-to-one%s held this week, *%d* in the last 4 weeks", d.HeldWeek, plural(d.HeldWeek), d.HeldWindow)
	if d.GoalSum > 0 {
		summary += fmt.Sprintf(", toward a team goal of *%d*.\n%s", d.GoalSum, progressBar(d.HeldWindow, d.GoalSum))
	} else {
		summary += "."
	}
	if d.HeldWeek == 0 {
		summary += "\nA quiet week. One conversation is all it takes to start again: who could you ask?"
	}
	text := fmt.Sprintf("This week: %d one-to-one%s held, %d in the last 4 weeks.", d.HeldWeek, plural(d.HeldWeek), d.HeldWindow)
	blocks := []slack.Block{header("One-to-ones this week"), section(summary)}

	if len(d.Organizers) > 0 {
		blocks = append(blocks, section("*Who's meeting people*"))
		var fields []*slack.TextBlockObject
		for i, p := range d.Organizers {
			if i == digestOrganizers {
				break
			}
			line := fmt.Sprintf("%s · %d held", name(p.ID), p.Held)
			if p.Goal > 0 {
				line = fmt.Sprintf("%s · %d of %d", name(p.ID), p.Held, p.Goal)
			}
			fields = append(fields, mdText(line))
		}
		for len(fields) > 0 {
			n := min(10, len(fields)) // a section holds 10 fields
			blocks = append(blocks, slack.NewSectionBlock(nil, fields[:n], nil))
			fields = fields[n:]
		}
		if more := len(d.Organizers) - digestOrganizers; more > 0 {
			blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more organizer%s.", more, plural(more))))
		}
	}
	if d.NewcomersAll > 0 {
		var ns []string
		for _, m := range d.Newcomers {
			ns = append(ns, truncateBytes(esc(m.Name), 200))
		}
		line := fmt.Sprintf("*New this month, not met yet:* %s", strings.Join(ns, ", "))
		if more := d.NewcomersAll - int64(len(d.Newcomers)); more > 0 {
			line += fmt.Sprintf(" and %d more", more)
		}
		blocks = append(blocks, section(line+".\nA one-to-one in their first weeks is what makes people stay. Who will reach out?"))
	}
	if d.Waiting > 0 {
		blocks = append(blocks, section(fmt.Sprintf(":hourglass: %d request%s %s been waiting more than 2 weeks for an answer. A friendly word in person can help.", d.Waiting, plural(int(d.Waiting)), map[bool]string{true: "has", false: "have"}[d.Waiting == 1])))
	}
	blocks = append(blocks, contextLine("Counts only: what people share in one-to-ones stays private. Set your own goal with `/one-to-one goal N`."))
	return text, blocks
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
