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

// periodSince is when a period of the team view starts, as of now; zero
// for since the start.
func periodSince(period string, now time.Time) time.Time {
	switch period {
	case period12Weeks:
		return now.Add(-12 * 7 * 24 * time.Hour)
	case periodAll:
		return time.Time{}
	}
	return now.Add(-models.GoalWindow)
}

// periodOf reads a period back from a view, defaulting to four weeks.
func periodOf(s string) string {
	switch s {
	case period12Weeks, periodAll:
		return s
	}
	return period4Weeks
}

// pictureActions are the team view's tools, in l: the period its funnel
// covers, and the coverage, trends chart and People buttons.
func pictureActions(l catalog.Lang, period string) *slack.ActionBlock {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, p := range []string{period4Weeks, period12Weeks, periodAll} {
		o := slack.NewOptionBlockObject(p, plain(catalog.T(l, "picture.period_"+p, nil)), nil)
		opts = append(opts, o)
		if p == period {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "picture.period", nil)), actTeamPeriod, opts...)
	sel.InitialOption = initial
	return actions("picture",
		sel,
		slack.NewButtonBlockElement(actOpenCoverage, models.FieldSite, plain(catalog.T(l, "picture.coverage_button", nil))),
		slack.NewButtonBlockElement(actTrendsChart, "trends", plain(catalog.T(l, "picture.chart_button", nil))),
		slack.NewButtonBlockElement(actPeopleOpen, "", plain(catalog.T(l, "people.button", nil))),
	)
}

// funnelBlocks are the team view's funnel, in l: a line per organizer,
// the most active first, up to teamRows, then how many more.
func funnelBlocks(l catalog.Lang, f *models.Funnel) []slack.Block {
	blocks := []slack.Block{header(catalog.T(l, "picture.funnel_title", nil))}
	if f == nil || len(f.Rows) == 0 {
		return append(blocks, section(catalog.T(l, "picture.funnel_empty", nil)))
	}
	for i, r := range f.Rows {
		if i == teamRows {
			blocks = append(blocks, contextLine(catalog.N(l, "picture.funnel_more", len(f.Rows)-teamRows, nil)))
			break
		}
		steps := []string{
			catalog.N(l, "picture.funnel_asked", r.Asked, nil),
			catalog.N(l, "picture.funnel_scheduled", r.Scheduled, nil),
			catalog.N(l, "picture.funnel_held", r.Held, nil),
			catalog.N(l, "picture.funnel_reflected", r.Reflected, nil),
		}
		line := mention(string(r.Organizer)) + " · " + strings.Join(steps, " → ")
		var more []string
		if r.FollowUps > 0 {
			more = append(more, catalog.N(l, "picture.funnel_follow_ups", r.FollowUps, nil))
		}
		switch {
		case r.Goal != nil && r.Goal.Active(f.Now):
			more = append(more, catalog.T(l, "picture.funnel_goal", map[string]any{"Held": r.GoalHeld, "Target": r.Goal.Target}))
		default:
			more = append(more, catalog.T(l, "picture.funnel_no_goal", nil))
		}
		blocks = append(blocks, section(line+"\n"+strings.Join(more, " · ")))
	}
	return blocks
}

// coverageRows caps the rows of the coverage view within a modal's 100
// blocks.
const coverageRows = 40

// coverageModal shows the roster cut by one of its fields, in l: for each
// value, how many people, how many met, and where they stand on the
// ladder. fields are the group's names for the roster fields (in
// models.RosterFieldColumns' order), ladder its steps' names.
func coverageModal(l catalog.Lang, c *models.Coverage, fields [models.RosterFieldCount]string, ladder []string) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for i, col := range models.RosterFieldColumns {
		o := slack.NewOptionBlockObject(col, plain(truncate(fields[i], 75)), nil)
		opts = append(opts, o)
		if col == c.Field {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "picture.coverage_by", nil)), actCoverageField, opts...)
	sel.InitialOption = initial
	blocks := []slack.Block{actions("coverage", sel)}
	if c.Total.People == 0 {
		blocks = append(blocks, section(catalog.T(l, "picture.coverage_empty", nil)),
			actions("coverage_import", slack.NewButtonBlockElement(sharedRosterImport, "", plain(catalog.T(l, "people.import", nil)))))
		return modal(l, viewCoverage, catalog.T(l, "picture.coverage_title", nil), "", c.Field, blocks...)
	}
	blocks = append(blocks,
		section(coverageLine(l, catalog.T(l, "picture.coverage_everyone", nil), c.Total, ladder)),
		contextLine(catalog.T(l, "picture.coverage_private", nil)),
		slack.NewDividerBlock())
	for i, r := range c.Rows {
		if i == coverageRows {
			blocks = append(blocks, contextLine(catalog.N(l, "picture.coverage_more", len(c.Rows)-coverageRows, nil)))
			break
		}
		name := esc(r.Value)
		if r.Value == "" {
			name = catalog.T(l, "picture.coverage_not_set", nil)
		}
		blocks = append(blocks, section(coverageLine(l, name, r, ladder)))
	}
	return modal(l, viewCoverage, catalog.T(l, "picture.coverage_title", nil), "", c.Field, blocks...)
}

