package bot

import (
	"fmt"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// homeReflections is how many of their newest reflections Home lists for
// their author.
const homeReflections = 5

// readersShown caps the readers named in a line; the rest are counted.
const readersShown = 5

// slackShortDay renders a date as "Nov 27", or "today", in each reader's
// own timezone.
func slackShortDay(l catalog.Lang, t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty}|%s>", t.Unix(), catalog.ShortDay(l, t.In(loc)))
}

// readerName names someone who read a reflection.
func readerName(l catalog.Lang, id models.UserID) string {
	if id == models.OperatorID {
		return catalog.T(l, "common.operator", nil)
	}
	return mention(string(id))
}

// readersText says who other than its author has read a reflection, each
// reader once with their last read, newest first; "" when nobody has.
func readersText(l catalog.Lang, rs []models.Reader, loc *time.Location) string {
	var ns []string
	for i, r := range rs {
		if i == readersShown {
			ns = append(ns, catalog.N(l, "reads.more", len(rs)-readersShown, nil))
			break
		}
		when := slackShortDay(l, r.Last, loc)
		if r.Via == models.ReadExported {
			when = catalog.T(l, "reads.in_export", map[string]any{"When": when})
		}
		if r.Times > 1 {
			when = catalog.N(l, "reads.times", r.Times, map[string]any{"When": when})
		}
		ns = append(ns, catalog.T(l, "reads.reader", map[string]any{"Reader": readerName(l, r.ID), "When": when}))
	}
	if len(ns) == 0 {
		return ""
	}
	return catalog.T(l, "reads.read_by", map[string]any{"Readers": catalog.And(l, ns)})
}

// myReflectionsBlocks lists a person's newest reflections on their Home,
// each with who else has read it and a button to read it again. Only its
// author sees this list: the store builds it from their own reflections.
func myReflectionsBlocks(l catalog.Lang, rs []models.AuthoredReflection, me models.UserID, loc *time.Location) []slack.Block {
	if len(rs) == 0 {
		return nil
	}
	blocks := []slack.Block{header(catalog.T(l, "reads.reflections_title", nil))}
	for i, r := range rs {
		if i == homeReflections {
			break
		}
		o := r.OneToOne
		at := r.SavedAt
		if o.HeldAt != nil {
			at = *o.HeldAt
		}
		line := catalog.T(l, "reads.with", map[string]any{"Person": otherOf(l, &o, me), "Day": slackDay(l, at, loc)})
		if read := readersText(l, r.Readers, loc); read != "" {
			line += "\n:eyes: " + read + "."
		} else {
			line += "\n" + catalog.T(l, "reads.nobody_else", nil)
		}
		s := section(line)
		s.Accessory = slack.NewAccessory(button(catalog.T(l, "reads.read", nil), actReadReflection, o.ID, ""))
		blocks = append(blocks, s)
	}
	return blocks
}
