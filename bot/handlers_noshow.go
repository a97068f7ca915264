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
	o, st, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	o, notes, err := st.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
		if err := o.MarkMissed(me, b.now()); err != nil {
			return nil, err
		}
		// Someone outside Slack has nobody to tell (the store drops it):
		// the organizer alone picks the new time.
		return []models.Note{{Kind: models.KindMissed, To: o.Other(me), By: me}}, nil
	})
	if err != nil {
		return err
	}
	// The message clicked becomes the live one, as after scheduling; the
	// other person's note becomes theirs once sent.
	mine := msgRef{Channel: cb.Container.ChannelID, TS: cb.Container.MessageTs}
	text, blocks := missedView(b.langOf(ctx, me), o, me, true)
	b.update(ctx, mine.Channel, mine.TS, text, blocks)
	b.setLive(ctx, o.ID, me, mine)
	b.followTelling(ctx, o, notes...)
	return nil
}
