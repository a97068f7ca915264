package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/onetoone/onetoone/models"
)

// policy is the side a kind takes when a send is interrupted (a crash, a
// timeout, a shutdown mid-call) and nobody can tell whether Slack got the
// message. Outside that moment every kind is sent exactly once: the unique
// key queues it once and the claim hands it to one worker at a time.
type policy int

const (
	// atLeastOnce sends again: a rare second copy beats none.
	atLeastOnce policy = iota
	// atMostOnce gives up: none beats a second copy.
	atMostOnce
)

// policies says, for each kind, which side it takes and why. A claim that
// outlived its lease, or a send that failed with ErrMaybeSent, counts as
// "may have been sent".
var policies = map[string]policy{
	// A reminder that never arrives defeats being reminded, and a second
	// copy before a meeting is harmless (the notifier drops it once the
	// meeting has started).
	models.KindReminder:        atLeastOnce,
	models.KindReminderInvitee: atLeastOnce,
	// The prompt to reflect is the habit the product exists for.
	models.KindReflectionPrompt: atLeastOnce,
	// The gentle reminder to reflect is pressure: sent twice it nags, and
	// losing it costs little, since the prompt already went.
	models.KindReflectionReminder: atMostOnce,
	// Nudges are promised never twice for the same request and window:
	// a repeated nudge reads as pushing someone who hasn't answered.
	models.KindNudgeRequester: atMostOnce,
	models.KindNudgeInvitee:   atMostOnce,
	// The reflection's author asked to be reminded to follow up.
	models.KindFollowUp: atLeastOnce,
	// A digest posted twice shows twice to the whole channel; a missed one
	// is back next week.
	models.KindDigest: atMostOnce,
	// The expiry note is the requester's only word that the request closed.
	models.KindExpired: atLeastOnce,

	// The messages that follow what someone did (models.ActionKinds) are
	// promises: the person acting was told it is done. A second copy of
	// any of them repeats news, harmlessly; a lost one leaves someone
	// waiting on a message that never comes.
	//
	// A lost invitation leaves a request its invitee never saw, which the
	// organizer can't send again; a lost copy leaves the organizer without
	// its buttons.
	models.KindInvitation:  atLeastOnce,
	models.KindRequestCopy: atLeastOnce,
	// "Your one-to-one is set" (or moved) is the only word of the time for
	// whoever did not pick it.
	models.KindScheduled:   atLeastOnce,
	models.KindRescheduled: atLeastOnce,
	// Declines, cancellations and closings by opt-out are the other
	// person's only word that it is off.
	models.KindDeclined:  atLeastOnce,
	models.KindCancelled: atLeastOnce,
	models.KindOptedOut:  atLeastOnce,
	// The missed-meeting note carries the other person's buttons to pick
	// a new time.
	models.KindMissed: atLeastOnce,
	// A calendar file carries a stable UID and the one-to-one's version as
	// SEQUENCE, and always the meeting as it now stands: a second copy
	// imports as the same event, unchanged, while a lost one leaves a
	// calendar showing an old time, or a meeting that is off.
	models.KindCalendar: atLeastOnce,
	// A reply passed on is someone's own words, and they were told it
	// went: lost, it leaves the other person not knowing they were
	// answered; a rare second copy reads as a glitch, not as pressure.
	// Its key (the Slack message's ts) queues it once however often Slack
	// sends the event, to however many replicas.
	models.KindRelay: atLeastOnce,
	// The assignment DM is the organizer's only word that someone was
	// handed to them, with the buttons to act on it: lost, the person
	// waits on nobody; a rare second copy repeats news, harmlessly.
	models.KindAssignment: atLeastOnce,
	// A welcome is a courtesy nobody asked for: sent twice it reads as
	// a machine that doesn't know them; lost, it costs a hello.
	models.KindWelcome: atMostOnce,
}

// Retries after a failed send: a minute, then doubling, five attempts in
// all before the delivery is marked failed.
const (
	maxAttempts  = 5
	firstBackoff = time.Minute
	maxBackoff   = time.Hour
	// settleTimeout bounds the database write that records an outcome,
	// which must happen even when the job's context was just cancelled.
	settleTimeout = 10 * time.Second
)

// noContact is why a delivery to someone who opted out, or was forgotten
// at their request, is skipped (models.MayContact).
const noContact = "the recipient asked not to be contacted"

// mayContact is models.MayContact for d's recipient, but for a message to
// the person whose action it follows: that is their answer, which consent
// never stops.
func (s *Scheduler) mayContact(ctx context.Context, d models.Delivery) error {
	if d.Actor == d.Recipient {
		return nil
	}
	return s.store.MayContact(ctx, models.UserID(d.Recipient))
}

