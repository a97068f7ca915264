package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// ackBudget is how long a handler may work before the ack must go. Slack
// allows 3 seconds (SLACK.md "Deadlines"); the rest is margin for the
// network and the websocket write.
const ackBudget = 2 * time.Second

// Command handles a slash command within the ack budget and returns the ack
// payload: the inline ephemeral reply. Work that outlasts the budget goes on
// after the ack and answers through the command's response_url.
func (b *Bot) Command(ctx context.Context, cmd slack.SlashCommand) any {
	type result struct{ r *reply }
	done := make(chan result, 1)
	b.background(ctx, "command", func(wctx context.Context) {
		done <- result{b.runCommand(wctx, &cmd)}
	})
	select {
	case res := <-done:
		return res.r.ackPayload()
	case <-time.After(ackBudget):
	case <-ctx.Done():
		// The transport gave up on the ack (an HTTP client hung up, the
		// socket closed): the reply still reaches the person.
	}
	b.background(ctx, "command-late-reply", func(wctx context.Context) {
		res := <-done
		if res.r == nil || cmd.ResponseURL == "" {
			return
		}
		err := slack.PostWebhookContext(wctx, cmd.ResponseURL, res.r.webhook())
		b.metrics.slackCall("response_url", err)
		if err != nil {
			b.log.Warn("late reply failed", "user", cmd.UserID, "err", err)
		}
	})
	return nil
}

// Interaction handles a button click, a modal submission or a closed modal.
// Only view submissions answer in the ack (with response_action); clicks
// are acked at once and handled after.
func (b *Bot) Interaction(ctx context.Context, cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		// Saving happens inside the budget so a failure can keep the modal
		// open with an error: nothing a person typed is lost.
		sctx, cancel := context.WithTimeout(ctx, ackBudget)
		defer cancel()
		return b.runSubmission(sctx, &cb)
	case slack.InteractionTypeBlockActions:
		b.background(ctx, "action", func(wctx context.Context) { b.runActions(wctx, &cb) })
	case slack.InteractionTypeViewClosed:
		// Nothing to do: no modal asks to be told when it closes.
	default:
		b.log.Info("interaction type not handled", "type", cb.Type)
	}
	return nil
}

// Event handles an Events API callback after the ack, once per event id.
func (b *Bot) Event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || ev.Type != slackevents.CallbackEvent {
		return
	}
	b.background(ctx, "event", func(wctx context.Context) {
		if cb.EventID != "" {
			first, err := b.store.FirstSight(wctx, cb.EventID)
			if err != nil {
				b.log.Error("event dedupe failed", "event_id", cb.EventID, "err", err)
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

// reply is what a command answers the person who typed it: always
// ephemeral (SLACK.md: prefer ephemeral replies to commands).
type reply struct {
	Text   string
	Blocks []slack.Block
}

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
