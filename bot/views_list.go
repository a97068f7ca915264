package bot

import (
	"fmt"
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

// listView renders the list. people names those outside Slack.
func listView(l myList, me models.UserID, people map[models.PersonID]models.Person, loc *time.Location) *reply {
	blocks := listBlocks(l, me, people, loc, listPerGroup)
	if len(blocks) == 0 {
		text := "Nothing open right now. Who would you like to get to know better? Try `/one-to-one @name`."
		return &reply{Text: text, Blocks: []slack.Block{section(text)}}
	}
	text := fmt.Sprintf("%d waiting for you, %d sent, %d coming up, %d to reflect on.", len(l.Waiting), len(l.Sent), len(l.Upcoming), len(l.ToReflect))
	return &reply{Text: text, Blocks: blocks}
}

// listBlocks renders the groups of the list, at most perGroup rows each.
func listBlocks(l myList, me models.UserID, people map[models.PersonID]models.Person, loc *time.Location, perGroup int) []slack.Block {
	who := func(o models.OneToOne) string {
		if o.PersonID != nil {
			if p, ok := people[*o.PersonID]; ok {
				return "*" + esc(p.Name) + "*"
			}
			return "someone outside Slack"
		}
		return mention(string(o.Other(me)))
	}
	var blocks []slack.Block
	group := func(title string, os []models.OneToOne, line func(o models.OneToOne) string, btn func(o models.OneToOne) *slack.ButtonBlockElement) {
		if len(os) == 0 {
			return
		}
		blocks = append(blocks, section("*"+title+"*"))
		for i, o := range os {
			if i == perGroup {
				blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more.", len(os)-perGroup)))
				break
			}
			s := section(line(o))
			if btn != nil {
				if b := btn(o); b != nil {
					s.Accessory = slack.NewAccessory(b)
				}
			}
			blocks = append(blocks, s)
		}
	}
	group("Waiting for your answer", l.Waiting,
		func(o models.OneToOne) string {
			return fmt.Sprintf("%s asked you on %s", who(o), slackDay(catalog.English, o.RequestedAt, loc))
		},
		func(o models.OneToOne) *slack.ButtonBlockElement {
			return button("Pick a time", actPickTime, o.ID, slack.StylePrimary)
		})
	group("Requests you sent", l.Sent,
		func(o models.OneToOne) string {
			if o.PersonID != nil {
				return fmt.Sprintf("%s, not scheduled yet", who(o))
			}
			return fmt.Sprintf("%s, asked on %s", who(o), slackDay(catalog.English, o.RequestedAt, loc))
		},
		func(o models.OneToOne) *slack.ButtonBlockElement {
			if o.PersonID == nil {
				return nil
			}
			return button("Pick a time", actPickTime, o.ID, slack.StylePrimary)
		})
	group("Coming up", l.Upcoming,
		func(o models.OneToOne) string {
			s := fmt.Sprintf("%s with %s", slackDate(catalog.English, *o.ScheduledAt, loc), who(o))
			if o.Place != "" {
				s += " · " + esc(o.Place)
			}
			return s
		},
		func(o models.OneToOne) *slack.ButtonBlockElement {
			return button("Reschedule", actReschedule, o.ID, "")
		})
	group("Reflections to write", l.ToReflect,
		func(o models.OneToOne) string {
			at := o.HeldAt
			if at == nil {
				at = o.ScheduledAt
			}
			if at == nil {
				return "with " + who(o)
			}
			return fmt.Sprintf("with %s on %s", who(o), slackDay(catalog.English, *at, loc))
		},
		func(o models.OneToOne) *slack.ButtonBlockElement {
			return button("Reflect", actReflect, o.ID, slack.StylePrimary)
		})
	return blocks
}
