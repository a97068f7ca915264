package scheduler

import (
	"context"
	"time"

	"github.com/onetoone/onetoone/models"
)

// Notifier delivers one scheduled message. The bot satisfies it; tests use a
// hand-written fake.
type Notifier interface {
	// Send renders and sends d to d.Recipient, after checking it still
	// makes sense (the meeting is still on, the request still open). It
	// returns nil once Slack has the message; an error wrapping ErrSkip
	// when the message no longer makes sense; an error wrapping
	// ErrMaybeSent when it failed after the message may already have
	// reached Slack; any other error when nothing was sent.
	Send(ctx context.Context, d models.Delivery) error
	// Location is the recipient's timezone, for humane hours. It must not
	// fail: a notifier that cannot tell returns the workspace default.
	Location(ctx context.Context, recipient string) *time.Location
}

// Waiter is implemented by notifiers that pace their sends. The scheduler
// calls Ready before it claims each delivery and claims once it returns, so
// the wait for a slot is not spent holding a claim: a process that dies
// meanwhile leaves the delivery pending, not in doubt (see policies).
type Waiter interface {
	Ready(ctx context.Context) error
}

// Previewer is implemented by notifiers that can render a message without
// sending it, so `run-job --dry-run` shows what would be said.
type Previewer interface {
	Preview(ctx context.Context, d models.Delivery) (string, error)
}

// Withholder is implemented by notifiers that have silent work to do when
// a message is withheld because its recipient asked not to be contacted:
// the bot retires an expired request's buttons, so the person asked sees
// it closed although the requester's note may not go. The scheduler calls
// Withheld once, just before it marks the delivery skipped; Withheld must
// send nobody a message, and logs its own failures.
type Withholder interface {
	Withheld(ctx context.Context, d models.Delivery)
}

// The notifier's sentinels live in models so the bot can return them
// without importing the scheduler; these names are the scheduler's contract.
var (
	// ErrSkip: the message no longer makes sense; it is marked skipped.
	ErrSkip = models.ErrSkip
	// ErrMaybeSent: the message may have reached Slack before the error.
	ErrMaybeSent = models.ErrMaybeSent
)
