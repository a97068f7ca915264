package bot

import (
	"context"
	"errors"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// logOpen points a `log` at the one-to-one with the same person that is
// still asked for or scheduled, when there is one the organizer may
// reflect on: saving the log then records that one as held, instead of a
// second record of the same meeting. Only st's group's count.
func (b *Bot) logOpen(ctx context.Context, st *models.Store, me models.UserID, t *reflectTarget) error {
	var open []*models.OneToOne
	if t.Invitee != "" {
		them := models.UserID(t.Invitee)
		for _, pair := range [][2]models.UserID{{me, them}, {them, me}} {
			o, err := st.OpenBetween(ctx, pair[0], pair[1])
			if err != nil {
				return err
			}
			if o != nil {
				open = append(open, o)
			}
		}
	} else {
		p, err := st.PersonNamed(ctx, me, t.Person)
		if err != nil || p == nil {
			return err
		}
		o, err := st.OpenWithPerson(ctx, me, p.ID)
		if err != nil {
			return err
		}
		if o != nil {
			open = append(open, o)
		}
	}
	for _, o := range open {
		if mayReflect(o, me, b.now()) {
			t.ID, t.Open, t.Scheduled = o.ID, true, o.ScheduledAt
			if o.PersonName != "" {
				t.Person = o.PersonName
			}
			return nil
		}
	}
	return nil
}

// mayReflect asks the one-to-one's own rules (Reflect), on a copy, whether
// by may reflect on it now.
func mayReflect(o *models.OneToOne, by models.UserID, now time.Time) bool {
	c := *o
	return c.Reflect(by, now) == nil
}

// submitLogOpen saves a log of an open one-to-one: held on the day picked,
// with the reflection. Both people's messages about it lose their buttons.
// st is scoped to the one-to-one's group.
func (b *Bot) submitLogOpen(ctx context.Context, st *models.Store, cb *slack.InteractionCallback, t reflectTarget, r *models.Reflection, leads []string) (*slack.ViewSubmissionResponse, error) {
	met, err := metOn(cb, b.now(), b.location(ctx, st, r.AuthorID))
	if err != nil {
		return nil, err
	}
	o, err := st.LogHeld(ctx, t.ID, met, r)
	if err != nil {
		var fe *models.FieldError
		if !errors.As(err, &fe) && models.ErrorCode(err) == models.EINVALID {
			return nil, &models.FieldError{Field: "met_on", Err: asError(err)}
		}
		return nil, err
	}
	b.background(ctx, "announce-held", func(ctx context.Context) {
		b.retireButtons(ctx, o)
		b.refreshHome(ctx, o.RequesterID, o.InviteeID)
	})
	return slack.NewUpdateViewSubmissionResponse(ptr(reflectionSavedView(b.langOf(ctx, r.AuthorID), t, leads))), nil
}

// metOn reads the day a logged one-to-one took place: today means now, an
// earlier day its noon where the organizer is.
func metOn(cb *slack.InteractionCallback, now time.Time, loc *time.Location) (time.Time, error) {
	today := dayOf(now, loc)
	met := today
	if d := stateOf(cb, "met_on").SelectedDate; d != "" {
		day, err := time.ParseInLocation("2006-01-02", d, loc)
		if err != nil {
			return time.Time{}, &models.FieldError{Field: "met_on", Err: userError(models.EINVALID, "error.pick_met_on", nil)}
		}
		met = day
	}
	if y, m, d := met.Date(); y == today.Year() && m == today.Month() && d == today.Day() {
		return now, nil // met today: now is as good a time as any
	}
	return time.Date(met.Year(), met.Month(), met.Day(), 12, 0, 0, 0, loc), nil
}
