package bot

import (
	"context"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// composeAction renders a message that follows what someone did
// (models.ActionKinds), sent at once by the bot or, after a crash, by the
// outbox job. It is news only while its change is the latest: once another
// change was made (the version moved on), that change's own messages say
// what stands, and this one is skipped. A message with buttons becomes the
// recipient's live message, whose buttons the next change retires; a note
// goes in the thread of the recipient's live message.
func (n *Notifier) composeAction(ctx context.Context, d models.Delivery, o *models.OneToOne, m *outgoing, l catalog.Lang, loc *time.Location) error {
	if d.Kind == models.KindCalendar {
		return n.composeCalendar(ctx, o, m, l) // never overtaken: see there
	}
	if v := models.WindowVersion(o); v != d.Window {
		return skip("a later change overtook it (%s, now %s)", d.Window, v)
	}
	to := m.to
	live := func(ctx context.Context, ref msgRef) { n.b.setLive(ctx, o.ID, to, ref) }
	inThread := func() {
		if ch, ts := o.LiveMessage(to); ts != "" {
			m.channel, m.thread = ch, ts
		}
	}
	switch {
	case d.Kind == models.KindInvitation && to == o.InviteeID:
		m.text, m.blocks = inviteProposedView(l, o, loc, n.b.now())
		m.after = live
	case d.Kind == models.KindRequestCopy && to == o.RequesterID:
		m.text, m.blocks = requesterCopyProposedView(l, o, loc)
		m.after = live
	case (d.Kind == models.KindScheduled || d.Kind == models.KindRescheduled) && o.Status == models.StatusScheduled && o.Involves(to):
		m.text, m.blocks = scheduledCalendarView(l, o, scheduledFor{Viewer: to, Loc: loc, Rescheduled: d.Kind == models.KindRescheduled, Reachable: n.b.reachable(ctx, to)}, n.b.calendarEventFor(ctx, l, o, to))
		m.after = live
	case d.Kind == models.KindMissed && o.Status == models.StatusRequested && o.Involves(to):
		m.text, m.blocks = missedView(l, o, to, false)
		m.after = live
	case d.Kind == models.KindDeclined && o.Status == models.StatusDeclined && to == o.RequesterID:
		m.text, m.blocks = declinedNote(l, o)
		inThread()
	case d.Kind == models.KindOptedOut && o.Status == models.StatusDeclined && to == o.RequesterID:
		m.text, m.blocks = optedOutNote(l, o)
		inThread()
	case d.Kind == models.KindCancelled && o.Status == models.StatusCancelled && to == o.Other(o.ClosedBy):
		m.text, m.blocks = cancelledNote(l, o, loc)
		inThread()
	default:
		return skip("%s is not for %s (%s)", d.Kind, to, o.Status)
	}
	return nil
}

// setLive records that ref is u's newest message about one-to-one id.
func (b *Bot) setLive(ctx context.Context, id models.OneToOneID, u models.UserID, ref msgRef) {
	if ref.TS == "" {
		return
	}
	if err := b.store.SetLiveMessage(ctx, id, u, ref.Channel, ref.TS); err != nil {
		b.log.Error("could not record message refs", "one_to_one", id, "err", err)
	}
}
