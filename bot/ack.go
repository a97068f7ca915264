package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// ackBudget is how long a handler may work before the ack must go. Slack
// allows 3 seconds (docs/slack.md "Deadlines"); the rest is margin for the
// network and the websocket write.
const ackBudget = 2 * time.Second

// dbBudget is how long the database work of what a person just did (a
// command, a click, a submitted form) may take, counted from its arrival.
// Past it the store gives up (models.WithDeadline): the person hears that
// nothing was saved, inside Slack's 3 seconds, and nothing is done later.
// It ends before the ack budget so the answer can still ride in the ack.
// Slack calls are not bound by it: a command waiting out Slack's rate
// limits still answers late through its response_url.
const dbBudget = 1500 * time.Millisecond

// eventDBBudget bounds the database work of an event. Nobody waits on an
// event, but against a database that stopped answering its work must give
// up rather than pile up, one goroutine and connection per event.
const eventDBBudget = 5 * time.Second

// Command handles a slash command within the ack budget. It returns the ack
// payload (the inline ephemeral reply, or nil) and then, the rest of the
// answer: the transport writes the ack first and calls then right after,
// always, exactly once.
//
// A command whose answer is a modal is acked empty as soon as its handler
// has chosen the modal, and the modal opens in then: the ack never waits
// for the views.open round trip (BENCHMARKS.md §1). Work that outlasts the
// budget goes on after the ack, but its database work, and the modal's,
// still ends dbBudget after the command arrived. Either way what is said
// after the ack (the reply, or why the modal could not open) goes through
// the command's response_url.
//
// A command for another workspace is refused with a short reply (serves);
// the text of any other is cleaned (cleanCommand) before a handler reads it.
func (b *Bot) Command(ctx context.Context, cmd slack.SlashCommand) (payload any, then func()) {
	ctx, ok := b.serves(ctx, "slash_commands", models.TeamID(cmd.TeamID))
	if !ok {
		return textReply("%s", b.elsewhereText()).ackPayload(), func() {}
	}
	cleanCommand(&cmd)
	c := parseCommand(cmd.Text)
	deadline := time.Now().Add(dbBudget)
	done := make(chan *reply, 1)
	b.background(ctx, "command", func(wctx context.Context) {
		done <- b.runCommand(models.WithDeadline(wctx, deadline), &cmd, c)
	})
	select {
	case r := <-done:
		if !r.opensModal() {
			return r.ackPayload(), func() {}
		}
		return nil, func() {
			b.background(ctx, "command-modal", func(wctx context.Context) {
				b.answerAfterAck(models.WithDeadline(wctx, deadline), &cmd, c, r)
			})
		}
	case <-time.After(ackBudget):
	case <-ctx.Done():
		// The transport gave up on the ack (an HTTP client hung up, the
		// socket closed): the answer still reaches the person.
	}
	b.background(ctx, "command-late-reply", func(wctx context.Context) {
		b.answerAfterAck(models.WithDeadline(wctx, deadline), &cmd, c, <-done)
	})
	return nil, func() {}
}

// answerAfterAck gives the answer of a command that was acked without it:
// it opens the modal, or posts the reply to the response_url. A modal that
// cannot open (an expired trigger, Slack refusing the view) is explained
// there too, so nobody is left wondering why nothing happened.
func (b *Bot) answerAfterAck(ctx context.Context, cmd *slack.SlashCommand, c command, r *reply) {
	if r.opensModal() {
		err := b.openReply(ctx, cmd.TriggerID, r)
		if err == nil {
			return
		}
		r = textReply("%s", b.fail(ctx, "command:"+c.Name, cmd.UserID, err))
	}
	if r == nil {
		return
	}
	if cmd.ResponseURL == "" {
		b.log.Warn("late reply lost: no response_url", "user", cmd.UserID)
		return
	}
	err := slack.PostWebhookContext(ctx, cmd.ResponseURL, r.webhook())
	b.metrics.slackCall("response_url", err)
	if err != nil {
		b.log.Warn("late reply failed", "user", cmd.UserID, "err", err)
	}
}

