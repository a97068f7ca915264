package bot

import (
	"context"
	"sort"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdList shows me my open requests, upcoming meetings and reflections to
// write, with the times in my timezone.
func (b *Bot) cmdList(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	l, people, err := b.myList(ctx, st, me)
	if err != nil {
		return nil, err
	}
	r := listView(b.langOf(ctx, me), l, me, people, b.location(ctx, st, me))
	waiting, err := st.Waiting(ctx, me)
	if err != nil {
		return nil, err
	}
	if waiting > 0 {
		r.Blocks = append(r.Blocks, waitingLine(b.langOf(ctx, me), waiting))
	}
	return r, nil
}

// myList loads my open one-to-ones and the met ones awaiting my own
// reflection, filed into the list's groups, with the names of people
// outside Slack among them, in st's group.
func (b *Bot) myList(ctx context.Context, st *models.Store, me models.UserID) (myList, map[models.PersonID]models.Person, error) {
	os, err := st.OneToOnesFor(ctx, me, models.StatusRequested, models.StatusScheduled)
	if err != nil {
		return myList{}, nil, err
	}
	met, err := st.AwaitingReflection(ctx, me, b.now())
	if err != nil {
		return myList{}, nil, err
	}
	os = append(os, met...)
	// Both come soonest first; merged, they keep that order.
	sort.SliceStable(os, func(i, j int) bool {
		a, b := os[i].ListTime(), os[j].ListTime()
		return a.Before(b) || (a.Equal(b) && os[i].ID < os[j].ID)
	})
	var ids []models.PersonID
	for _, o := range os {
		if o.PersonID != nil {
			ids = append(ids, *o.PersonID)
		}
	}
	people, err := st.People(ctx, ids)
	if err != nil {
		return myList{}, nil, err
	}
	return sortList(os, me, b.now()), people, nil
}
