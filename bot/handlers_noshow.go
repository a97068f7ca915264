package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// actNoShow answers "It didn't happen" on a reflection prompt. Missed
// meetings are common and nobody's failure, so the one-to-one is not closed:
// it goes back to a request (models.MarkMissed) and both people get a way to
// pick a new time. The message clicked says what happened instead of
// offering a reflection; the other person, if they are in Slack, hears it
// without blame.
func (b *Bot) actNoShow(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	o, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	o, err = b.store.UpdateOneToOne(ctx, o.ID, func(o *models.OneToOne) error { return o.MarkMissed(me, b.now()) })
	if err != nil {
		return err
	}
	mine := msgRef{Channel: cb.Container.ChannelID, TS: cb.Container.MessageTs}
	text, blocks := missedView(o, me, true)
	b.update(ctx, mine.Channel, mine.TS, text, blocks)

	refs := map[models.UserID]msgRef{me: mine}
	// Someone outside Slack has nobody to tell: the organizer alone picks
	// the new time.
	if other := o.Other(me); other != "" {
		text, blocks = missedView(o, other, false)
		theirs, err := b.dm(ctx, other, text, blocks)
		if err != nil {
			if !b.unreached(ctx, me, other, err) {
				b.log.Warn("missed-meeting note not delivered", "one_to_one", o.ID, "user", other, "err", err)
			}
		} else {
			refs[other] = theirs
		}
	}
	// The newest messages are the live ones, as after scheduling.
	b.setRefs(ctx, o.ID, func(o *models.OneToOne) {
		if r, ok := refs[o.RequesterID]; ok && r.TS != "" {
			o.RequesterChannel, o.RequesterTS = r.Channel, r.TS
		}
		if r, ok := refs[o.InviteeID]; ok && r.TS != "" {
			o.InviteChannel, o.InviteTS = r.Channel, r.TS
		}
	})
	return nil
}
