package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// planOutside starts a one-to-one with someone outside Slack ("Maria
// Lopez"): nobody to invite, so the organizer picks the time at once, and
// schedules and reflects alone. An open one-to-one with them is the one the
// modal schedules; otherwise nothing is stored until the modal is
// submitted, so a modal closed unsent leaves nothing behind.
func (b *Bot) planOutside(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if len(c.Names)+len(c.Users)+len(c.Bare) > 1 {
		return nil, userError(models.EINVALID, "error.one_at_a_time", nil)
	}
	me := models.UserID(cmd.UserID)
	name, err := models.CleanName(c.Names[0])
	if err != nil {
		return nil, err
	}
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	p, err := st.PersonNamed(ctx, me, name)
	if err != nil {
		return nil, err
	}
	if p != nil {
		o, err := st.OpenWithPerson(ctx, me, p.ID)
		if err != nil {
			return nil, err
		}
		if o != nil {
			return modalReply(scheduleModal(b.langOf(ctx, me), o, me, b.now(), b.location(ctx, st, me))), nil
		}
		name = p.Name // the spelling they were first stored under
	}
	// Checked now, so the modal never carries a note it would refuse.
	if _, err := models.NewPlanned(me, &models.Person{Name: name}, c.Rest, b.now()); err != nil {
		return nil, err
	}
	return modalReply(plannedModal(b.langOf(ctx, me), me, plannedMeeting{Person: name, Note: c.Rest}, b.now(), b.location(ctx, st, me))), nil
}

// submitPlanned stores the one-to-one with someone outside Slack, already
// scheduled, when its modal is submitted: a time Schedule refuses keeps
// the modal open and stores nothing.
func (b *Bot) submitPlanned(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	p, ok := decodePlanned(cb.View.PrivateMetadata)
	if !ok {
		return nil, errStale
	}
	me := models.UserID(cb.User.ID)
	at, dur, place, err := scheduleInput(cb)
	if err != nil {
		return nil, err
	}
	o, err := models.NewPlanned(me, &models.Person{Name: p.Person}, p.Note, b.now())
	if err != nil {
		return nil, err
	}
	if err := o.Schedule(at, dur, place, b.now()); err != nil {
		return nil, err
	}
	notes := scheduleNotes(o, models.KindScheduled, me)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	if err := st.CreatePlanned(ctx, o, p.Person, notes...); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			return nil, &models.FieldError{Field: "when", Err: asError(err)}
		}
		return nil, err
	}
	b.background(ctx, "announce-schedule", func(ctx context.Context) { b.announceSchedule(ctx, o, notes) })
	return nil, nil
}

// scheduleInput reads the time, length and place picked in a schedule
// modal.
func scheduleInput(cb *slack.InteractionCallback) (at time.Time, dur time.Duration, place string, err error) {
	when := stateOf(cb, "when").SelectedDateTime
	if when == 0 {
		return at, dur, "", &models.FieldError{Field: "when", Err: userError(models.EINVALID, "error.pick_date_time", nil)}
	}
	mins, err := strconv.Atoi(stateOf(cb, "duration").SelectedOption.Value)
	if err != nil {
		return at, dur, "", &models.FieldError{Field: "duration", Err: userError(models.EINVALID, "error.pick_duration", nil)}
	}
	return time.Unix(when, 0), time.Duration(mins) * time.Minute, stateOf(cb, "place").Value, nil
}
