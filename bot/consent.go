package bot

import (
	"context"
	"errors"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// Who the bot may message is models.MayContact's to say, once. Here is
// what the bot says to the people on the other side: whoever meant to
// reach someone who asked not to be contacted is told so, kindly.

// noRequests refuses a request to someone who asked not to be contacted.
func noRequests(who models.UserID, cause error) error {
	e := userError(models.EINVALID, "consent.no_requests", personData(mention(string(who))))
	e.Err = cause
	return e
}

// noReminders answers Remind them, in l, when the person asked not to be
// contacted.
func noReminders(l catalog.Lang, who models.UserID) string {
	return catalog.T(l, "consent.no_reminders", personData(mention(string(who))))
}

// unreached tells actor, kindly, that what they just did was not passed on
// to `to`, when err is MayContact's refusal, and reports whether it was.
func (b *Bot) unreached(ctx context.Context, actor, to models.UserID, err error) bool {
	if !errors.Is(err, models.ErrNoContact) {
		return false
	}
	text := catalog.T(b.langOf(ctx, actor), "consent.unreached", personData(mention(string(to))))
	if _, err := b.dmAnswer(ctx, actor, text, nil); err != nil {
		b.log.Warn("could not tell the user", "user", actor, "err", err)
	}
	return true
}

// reachable reports whether the bot may message u about what they did not
// just ask for, for views that say what will follow. When the store cannot
// tell, it answers yes: every sending path asks again, and refuses then.
func (b *Bot) reachable(ctx context.Context, u models.UserID) bool {
	err := b.store.MayContact(ctx, u)
	if err != nil && !errors.Is(err, models.ErrNoContact) {
		b.log.Warn("could not check consent", "user", u, "err", err)
	}
	return !errors.Is(err, models.ErrNoContact)
}

// announceOptOut follows up the requests an opt-out closed: their buttons
// are retired, and each organizer hears why in the thread of their
// request, from the note the opt-out stored (models.OptedOutNote). A request
// the person sent themselves (cancelled by them) is withdrawn in place: the
// invitation now says so, and nothing new is sent.
func (b *Bot) announceOptOut(ctx context.Context, closed []models.OneToOne) {
	for i := range closed {
		o := &closed[i]
		if o.ClosedBy == o.RequesterID {
			ch, ts := o.LiveMessage(o.RequesterID)
			text, blocks := closedView(b.langOf(ctx, o.RequesterID), o, o.RequesterID, b.peekLocation(ctx, b.store.In(o.GroupID), o.RequesterID))
			b.update(ctx, ch, ts, text, blocks)
			ch, ts = o.LiveMessage(o.InviteeID)
			text, blocks = withdrawnView(b.langOf(ctx, o.InviteeID), o)
			b.update(ctx, ch, ts, text, blocks)
			b.refreshHome(ctx, o.RequesterID, o.InviteeID)
			continue
		}
		b.retireButtons(ctx, o)
		if err := b.follow(ctx, o, models.OptedOutNote(o))[0]; err != nil {
			b.log.Warn("opt-out note not sent at once", "one_to_one", o.ID, "err", err)
		}
		b.refreshHome(ctx, o.RequesterID, o.InviteeID)
	}
}
