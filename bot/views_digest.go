package bot

import (
	"sort"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Digest caps keep the weekly post within 50 blocks (docs/slack.md) for a team
// of any size: the top organizers and newcomers, then "and N more".
const (
	digestOrganizers = 20 // two sections of 10 fields
	digestNewcomers  = 10
)

// digestView renders the team's week, in l, the group's language. It
// shows counts and, when the coordinators chose names, who held
// one-to-ones: never what anyone wrote, and never anyone's personal goal.
// Names are escaped text, not mentions, so the post pings nobody.
func digestView(l catalog.Lang, d *models.Digest, names map[models.UserID]string) (string, []slack.Block) {
	name := func(id models.UserID) string {
		if n := names[id]; n != "" {
			return esc(n)
		}
		return catalog.T(l, "common.someone", nil)
	}
	summary := catalog.N(l, "digest.summary", d.HeldWeek, map[string]any{"Window": d.HeldWindow})
	if d.HeldWeek == 0 {
		summary += "\n" + catalog.T(l, "digest.quiet", nil)
	}
	if d.Goals > 0 {
		summary += "\n" + catalog.N(l, "digest.goals", d.Goals, nil)
	}
	text := catalog.N(l, "digest.text", d.HeldWeek, map[string]any{"Window": d.HeldWindow})
	blocks := []slack.Block{header(catalog.T(l, "digest.title", nil)), section(summary)}

	switch {
	case len(d.Organizers) > 0:
		blocks = append(blocks, section(catalog.T(l, "digest.thanks", nil)))
		// The most active are the ones named when there are many; they
		// are listed by name, not ranked.
		shown := d.Organizers[:min(len(d.Organizers), digestOrganizers)]
		lines := make([]string, 0, len(shown))
		for _, p := range shown {
			lines = append(lines, catalog.N(l, "digest.organizer_line", p.Held, map[string]any{"Name": name(p.ID)}))
		}
		sort.SliceStable(lines, func(i, j int) bool { return strings.ToLower(lines[i]) < strings.ToLower(lines[j]) })
		var fields []*slack.TextBlockObject
		for _, line := range lines {
			fields = append(fields, mdText(line))
		}
		for len(fields) > 0 {
			n := min(10, len(fields)) // a section holds 10 fields
			blocks = append(blocks, slack.NewSectionBlock(nil, fields[:n], nil))
			fields = fields[n:]
		}
		if more := d.OrganizersAll - len(shown); more > 0 {
			blocks = append(blocks, contextLine(catalog.N(l, "digest.more_organizers", more, nil)))
		}
	case d.OrganizersAll > 0:
		blocks = append(blocks, section(catalog.N(l, "digest.organizers_count", d.OrganizersAll, nil)))
	}
	switch {
	case len(d.Newcomers) > 0:
		var ns []string
		for _, m := range d.Newcomers {
			ns = append(ns, truncateBytes(esc(m.Name), 200))
		}
		newcomers := strings.Join(ns, ", ")
		if more := d.NewcomersAll - int64(len(d.Newcomers)); more > 0 {
			newcomers += " " + catalog.T(l, "join.and_more", map[string]any{"Count": more})
		}
		blocks = append(blocks, section(catalog.T(l, "digest.newcomers", map[string]any{"Names": newcomers})))
	case d.NewcomersAll > 0:
		blocks = append(blocks, section(catalog.N(l, "digest.newcomers_count", d.NewcomersAll, nil)))
	}
	if d.Waiting > 0 {
		blocks = append(blocks, section(catalog.N(l, "digest.waiting", d.Waiting, map[string]any{"After": inWords(l, d.WaitingAfter)})))
	}
	blocks = append(blocks, contextLine(catalog.T(l, "digest.footer", map[string]any{"Command": defaultCommand})))
	return text, blocks
}

// inWords says a delay the way people do, in l: "2 weeks", "5 days", "36
// hours".
func inWords(l catalog.Lang, d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d >= 7*day && d%(7*day) == 0:
		return catalog.N(l, "duration.weeks", int64(d/(7*day)), nil)
	case d >= day && d%day == 0:
		return catalog.N(l, "duration.days", int64(d/day), nil)
	case d >= time.Hour && d%time.Hour == 0:
		return catalog.N(l, "duration.hours", int64(d/time.Hour), nil)
	}
	return catalog.N(l, "duration.minutes", int64((d+time.Minute-1)/time.Minute), nil)
}
