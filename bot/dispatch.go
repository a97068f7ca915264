package bot

import (
	"context"
	"errors"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// fail turns an error into the words the person sees, in their language. Internal errors are
// logged with their route (never with message or reflection text); the
// person's own mistakes are not errors worth a log line.
func (b *Bot) fail(ctx context.Context, route string, user string, err error) string {
	switch models.ErrorCode(err) {
	case models.EINTERNAL:
		b.metrics.failed(route)
		b.log.Error("handler failed", "route", route, "user", user, "request", requestID(ctx), "err", err)
	case models.EUNAVAILABLE:
		b.metrics.failed(route)
		b.log.Warn("dependency unavailable", "route", route, "user", user, "request", requestID(ctx), "err", err)
	}
	return errorText(b.langOf(ctx, models.UserID(user)), err)
}

type requestKey struct{}

// WithRequestID tags ctx with the id of the Slack request being handled
// (a Socket Mode envelope id, or one made up for HTTP), so log lines about
// one request can be found together.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestKey{}, id)
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestKey{}).(string)
	return id
}

func (b *Bot) runCommand(ctx context.Context, cmd *slack.SlashCommand, c command) *reply {
	h, ok := b.r.commands[c.Name]
	if !ok {
		h = b.cmdHelp
	}
	r, err := h(ctx, cmd, c)
	if err != nil {
		return textReply("%s", b.fail(ctx, "command:"+c.Name, cmd.UserID, err))
	}
	return r
}

func (b *Bot) runSubmission(ctx context.Context, cb *slack.InteractionCallback) any {
	h, ok := b.r.submits[cb.View.CallbackID]
	if !ok {
		b.log.Warn("submission for unknown view", "callback_id", cb.View.CallbackID)
		return nil
	}
	resp, err := h(ctx, cb)
	if err == nil {
		return resp
	}
	// Keep the modal open and say what went wrong beside a field, so
	// nothing the person typed is lost.
	msg := b.fail(ctx, "view:"+cb.View.CallbackID, cb.User.ID, err)
	block := firstInputBlock(cb.View)
	var fe *models.FieldError
	if errors.As(err, &fe) && hasBlock(cb.View, fe.Field) {
		block = fe.Field
	}
	if block == "" {
		return nil
	}
	return slack.NewErrorsViewSubmissionResponse(map[string]string{block: msg})
}

func firstInputBlock(v slack.View) string {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	return ""
}

func hasBlock(v slack.View, id string) bool {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok && in.BlockID == id {
			return true
		}
	}
	return false
}

func (b *Bot) runActions(ctx context.Context, cb *slack.InteractionCallback) {
	for _, act := range cb.ActionCallback.BlockActions {
		h, ok := b.r.actions[act.ActionID]
		if !ok {
			b.log.Warn("click on unknown action", "action_id", act.ActionID)
			continue
		}
		if err := h(ctx, cb, act); err != nil {
			b.tell(ctx, cb, b.fail(ctx, "action:"+act.ActionID, cb.User.ID, err))
		}
	}
}

func (b *Bot) runEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	h, ok := b.r.events[ev.InnerEvent.Type]
	if !ok {
		return
	}
	if err := h(ctx, ev.InnerEvent); err != nil {
		b.fail(ctx, "event:"+ev.InnerEvent.Type, "", err)
	}
}

// tell answers the person who clicked, privately: an ephemeral message in
// the conversation where they clicked, or a DM when they clicked in a place
// without one (App Home, a modal).
func (b *Bot) tell(ctx context.Context, cb *slack.InteractionCallback, text string) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if ch := cb.Channel.ID; ch != "" {
		_, err := b.api(ctx).PostEphemeralContext(ctx, ch, cb.User.ID, opts...)
		b.metrics.slackCall("chat.postEphemeral", err)
		if err == nil {
			return
		}
	}
	if _, err := b.dmAnswer(ctx, models.UserID(cb.User.ID), text, nil); err != nil {
		b.log.Warn("could not tell the user", "user", cb.User.ID, "err", err)
	}
}

// dm posts a message in the bot's DM with a user about what someone else
// did or what is due, and returns its channel and timestamp. The store's
// MayContact decides first: someone who asked not to be contacted gets
// nothing, and the error wraps models.ErrNoContact so the caller can tell
// whoever meant to reach them.
func (b *Bot) dm(ctx context.Context, user models.UserID, text string, blocks []slack.Block) (msgRef, error) {
	if err := b.store.MayContact(ctx, user); err != nil {
		return msgRef{}, err
	}
	return b.dmAnswer(ctx, user, text, blocks)
}

// dmAnswer posts in the bot's DM with the person acting now, in answer to
// what they just did. It is the one way to DM without asking MayContact:
// whoever opted out still hears back from their own commands and clicks.
// Text is always sent with blocks, for notifications and screen readers
// (docs/slack.md).
func (b *Bot) dmAnswer(ctx context.Context, user models.UserID, text string, blocks []slack.Block) (ref msgRef, err error) {
	ch, err := b.dmChannel(ctx, user)
	if err != nil {
		return ref, err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	var ts string
	err = b.patiently(ctx, b.postSlots(ch), func(ctx context.Context) (err error) {
		_, ts, err = b.api(ctx).PostMessageContext(ctx, ch, opts...)
		b.metrics.slackCall("chat.postMessage", err)
		return err
	})
	if err != nil {
		return ref, err
	}
	return msgRef{Channel: ch, TS: ts}, nil
}

// maxRateWait bounds how long a request's own Slack call waits out a 429;
// longer, and the person is better told to try again.
const maxRateWait = 20 * time.Second

// patiently makes one Slack call for someone waiting on the bot, at once
// (promptly: spent in the budget, never waiting for it), and on a 429 waits
// the Retry-After Slack asked for and makes that call again (docs/slack.md:
// retry that call only), a few times at most.
func (b *Bot) patiently(ctx context.Context, slots []slot, call func(ctx context.Context) error) error {
	for try := 0; ; try++ {
		err := b.promptly(ctx, slots, call)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || try == 3 || rl.RetryAfter > maxRateWait {
			return err
		}
		if b.paceOf(ctx).sleep(ctx, rl.RetryAfter) != nil {
			return err
		}
	}
}

// msgRef points at a message the bot posted.
type msgRef struct{ Channel, TS string }