func backoff(attempts int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// busyRetry is how long a message for a busy workspace (models.ErrBusy)
// waits before it is tried again.
const busyRetry = 10 * time.Second

// deliver claims due deliveries of kinds one at a time and settles each,
// until none is due or the scheduler stops. One claim per message keeps a
// claim meaning "a send may be in flight": a crash can leave at most one
// delivery per worker in doubt. A paced notifier (Waiter) is waited for
// before the claim, so that one is in doubt only while it is composed and
// sent, not while it waits for a rate-limit slot.
func (s *Scheduler) deliver(ctx context.Context, p *pass, kinds []string) error {
	if s.cfg.DryRun != nil {
		return s.preview(ctx, p, kinds)
	}
	waiter, _ := s.notifier.(Waiter)
	for {
		if s.interrupted(ctx) != nil {
			return nil
		}
		if waiter != nil {
			if err := waiter.Ready(ctx); err != nil {
				return nil // cancelled: nothing claimed
			}
		}
		d, recovered, err := s.store.ClaimDue(ctx, p.clock(), s.cfg.Worker, s.cfg.Lease, kinds)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if d == nil {
			return nil
		}
		if err := s.handle(ctx, p, *d, recovered); err != nil {
			return err
		}
	}
}

// handle sends one claimed delivery and records how it went.
func (s *Scheduler) handle(ctx context.Context, p *pass, d models.Delivery, recovered bool) error {
	p = p.forDelivery(ctx, d) // its group's hours and budget
	pol := policies[d.Kind]
	now := p.clock()
	if recovered && pol == atMostOnce {
		return s.settle(ctx, p, d, models.DeliveryFailed, "interrupted mid-send; not retried: this kind is sent at most once", now)
	}
	// A channel's digest keeps its own hour; people's messages wait for
	// their morning, and none goes to someone who asked not to be
	// contacted, whatever the notifier. A message that follows what
	// someone did goes at once, at any hour, as an answer would; one to
	// the person who did it is their answer, which consent never stops.
	if d.Kind != models.KindDigest {
		switch err := s.mayContact(ctx, d); {
		case errors.Is(err, models.ErrNoContact):
			p.heard(d, err)
			s.withhold(ctx, d)
			return s.settle(ctx, p, d, models.DeliverySkipped, noContact, now)
		case err != nil:
			return s.retry(ctx, p, d, now.Add(backoff(d.Attempts)), err.Error(), false)
		}
		if models.WaitsForDaytime(d.Kind) {
			if loc := p.loc(ctx, d.Recipient); !p.cfg.Hours.Contains(now, loc) {
				return s.retry(ctx, p, d, p.cfg.Hours.Next(now, loc), "waiting for the recipient's morning ("+loc.String()+")", false)
			}
		}
	}
	// Messages nobody asked for keep to the recipient's weekly budget.
	if models.Unasked(d.Kind) {
		if ok, err := s.spend(ctx, p, d, now); !ok {
			return err
		}
	}
	// A send must end well inside its lease, or another worker could take
	// the delivery over while it is still on its way.
	sctx, cancel := context.WithTimeout(ctx, s.cfg.Lease*4/5)
	err := s.send(sctx, d)
	cancel()
	p.heard(d, err)
	maybe := errors.Is(err, ErrMaybeSent)
	switch {
	case err == nil:
		return s.settle(ctx, p, d, models.DeliverySent, "", p.clock())
	case errors.Is(err, ErrSkip):
		return s.settle(ctx, p, d, models.DeliverySkipped, err.Error(), now)
	case errors.Is(err, models.ErrBusy):
		return s.retry(ctx, p, d, now.Add(busyRetry), err.Error(), false)
	case maybe && pol == atMostOnce:
		return s.settle(ctx, p, d, models.DeliveryFailed, "may have been sent; not retried: this kind is sent at most once: "+err.Error(), now)
	case ctx.Err() != nil:
		// Shutting down: try again on the next run. A send cut short
		// before reaching Slack does not count as an attempt.
		return s.retry(ctx, p, d, now, "interrupted: "+err.Error(), maybe)
	case d.Attempts >= maxAttempts:
		return s.settle(ctx, p, d, models.DeliveryFailed, fmt.Sprintf("gave up after %d attempts: %v", d.Attempts, err), now)
	default:
		s.log.Warn("send failed; will retry", "job", p.job, "kind", d.Kind, "subject", d.Subject, "recipient", d.Recipient, "attempt", d.Attempts, "err", err)
		return s.retry(ctx, p, d, now.Add(backoff(d.Attempts)), err.Error(), true)
	}
}

// withhold lets a Withholder do the silent part of a message it may not
// send, within the time a send would have.
func (s *Scheduler) withhold(ctx context.Context, d models.Delivery) {
	w, ok := s.notifier.(Withholder)
	if !ok {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, s.cfg.Lease*4/5)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("notifier panicked withholding a message", "kind", d.Kind, "subject", d.Subject, "panic", r)
		}
	}()
	w.Withheld(wctx, d)
}