// openReply opens a reply's modal on the trigger and runs what follows.
func (b *Bot) openReply(ctx context.Context, triggerID string, r *reply) error {
	v, err := b.openView(ctx, triggerID, *r.Modal)
	if err != nil || r.Opened == nil {
		return err
	}
	return r.Opened(ctx, v)
}

// Interaction handles a button click, a modal submission or a closed modal.
// Only view submissions answer in the ack (with response_action); clicks
// are acked at once and handled after. One for another workspace is
// refused unread; any other is cleaned (cleanInteraction) first. Either way
// the database work ends dbBudget after the interaction arrived.
func (b *Bot) Interaction(ctx context.Context, cb slack.InteractionCallback) any {
	deadline := time.Now().Add(dbBudget)
	ctx, ok := b.serves(ctx, interactionKind(cb.Type), models.TeamID(cb.Team.ID))
	if !ok {
		return nil
	}
	cleanInteraction(&cb)
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		// Saving happens inside the budget so a failure can keep the modal
		// open with an error: nothing a person typed is lost.
		sctx, cancel := context.WithTimeout(ctx, ackBudget)
		defer cancel()
		return b.runSubmission(models.WithDeadline(sctx, deadline), &cb)
	case slack.InteractionTypeBlockActions:
		b.background(ctx, "action", func(wctx context.Context) { b.runActions(models.WithDeadline(wctx, deadline), &cb) })
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		b.background(ctx, "shortcut", func(wctx context.Context) { b.runShortcut(models.WithDeadline(wctx, deadline), &cb) })
	case slack.InteractionTypeViewClosed:
		// Nothing to do: no modal asks to be told when it closes.
	default:
		b.log.Info("interaction type not handled", "type", cb.Type)
	}
	return nil
}

// Event handles an Events API callback after the ack, once per event id,
// unless it is for another workspace.
func (b *Bot) Event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || ev.Type != slackevents.CallbackEvent {
		return
	}
	// Refused before its id is recorded: an event for another workspace
	// changes nothing here, app_uninstalled and tokens_revoked included.
	ctx, ok = b.serves(ctx, "events_api", models.TeamID(ev.TeamID))
	if !ok {
		return
	}
	deadline := time.Now().Add(eventDBBudget)
	b.background(ctx, "event", func(wctx context.Context) {
		wctx = models.WithDeadline(wctx, deadline)
		if cb.EventID != "" {
			first, err := b.store.FirstSight(wctx, cb.EventID)
			if err != nil {
				b.fail(wctx, "event:"+ev.InnerEvent.Type, "", fmt.Errorf("event %s dedupe: %w", cb.EventID, err))
				return
			}
			if !first {
				b.log.Debug("duplicate event skipped", "event_id", cb.EventID)
				return
			}
		}
		b.runEvent(wctx, ev)
	})
}

// reply is what a command answers the person who typed it: a message,
// always ephemeral (docs/slack.md: prefer ephemeral replies to commands), or a
// modal.
type reply struct {
	Text   string
	Blocks []slack.Block
	// Modal, when set, is the answer instead of a message. Command acks
	// empty at once and opens it right after, on the command's trigger_id,
	// which lives 3 s (docs/slack.md): a handler does its checks, not its slow
	// work, before choosing it.
	Modal *slack.ModalViewRequest
	// Opened, when set, runs once the modal is open: the slow rest of the
	// answer, such as filling a loading modal. Its error is said through
	// the response_url.
	Opened func(ctx context.Context, v *slack.View) error
}

// modalReply answers a command with a modal and nothing more.
func modalReply(v slack.ModalViewRequest) *reply { return &reply{Modal: &v} }

func (r *reply) opensModal() bool { return r != nil && r.Modal != nil }

func (r *reply) ackPayload() any {
	if r == nil {
		return nil
	}
	return map[string]any{"response_type": "ephemeral", "text": r.Text, "blocks": r.blocks()}
}

func (r *reply) webhook() *slack.WebhookMessage {
	return &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: r.Text, Blocks: &slack.Blocks{BlockSet: r.blocks()}}
}

func (r *reply) blocks() []slack.Block {
	if len(r.Blocks) > 0 {
		return r.Blocks
	}
	return []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, r.Text, false, false), nil, nil)}
}

func textReply(format string, args ...any) *reply {
	return &reply{Text: fmt.Sprintf(format, args...)}
}
