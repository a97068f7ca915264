package scheduler

import (
	"context"

	"github.com/onetoone/onetoone/models"
)

// The outbox (models/outbox.go) holds the messages that follow what someone
// did, stored with the change itself. The process that made the change
// sends them at once through SendNow; the outbox job sends what a crash
// left behind: deliveries still pending after models.OutboxGrace, and
// claims that outlived their lease, which the kind's policy sends again or
// gives up. Either way a message goes through handle, as every scheduled
// message does: one claim, the consent rule, the policies.

// leftBehind is the outbox job's planning: there is none, the changes
// queued their messages themselves.
func leftBehind(context.Context, *pass) error { return nil }

// SendNow sends, in order and at once, deliveries that a change just stored
// with it (by their key; see models.Note.Delivery), for the process that
// made the change. It returns, for each, nil once Slack has it or when
// another worker has it already, or why it did not go: an error wrapping
// models.ErrNoContact when its recipient asked not to be contacted,
// models.ErrSkip when it no longer makes sense, or the send's or the
// database's error, after which the outbox job tries again as the kind's
// policy says.
//
// The notifier paces the sends as ctx says: a bot's context for someone
// waiting spends the budget without waiting for it.
func (s *Scheduler) SendNow(ctx context.Context, ds ...models.Delivery) []error {
	errs := make([]error, len(ds))
	p := s.newPass("outbox", s.now())
	for i, d := range ds {
		c, err := s.store.ClaimNow(ctx, d, p.clock(), s.cfg.Worker, s.cfg.Lease)
		if err != nil {
			errs[i] = err // still pending: the outbox job sends it after the grace
			continue
		}
		if c == nil {
			continue // another worker has it, or it went already
		}
		p.report = func(_ models.Delivery, err error) { errs[i] = err }
		if err := s.handle(ctx, p, *c, false); err != nil {
			s.log.Error("could not record a send", "kind", d.Kind, "subject", d.Subject, "err", err)
		}
	}
	return errs
}

// heard passes how a send went to whoever asked for it at once.
func (p *pass) heard(d models.Delivery, err error) {
	if p.report != nil {
		p.report(d, err)
	}
}
