package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// calendarNotes ask for each person's .ics file about o, after by set,
// moved or called off its time (models.KindCalendar). A one-to-one that
// never had a time is in nobody's calendar: it gets none.
func calendarNotes(o *models.OneToOne, by models.UserID) []models.Note {
	if o.ScheduledAt == nil {
		return nil
	}
	var notes []models.Note
	for _, u := range o.People() {
		notes = append(notes, models.Note{Kind: models.KindCalendar, To: u, By: by})
	}
	return notes
}

// outFile is a file to upload into a DM instead of a message.
type outFile struct {
	name, title, comment string
	content              []byte
}

// calendarEventFor is o's calendar event as to reads it, in l.
func (b *Bot) calendarEventFor(ctx context.Context, l catalog.Lang, o *models.OneToOne, to models.UserID) calendarEvent {
	var other string
	if o.PersonID != nil && to == o.RequesterID {
		other = o.PersonName
	} else if m, err := b.store.Member(ctx, o.Other(to)); err == nil {
		other = m.Name
	}
	team := b.teamFor(ctx)
	if m, err := b.store.Member(ctx, o.RequesterID); err == nil && m.TeamID != "" {
		team = m.TeamID
	}
	return calendarEventOf(l, o, other, team)
}

// composeCalendar renders to's .ics file about o as o now stands: the
// meeting, or its cancellation. Unlike the other messages that follow a
// change, a file is never overtaken by a later change: it always carries
// the newest state and SEQUENCE, so a late one updates the calendar to
// what stands (a change that sent no file of its own, like marking the
// meeting held, leaves the last one true), and one that repeats a newer
// file imports as the same event, unchanged. Only a one-to-one that lost
// its time (reopened after a missed meeting) has nothing to put there.
func (n *Notifier) composeCalendar(ctx context.Context, o *models.OneToOne, m *outgoing, l catalog.Lang) error {
	if o.ScheduledAt == nil || !o.Involves(m.to) {
		return skip("no meeting in %s's calendar (%s)", m.to, o.Status)
	}
	e := n.b.calendarEventFor(ctx, l, o, m.to)
	m.file = &outFile{
		name: fmt.Sprintf("onetoone-%s.ics", o.ID), title: e.Title,
		comment: calendarFileComment(l, e), content: icsFile(e),
	}
	m.text = m.file.comment
	return nil
}

// fileSlots are the limits an upload fits: Slack's files methods are
// Tier 3 or better, and the file lands in a channel like a message.
func (b *Bot) fileSlots(ch string) []slot {
	return []slot{{"files.upload", b.pacing.Open}, {"channel:" + ch, b.pacing.Channel}}
}

// upload sends m's file into m's DM, paced, with the same answers as post:
// a Slack refusal means it did not arrive; a broken call may have.
func (n *Notifier) upload(ctx context.Context, m *outgoing) error {
	ch := m.channel
	if ch == "" {
		var err error
		if ch, err = n.b.dmChannelVia(ctx, m.to, n.call); err != nil {
			if gone[slackErrCode(err)] {
				return skip("cannot open a DM with %s (%s)", m.to, slackErrCode(err))
			}
			return err
		}
	}
	f := m.file
	err := n.call(ctx, n.b.fileSlots(ch), func(ctx context.Context) error {
		_, err := n.b.api(ctx).UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(f.content), FileSize: len(f.content), Filename: f.name, Title: f.title,
			Channel: ch, InitialComment: f.comment,
		})
		n.b.metrics.slackCall("files.upload", err)
		return err
	})
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var waiting *waitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &waiting):
		return err
	case errors.As(err, &se) && gone[se.Err]:
		return skip("Slack cannot deliver to %s (%s)", m.to, se.Err)
	case errors.As(err, &se), errors.As(err, &rl):
		return fmt.Errorf("files.upload: %w", err)
	}
	return fmt.Errorf("files.upload: %w: %w", models.ErrMaybeSent, err)
}
