package bot

import (
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// listPerGroup keeps the list inside one message: four groups of at most
// this many rows, plus headers and "more" lines, stay under Slack's 50
// blocks (docs/slack.md).
const listPerGroup = 10

// myList is what /one-to-one list shows a member: requests waiting for
// them, requests they sent, upcoming meetings, and reflections to write.
type myList struct {
	Waiting, Sent, Upcoming, ToReflect []models.OneToOne
}

// sortList files one-to-ones into the groups of the list as seen by me. os
// are my open one-to-ones and the met ones awaiting my own reflection
// (Store.AwaitingReflection): a reflected one is there only while I, either
// of the two, haven't written mine.
func sortList(os []models.OneToOne, me models.UserID, now time.Time) myList {
	var l myList
	for _, o := range os {
		switch {
		case o.Status == models.StatusRequested && o.InviteeID == me:
			l.Waiting = append(l.Waiting, o)
		case o.Status == models.StatusRequested:
			l.Sent = append(l.Sent, o)
		case o.Status == models.StatusScheduled && o.ScheduledAt.After(now):
			l.Upcoming = append(l.Upcoming, o)
		case o.Status == models.StatusScheduled || o.Status == models.StatusHeld || o.Status == models.StatusReflected:
			l.ToReflect = append(l.ToReflect, o)
		}
	}
	return l
}

// listView renders the list in l. people names those outside Slack.
func listView(l catalog.Lang, list myList, me models.UserID, people map[models.PersonID]models.Person, loc *time.Location) *reply {
	blocks := listBlocks(l, list, me, people, loc, listShape{PerGroup: listPerGroup})
	if len(blocks) == 0 {
		text := catalog.T(l, "list.nothing_open", map[string]any{"Command": defaultCommand})
		return &reply{Text: text, Blocks: []slack.Block{section(text)}}
	}
	text := catalog.T(l, "list.summary", map[string]any{"Waiting": len(list.Waiting), "Sent": len(list.Sent), "Upcoming": len(list.Upcoming), "ToReflect": len(list.ToReflect)})
	return &reply{Text: text, Blocks: blocks}
}

// listShape is how much of a list a surface has room for: PerGroup rows
// of each kind, and, with AllActions, every button a row has (a second
// row of buttons under it) instead of the main one beside it.
type listShape struct {
	PerGroup   int
	AllActions bool
}

// listBlocks renders the groups of the list in l, at most
// shape.PerGroup rows each.
func listBlocks(l catalog.Lang, list myList, me models.UserID, people map[models.PersonID]models.Person, loc *time.Location, shape listShape) []slack.Block {
	perGroup := shape.PerGroup
	who := func(o models.OneToOne) string {
		if o.PersonID != nil {
			if p, ok := people[*o.PersonID]; ok {
				return "*" + esc(p.Name) + "*"
			}
			return catalog.T(l, "common.someone_outside_slack", nil)
		}
		return mention(string(o.Other(me)))
	}
	var blocks []slack.Block
	// Each row carries what can be done about it: one button beside it,
	// or a row of them under it when there are more.
	group := func(titleID string, os []models.OneToOne, line func(o models.OneToOne) string, btns func(o models.OneToOne) []slack.BlockElement) {
		if len(os) == 0 {
			return
		}
		blocks = append(blocks, section("*"+catalog.T(l, titleID, nil)+"*"))
		for i, o := range os {
			if i == perGroup {
				blocks = append(blocks, contextLine(catalog.T(l, "join.more_line", map[string]any{"Count": len(os) - perGroup})))
				break
			}
			s := section(line(o))
			var row []slack.BlockElement
			if btns != nil {
				row = btns(o)
			}
			if len(row) == 1 {
				s.Accessory = slack.NewAccessory(row[0])
			}
			blocks = append(blocks, s)
			if len(row) > 1 {
				blocks = append(blocks, actions("", row...))
			}
		}
	}
	group("list.waiting", list.Waiting,
		func(o models.OneToOne) string {
			return catalog.T(l, "list.waiting_line", map[string]any{"Person": who(o), "Day": slackDay(l, o.RequestedAt, loc)})
		},
		func(o models.OneToOne) []slack.BlockElement {
			pick := button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary)
			if !shape.AllActions {
				return []slack.BlockElement{pick}
			}
			return []slack.BlockElement{pick, button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, "")}
		})
	group("list.sent", list.Sent,
		func(o models.OneToOne) string {
			if o.PersonID != nil {
				return catalog.T(l, "list.sent_outside", map[string]any{"Person": who(o)})
			}
			return catalog.T(l, "list.sent_line", map[string]any{"Person": who(o), "Day": slackDay(l, o.RequestedAt, loc)})
		},
		func(o models.OneToOne) []slack.BlockElement {
			if o.PersonID == nil {
				// Asked in Slack: a gentle reminder is what's left to do.
				return []slack.BlockElement{button(catalog.T(l, "nudge.remind_them", nil), actNudge, o.ID, "")}
			}
			return []slack.BlockElement{button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary)}
		})
	group("list.upcoming", list.Upcoming,
		func(o models.OneToOne) string {
			s := catalog.T(l, "list.upcoming_line", map[string]any{"When": slackDate(l, *o.ScheduledAt, loc), "Person": who(o)})
			if o.Place != "" {
				s += " · " + esc(o.Place)
			}
			return s
		},
		func(o models.OneToOne) []slack.BlockElement {
			return []slack.BlockElement{button(catalog.T(l, "common.reschedule", nil), actReschedule, o.ID, "")}
		})
	group("list.to_reflect", list.ToReflect,
		func(o models.OneToOne) string {
			at := o.HeldAt
			if at == nil {
				at = o.ScheduledAt
			}
			if at == nil {
				return catalog.T(l, "list.to_reflect_undated", map[string]any{"Person": who(o)})
			}
			return catalog.T(l, "list.to_reflect_line", map[string]any{"Person": who(o), "Day": slackDay(l, *at, loc)})
		},
		func(o models.OneToOne) []slack.BlockElement {
			return []slack.BlockElement{button(catalog.T(l, "common.reflect", nil), actReflect, o.ID, slack.StylePrimary)}
		})
	return blocks
}
