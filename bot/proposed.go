package bot

import (
	"context"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// proposedInModal reads the request form's time pickers: the times
// proposed, checked (models.ProposeTimes), or the error to show beside the
// first picker.
func (b *Bot) proposedInModal(cb *slack.InteractionCallback) (models.ProposedTimes, error) {
	var times []time.Time
	for _, id := range proposedBlocks {
		if sec := stateOf(cb, id).SelectedDateTime; sec > 0 {
			times = append(times, time.Unix(sec, 0))
		}
	}
	p, err := models.ProposeTimes(times, b.now())
	if err != nil {
		return nil, &models.FieldError{Field: proposedBlocks[0], Err: asError(err)}
	}
	return p, nil
}

// actPickProposed sets the meeting at the proposed time the invitee
// clicked, for the length the request has, and tells both people, with
// their calendar offers. A second click, or the same click seen by two
// replicas, finds the time already set and changes nothing; a time that
// has passed, or a request that moved on, is answered privately.
func (b *Bot) actPickProposed(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	raw, at, ok := parseProposedValue(act.Value)
	if !ok {
		return errStale
	}
	o, st, err := b.oneToOneOf(ctx, raw, cb.User.ID)
	if err != nil {
		return err
	}
	me := models.UserID(cb.User.ID)
	if me != o.InviteeID || !o.Proposed.Has(at) {
		return errStale
	}
	if !at.After(b.now()) {
		l := b.langOf(ctx, me)
		b.tell(ctx, cb, catalog.T(l, "proposed.passed", nil))
		// Redraw the invitation without the times that have passed, so
		// what it offers is what can still be chosen.
		if o.Status == models.StatusRequested && cb.Message.Timestamp != "" {
			text, blocks := inviteProposedView(l, o, b.location(ctx, st, me), b.now())
			b.background(ctx, "redraw-invitation", func(ctx context.Context) { b.update(ctx, cb.Channel.ID, cb.Message.Timestamp, text, blocks) })
		}
		return nil
	}
	o, notes, err := st.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
		if o.Status == models.StatusScheduled && o.ScheduledAt != nil && o.ScheduledAt.Equal(at) {
			return nil, models.ErrUnchanged
		}
		if o.Status != models.StatusRequested {
			return nil, errStale
		}
		if err := o.Schedule(at, o.Duration(), o.Place, b.now()); err != nil {
			return nil, err
		}
		return scheduleNotes(o, models.KindScheduled, me), nil
	})
	if err != nil {
		return err
	}
	if len(notes) > 0 {
		b.background(ctx, "announce-schedule", func(ctx context.Context) { b.announceSchedule(ctx, o, notes) })
	}
	return nil
}

// createRequestProposing is createRequest for a request that proposes
// times: they are stored with it, so the invitation shows them.
func (b *Bot) createRequestProposing(ctx context.Context, st *models.Store, requester, invitee models.UserID, message string, proposed models.ProposedTimes) (o *models.OneToOne, early *reply, err error) {
	return b.createRequestWith(ctx, st, requester, invitee, message, func(o *models.OneToOne) { o.Proposed = proposed })
}