// send hands d to the notifier. A panic is one more failed attempt, so a
// message that always crashes the notifier ends failed instead of being
// retried after every lease.
func (s *Scheduler) send(ctx context.Context, d models.Delivery) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("notifier panicked: %v", r)
		}
	}()
	return s.notifier.Send(ctx, d)
}

// settle records a final outcome. Losing the claim meanwhile (another
// worker took over after the lease) is logged, not fatal: that worker now
// answers for the delivery.
func (s *Scheduler) settle(ctx context.Context, p *pass, d models.Delivery, state, note string, at time.Time) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	err := s.store.FinishDelivery(wctx, d.ID, s.cfg.Worker, state, note, at)
	outcome := map[string]string{models.DeliverySent: "sent", models.DeliverySkipped: "skipped", models.DeliveryFailed: "failed"}[state]
	return s.settled(p, d, outcome, err)
}

func (s *Scheduler) retry(ctx context.Context, p *pass, d models.Delivery, at time.Time, note string, attempted bool) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	err := s.store.RetryDelivery(wctx, d.ID, s.cfg.Worker, at, note, attempted)
	outcome := "retried"
	if !attempted {
		outcome = "deferred"
	}
	return s.settled(p, d, outcome, err)
}

func (s *Scheduler) settled(p *pass, d models.Delivery, outcome string, err error) error {
	switch {
	case err == nil:
		p.count(d.Kind, outcome)
		if outcome == "failed" {
			s.log.Error("delivery failed", "job", p.job, "kind", d.Kind, "subject", d.Subject, "recipient", d.Recipient, "attempts", d.Attempts)
		}
		return nil
	case models.ErrorCode(err) == models.ECONFLICT:
		s.log.Warn("lost the claim before recording an outcome", "job", p.job, "kind", d.Kind, "subject", d.Subject, "outcome", outcome)
		return nil
	}
	return fmt.Errorf("record %s %s: %w", outcome, d.Kind, err)
}

// preview writes what delivering would do now, changing nothing.
func (s *Scheduler) preview(ctx context.Context, p *pass, kinds []string) error {
	due, err := s.store.DueDeliveries(ctx, p.now, kinds, pageSize)
	if err != nil {
		return err
	}
	w := s.cfg.DryRun
	run := p
	for _, d := range append(*p.planned, due...) {
		p := run.forDelivery(ctx, d) // its group's hours and budget
		if d.State == models.DeliveryClaimed && policies[d.Kind] == atMostOnce {
			fmt.Fprintf(w, "fail   %s to %s about %s: interrupted mid-send; sent at most once\n", d.Kind, d.Recipient, d.Subject)
			continue
		}
		if d.Kind != models.KindDigest && errors.Is(s.mayContact(ctx, d), models.ErrNoContact) {
			fmt.Fprintf(w, "skip   %s to %s about %s: %s\n", d.Kind, d.Recipient, d.Subject, noContact)
			continue
		}
		loc := p.loc(ctx, d.Recipient)
		if models.WaitsForDaytime(d.Kind) && !p.cfg.Hours.Contains(p.now, loc) {
			fmt.Fprintf(w, "wait   %s for %s about %s until %s (quiet hours in %s)\n", d.Kind, d.Recipient, d.Subject, p.cfg.Hours.Next(p.now, loc).UTC().Format(time.RFC3339), loc)
			continue
		}
		if line, err := s.previewBudget(ctx, p, d, loc); err != nil || line != "" {
			if err != nil {
				return err
			}
			fmt.Fprint(w, line)
			continue
		}
		text := "(the notifier cannot preview)"
		if pv, ok := s.notifier.(Previewer); ok {
			t, err := pv.Preview(ctx, d)
			switch {
			case errors.Is(err, ErrSkip):
				fmt.Fprintf(w, "skip   %s to %s about %s: %v\n", d.Kind, d.Recipient, d.Subject, err)
				continue
			case err != nil:
				text = "(cannot render: " + err.Error() + ")"
			default:
				text = t
			}
		}
		fmt.Fprintf(w, "send   %s to %s about %s: %s\n", d.Kind, d.Recipient, d.Subject, text)
	}
	return nil
}
