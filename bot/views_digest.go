package bot

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Digest caps keep the weekly post within 50 blocks (docs/slack.md) for a team
// of any size: the top organizers and newcomers, then "and N more".
const (
	digestOrganizers = 20 // two sections of 10 fields
	digestNewcomers  = 10
)

// digestView renders the team's week. It shows counts and, when the
// coordinators chose names, who held one-to-ones: never what anyone wrote,
// and never anyone's personal goal. Names are escaped text, not mentions,
// so the post pings nobody.
func digestView(d *models.Digest, names map[models.UserID]string) (string, []slack.Block) {
	name := func(id models.UserID) string {
		if n := names[id]; n != "" {
			return esc(n)
		}
		return "someone"
	}
	summary := fmt.Sprintf("*%d* one-to-one%s held this week, *%d* in the last 4 weeks.", d.HeldWeek, plural(d.HeldWeek), d.HeldWindow)
	if d.HeldWeek == 0 {
		summary += "\nA quiet week. One conversation is all it takes to start again: who could you ask?"
	}
	if d.Goals > 0 {
		summary += fmt.Sprintf("\n:dart: %d %s set a goal for these 4 weeks.", d.Goals, map[bool]string{true: "person has", false: "people have"}[d.Goals == 1])
	}
	text := fmt.Sprintf("This week: %d one-to-one%s held, %d in the last 4 weeks.", d.HeldWeek, plural(d.HeldWeek), d.HeldWindow)
	blocks := []slack.Block{header("One-to-ones this week"), section(summary)}

	switch {
	case len(d.Organizers) > 0:
		blocks = append(blocks, section("*Thank you for meeting people these 4 weeks*"))
		// The most active are the ones named when there are many; they
		// are listed by name, not ranked.
		shown := d.Organizers[:min(len(d.Organizers), digestOrganizers)]
		lines := make([]string, 0, len(shown))
		for _, p := range shown {
			lines = append(lines, fmt.Sprintf("%s · %d held", name(p.ID), p.Held))
		}
		sort.SliceStable(lines, func(i, j int) bool { return strings.ToLower(lines[i]) < strings.ToLower(lines[j]) })
		var fields []*slack.TextBlockObject
		for _, l := range lines {
			fields = append(fields, mdText(l))
		}
		for len(fields) > 0 {
			n := min(10, len(fields)) // a section holds 10 fields
			blocks = append(blocks, slack.NewSectionBlock(nil, fields[:n], nil))
			fields = fields[n:]
		}
		if more := d.OrganizersAll - len(shown); more > 0 {
			blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more organizer%s.", more, plural(more))))
		}
	case d.OrganizersAll > 0:
		blocks = append(blocks, section(fmt.Sprintf(":raised_hands: *%d* %s held one-to-ones in the last 4 weeks. Thank you!", d.OrganizersAll, map[bool]string{true: "person", false: "people"}[d.OrganizersAll == 1])))
	}
	switch {
	case len(d.Newcomers) > 0:
		var ns []string
		for _, m := range d.Newcomers {
			ns = append(ns, truncateBytes(esc(m.Name), 200))
		}
		line := fmt.Sprintf("*New this month, not met yet:* %s", strings.Join(ns, ", "))
		if more := d.NewcomersAll - int64(len(d.Newcomers)); more > 0 {
			line += fmt.Sprintf(" and %d more", more)
		}
		blocks = append(blocks, section(line+".\nA one-to-one in their first weeks is what makes people stay. Who will reach out?"))
	case d.NewcomersAll > 0:
		blocks = append(blocks, section(fmt.Sprintf("*%d* %s joined this month and nobody has met them yet. A one-to-one in their first weeks is what makes people stay; coordinators can see who in the team view.",
			d.NewcomersAll, map[bool]string{true: "person", false: "people"}[d.NewcomersAll == 1])))
	}
	if d.Waiting > 0 {
		blocks = append(blocks, section(fmt.Sprintf(":hourglass: %d request%s %s still waiting for an answer after %s. A friendly word in person can help.",
			d.Waiting, plural(int(d.Waiting)), map[bool]string{true: "is", false: "are"}[d.Waiting == 1], inWords(d.WaitingAfter))))
	}
	blocks = append(blocks, contextLine("What people share in one-to-ones stays private, and so do personal goals. Set your own with `/one-to-one goal N`."))
	return text, blocks
}

// inWords says a delay the way people do: "2 weeks", "5 days", "36 hours".
func inWords(d time.Duration) string {
	const day = 24 * time.Hour
	unit := func(n int64, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	switch {
	case d >= 7*day && d%(7*day) == 0:
		return unit(int64(d/(7*day)), "week")
	case d >= day && d%day == 0:
		return unit(int64(d/day), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	}
	return unit(int64((d+time.Minute-1)/time.Minute), "minute")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
