package bot

import (
	"context"
	"errors"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// actPickTime opens the schedule modal for either person: to pick a time
// for a request, or to move a scheduled meeting.
func (b *Bot) actPickTime(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	o, st, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	if !o.IsOpen() {
		return errStale
	}
	viewer := models.UserID(cb.User.ID)
	return b.openModal(ctx, cb.TriggerID, scheduleModal(b.langOf(ctx, viewer), o, viewer, b.now(), b.location(ctx, st, viewer)))
}

// submitSchedule saves the picked time and tells both people, each in
// their own timezone.
func (b *Bot) submitSchedule(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	o, st, err := b.oneToOneOf(ctx, cb.View.PrivateMetadata, cb.User.ID)
	if err != nil {
		return nil, err
	}
	at, dur, place, err := scheduleInput(cb)
	if err != nil {
		return nil, err
	}
	actor := models.UserID(cb.User.ID)
	o, notes, err := st.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
		kind := models.KindScheduled
		if o.Status == models.StatusScheduled {
			kind = models.KindRescheduled
		}
		if err := o.Schedule(at, dur, place, b.now()); err != nil {
			return nil, err
		}
		return scheduleNotes(o, kind, actor), nil
	})
	if err != nil {
		return nil, err
	}
	if len(notes) > 0 { // none when this time was set already: a form submitted twice
		b.background(ctx, "announce-schedule", func(ctx context.Context) { b.announceSchedule(ctx, o, notes) })
	}
	return nil, nil
}

// scheduleNotes give each person of o the time, place and buttons to move
// or cancel: actor, who picked it, in answer, and the other person.
func scheduleNotes(o *models.OneToOne, kind string, actor models.UserID) []models.Note {
	var notes []models.Note
	for _, u := range o.People() {
		notes = append(notes, models.Note{Kind: kind, To: u, By: actor})
	}
	return notes
}

// announceSchedule retires the old buttons and sends the schedule's notes,
// stored with it; the newest messages become the live ones, whose buttons
// the next change retires and in whose threads later notes go. If the
// other person asked not to be contacted, the one who picked the time hears
// why.
func (b *Bot) announceSchedule(ctx context.Context, o *models.OneToOne, notes []models.Note) {
	b.retireButtons(ctx, o)
	b.followTelling(ctx, o, notes...)
	b.refreshHome(ctx, o.RequesterID, o.InviteeID)
}

// actNotNow opens the small form where the invitee may add a word.
func (b *Bot) actNotNow(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	o, _, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	if o.Status != models.StatusRequested || models.UserID(cb.User.ID) != o.InviteeID {
		return errStale
	}
	return b.openModal(ctx, cb.TriggerID, declineModal(b.langOf(ctx, o.InviteeID), o, b.reachable(ctx, o.RequesterID)))
}

// submitDecline closes the request and tells the requester kindly.
func (b *Bot) submitDecline(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	o, st, err := b.oneToOneOf(ctx, cb.View.PrivateMetadata, cb.User.ID)
	if err != nil {
		return nil, err
	}
	reason := stateOf(cb, "reason").Value
	o, notes, err := st.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
		if err := o.Decline(models.UserID(cb.User.ID), reason, b.now()); err != nil {
			return nil, err
		}
		return []models.Note{{Kind: models.KindDeclined, To: o.RequesterID, By: o.InviteeID}}, nil
	})
	if err != nil {
		if fe := asError(err); fe.Code == models.EINVALID {
			return nil, &models.FieldError{Field: "reason", Err: fe}
		}
		return nil, err
	}
	b.background(ctx, "announce-decline", func(ctx context.Context) { b.announceClosed(ctx, o, notes) })
	return nil, nil
}

// actCancel opens the small form where either person confirms they are
// cancelling, with an optional word for the other.
func (b *Bot) actCancel(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	o, _, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	if !o.IsOpen() {
		return errStale
	}
	me := models.UserID(cb.User.ID)
	return b.openModal(ctx, cb.TriggerID, cancelModal(b.langOf(ctx, me), o, me, b.reachable(ctx, o.Other(me))))
}