// coverageLine is one row of the coverage view, in l: its name, how many
// met of how many, and the ladder's steps that have anyone.
func coverageLine(l catalog.Lang, name string, r models.CoverageRow, ladder []string) string {
	line := catalog.T(l, "picture.coverage_row", map[string]any{
		"Name": name, "Met": r.Met, "People": r.People, "Share": fmt.Sprintf("%.0f", 100*r.Share()),
	})
	var steps []string
	for step := 1; step < len(r.Steps); step++ {
		if r.Steps[step] == 0 {
			continue
		}
		label := fmt.Sprint(step)
		if step <= len(ladder) {
			label = fmt.Sprintf("%d %s", step, esc(ladder[step-1]))
		}
		steps = append(steps, catalog.T(l, "picture.coverage_step", map[string]any{"Step": label, "N": r.Steps[step]}))
	}
	if r.Steps[0] > 0 {
		steps = append(steps, catalog.N(l, "picture.coverage_unrated", r.Steps[0], nil))
	}
	return truncateBytes(line+"\n"+strings.Join(steps, " · "), sectionLimit)
}

// trendsComment is the words that go with the trends chart, in l: its
// alt text for people who cannot see it.
func trendsComment(l catalog.Lang, t *models.Trends, ladder bool) string {
	held, up, down := 0, 0, 0
	for _, w := range t.Weeks {
		held, up, down = held+w.Held, up+w.Up, down+w.Down
	}
	last := models.TrendWeek{}
	if n := len(t.Weeks); n > 0 {
		last = t.Weeks[n-1]
	}
	id := "picture.chart_comment_held"
	if ladder {
		id = "picture.chart_comment"
	}
	return catalog.T(l, id, map[string]any{
		"Weeks": len(t.Weeks), "Held": held, "Up": up, "Down": down, "LastHeld": last.Held,
	})
}

// teamState is what the team view shows, kept in its private_metadata:
// the funnel's period and the first row of "who is meeting whom"
// ("12w:25").
type teamState struct {
	Period string
	From   int
}

// String writes the state as the view keeps it.
func (s teamState) String() string {
	if s.From <= 0 {
		return periodOf(s.Period)
	}
	return periodOf(s.Period) + ":" + strconv.Itoa(s.From)
}

// parseTeamState reads the state back; anything else is the first page
// of the last four weeks.
func parseTeamState(s string) teamState {
	period, from, _ := strings.Cut(s, ":")
	n, err := strconv.Atoi(from)
	if err != nil || n < 0 {
		n = 0
	}
	return teamState{Period: periodOf(period), From: n}
}

// teamPages are the buttons to the newer and older one-to-ones of the
// team view's "who is meeting whom", in l, when there are any beyond the
// page; nil when everything fits.
func teamPages(l catalog.Lang, t *models.Team, period string) *slack.ActionBlock {
	var nav []slack.BlockElement
	if t.RecentFrom > 0 {
		newer := teamState{period, max(t.RecentFrom-teamRows, 0)}
		nav = append(nav, slack.NewButtonBlockElement(actTeamNewer, newer.String(), plain(catalog.T(l, "picture.newer", nil))))
	}
	if int64(t.RecentFrom+min(len(t.Recent), teamRows)) < t.RecentAll {
		older := teamState{period, t.RecentFrom + teamRows}
		nav = append(nav, slack.NewButtonBlockElement(actTeamOlder, older.String(), plain(catalog.T(l, "picture.older", nil))))
	}
	if len(nav) == 0 {
		return nil
	}
	return actions("team_pages", nav...)
}
