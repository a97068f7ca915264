package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Wrappers of the Slack calls the handlers share: opening a modal,
// replacing one of the bot's messages, replying in its thread. Each counts
// its call (metrics) and waits its turn (pace.go).

// openModal opens a view on a trigger, which lives only 3 seconds
// (docs/slack.md): callers open first and do slow work after.
func (b *Bot) openModal(ctx context.Context, triggerID string, v slack.ModalViewRequest) error {
	_, err := b.openView(ctx, triggerID, v)
	return err
}

// openView is openModal for callers that go on to update the view.
func (b *Bot) openView(ctx context.Context, triggerID string, v slack.ModalViewRequest) (*slack.View, error) {
	resp, err := b.api(ctx).OpenViewContext(ctx, triggerID, v)
	b.metrics.slackCall("views.open", err)
	if err != nil {
		if code := slackErrCode(err); code == "expired_trigger_id" || code == "invalid_trigger_id" {
			slow := userError(models.EUNAVAILABLE, "error.too_slow", nil)
			slow.Err = err
			return nil, slow
		}
		return nil, fmt.Errorf("views.open: %w", err)
	}
	return &resp.View, nil
}

// update replaces one of the bot's messages, retiring its buttons.
func (b *Bot) update(ctx context.Context, channel, ts, text string, blocks []slack.Block) {
	if channel == "" || ts == "" {
		return
	}
	err := b.patiently(ctx, b.updateSlots(channel), func(ctx context.Context) error {
		_, _, _, err := b.api(ctx).UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		b.metrics.slackCall("chat.update", err)
		return err
	})
	if err != nil {
		b.log.Warn("chat.update failed", "channel", channel, "err", err)
	}
}

// threadReply posts to user in the thread of one of the bot's messages, or
// as a new DM when there is no thread to follow. Like dm it is for what
// someone else did: MayContact decides first, and its refusal is returned
// (models.ErrNoContact) for the caller to explain. Other failures are
// logged and returned.
func (b *Bot) threadReply(ctx context.Context, user models.UserID, channel, ts, text string, blocks []slack.Block) error {
	if channel == "" || ts == "" {
		_, err := b.dm(ctx, user, text, blocks)
		if err != nil && !errors.Is(err, models.ErrNoContact) {
			b.log.Warn("dm failed", "user", user, "err", err)
		}
		return err
	}
	if err := b.store.MayContact(ctx, user); err != nil {
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionTS(ts), slack.MsgOptionBroadcast()}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	err := b.patiently(ctx, b.postSlots(channel), func(ctx context.Context) error {
		_, _, err := b.api(ctx).PostMessageContext(ctx, channel, opts...)
		b.metrics.slackCall("chat.postMessage", err)
		return err
	})
	if err != nil {
		b.log.Warn("thread reply failed", "user", user, "err", err)
	}
	return err
}