// submitCancel cancels the one-to-one and tells the other person, with the
// word they were given, if any.
func (b *Bot) submitCancel(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	o, st, err := b.oneToOneOf(ctx, cb.View.PrivateMetadata, cb.User.ID)
	if err != nil {
		return nil, err
	}
	reason := stateOf(cb, "reason").Value
	me := models.UserID(cb.User.ID)
	o, notes, err := st.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
		if err := o.Cancel(me, reason, b.now()); err != nil {
			return nil, err
		}
		// Someone outside Slack has nobody to tell (the store drops it).
		return []models.Note{{Kind: models.KindCancelled, To: o.Other(me), By: me}}, nil
	})
	if err != nil {
		if fe := asError(err); fe.Code == models.EINVALID {
			return nil, &models.FieldError{Field: "reason", Err: fe}
		}
		return nil, err
	}
	b.background(ctx, "announce-cancel", func(ctx context.Context) { b.announceClosed(ctx, o, notes) })
	return nil, nil
}

// retireButtons replaces each person's live message about o with what
// happened, so its buttons can't be pressed again.
func (b *Bot) retireButtons(ctx context.Context, o *models.OneToOne) {
	for _, u := range o.People() {
		ch, ts := o.LiveMessage(u)
		text, blocks := closedView(b.langOf(ctx, u), o, u, b.peekLocation(ctx, b.storeOf(o), u))
		b.update(ctx, ch, ts, text, blocks)
	}
}

// announceClosed retires both people's buttons and sends the note to the
// other person, stored with the change; if they asked not to be contacted,
// the person who closed it hears why.
func (b *Bot) announceClosed(ctx context.Context, o *models.OneToOne, notes []models.Note) {
	b.refreshHome(ctx, o.RequesterID, o.InviteeID)
	b.retireButtons(ctx, o)
	b.followTelling(ctx, o, notes...)
}

// nudgeEvery limits the requester's manual reminders to one a day, so a
// request never turns into pressure.
const nudgeEvery = 24 * time.Hour

// actNudge sends the invitee a gentle reminder of an open request, unless
// they asked not to be contacted: then the requester hears so, kindly,
// even when the opt-out already closed the request.
func (b *Bot) actNudge(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	o, st, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	if models.UserID(cb.User.ID) != o.RequesterID || o.InviteeID == "" {
		return errStale
	}
	l := b.langOf(ctx, o.RequesterID)
	if err := b.store.MayContact(ctx, o.InviteeID); err != nil {
		if errors.Is(err, models.ErrNoContact) {
			b.tell(ctx, cb, noReminders(l, o.InviteeID))
			return nil
		}
		return err
	}
	if o.Status != models.StatusRequested {
		return errStale
	}
	window := b.now().Truncate(nudgeEvery).Format("2006-01-02")
	got, note, err := b.spendReminder(ctx, st, l, o, window)
	switch {
	case err != nil:
		return err
	case got == models.AlreadySent:
		b.tell(ctx, cb, catalog.T(l, "nudge.already_today", nil))
		return nil
	case got == models.OverBudget:
		b.tell(ctx, cb, note)
		return nil
	}
	text, blocks := nudgeInviteeView(b.langOf(ctx, o.InviteeID), o)
	switch err := b.threadReply(ctx, o.InviteeID, o.InviteChannel, o.InviteTS, text, blocks); {
	case errors.Is(err, models.ErrNoContact):
		b.tell(ctx, cb, noReminders(l, o.InviteeID)) // they opted out a moment ago
		return nil
	case err != nil:
		b.tell(ctx, cb, b.reminderFailed(ctx, l, o, window, err))
		return nil
	}
	b.tell(ctx, cb, catalog.T(l, "nudge.sent", personData(mention(string(o.InviteeID)))))
	return nil
}
