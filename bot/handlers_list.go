package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdList shows me my open requests, upcoming meetings and reflections to
// write, with the times in my timezone.
func (b *Bot) cmdList(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	os, err := b.store.OneToOnesFor(ctx, me, models.StatusRequested, models.StatusScheduled, models.StatusHeld)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, o := range os {
		if o.PersonID != nil {
			ids = append(ids, *o.PersonID)
		}
	}
	people, err := b.store.People(ctx, ids)
	if err != nil {
		return nil, err
	}
	return listView(sortList(os, me, b.now()), me, people, b.location(ctx, me)), nil
}
