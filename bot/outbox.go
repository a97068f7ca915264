package bot

import (
	"context"
	"errors"

	"github.com/onetoone/onetoone/models"
)

// Outbox sends at once the messages a change just stored with it
// (models.Note, models.Store.ChangeOneToOne), and says how each went: nil
// once Slack has it, or why not (an error wrapping models.ErrNoContact when
// its recipient asked not to be contacted). What it cannot send now it
// leaves to its outbox job, which also sends what a crash left behind. The
// scheduler satisfies it (scheduler.Scheduler.SendNow), through the
// Notifier, so these messages keep the scheduled ones' claims, consent rule
// and policies.
type Outbox interface {
	SendNow(ctx context.Context, ds ...models.Delivery) []error
}

// UseOutbox makes o send the messages that follow what people do. It is
// wired once, before the bot serves: the outbox itself sends through the
// bot's Notifier. Until then those messages wait for the outbox job.
func (b *Bot) UseOutbox(o Outbox) { b.outbox = o }

// promptKey marks a context whose sends someone is waiting on.
type promptKey struct{}

// prompt marks ctx so the Notifier makes its calls at once, spent in the
// budget (Bot.patiently), instead of waiting for a slot behind the
// scheduled sends: these messages answer what someone just did.
func prompt(ctx context.Context) context.Context { return context.WithValue(ctx, promptKey{}, true) }

func isPrompt(ctx context.Context) bool { return ctx.Value(promptKey{}) != nil }

// follow sends the notes a change to o stored with it, in order, and
// returns how each went (Outbox). o is the one-to-one as the change left
// it, whose version names the notes' deliveries.
func (b *Bot) follow(ctx context.Context, o *models.OneToOne, notes ...models.Note) []error {
	errs := make([]error, len(notes))
	if len(notes) == 0 {
		return errs
	}
	if b.outbox == nil {
		b.log.Warn("no outbox: messages wait for the outbox job", "one_to_one", o.ID)
		return errs
	}
	ds := make([]models.Delivery, len(notes))
	for i, n := range notes {
		ds[i] = n.Delivery(o, b.now())
	}
	return b.outbox.SendNow(prompt(ctx), ds...)
}

// followTelling is follow for notes passed on to the other person: whoever
// acted hears, kindly, of each that did not go because its recipient asked
// not to be contacted.
func (b *Bot) followTelling(ctx context.Context, o *models.OneToOne, notes ...models.Note) {
	for i, err := range b.follow(ctx, o, notes...) {
		n := notes[i]
		switch {
		case err == nil:
		case n.Kind == models.KindCalendar && errors.Is(err, models.ErrNoContact):
			// Its message's own note already told whoever acted.
		case n.To != n.By && b.unreached(ctx, n.By, n.To, err):
		default:
			b.log.Warn("message not sent at once", "kind", n.Kind, "one_to_one", o.ID, "user", n.To, "err", err)
		}
	}
}
