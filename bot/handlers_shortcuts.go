package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Shortcuts are the ways in from anywhere in Slack, without remembering
// the command: the global shortcut "Ask for a one-to-one" and the message
// shortcut "Invite to a one-to-one" (asking the message's author), which starts the same form
// with the message's author already chosen. Both open the request modal
// on the shortcut's trigger, which lives 3 s (docs/slack.md), so nothing
// slow happens before it; submitting it is the request modal's own path
// (submitRequest), which checks the person as the command does.

// runShortcut dispatches a shortcut by its callback id; an error is told
// to the person privately.
func (b *Bot) runShortcut(ctx context.Context, cb *slack.InteractionCallback) {
	h, ok := b.r.shortcuts[cb.CallbackID]
	if !ok {
		b.log.Warn("shortcut with an unknown callback id", "callback_id", cb.CallbackID)
		return
	}
	if err := h(ctx, cb); err != nil {
		b.tell(ctx, cb, b.fail(ctx, "shortcut:"+cb.CallbackID, cb.User.ID, err))
	}
}

// shortcutAsk opens the request modal with nobody chosen yet.
func (b *Bot) shortcutAsk(ctx context.Context, cb *slack.InteractionCallback) error {
	return b.openModal(ctx, cb.TriggerID, requestModal(b.langOf(ctx, models.UserID(cb.User.ID)), ""))
}

// shortcutAskAuthor opens the request modal for the author of the message
// the shortcut was used on. A bot's message, or one's own, has no one to
// ask: the person is told so kindly, and nothing opens.
func (b *Bot) shortcutAskAuthor(ctx context.Context, cb *slack.InteractionCallback) error {
	author := authorOf(cb.Message)
	switch {
	case author == "":
		return userError(models.EINVALID, "shortcut.bot_message", nil)
	case author == cb.User.ID:
		return userError(models.EINVALID, "shortcut.own_message", nil)
	}
	return b.openModal(ctx, cb.TriggerID, requestModal(b.langOf(ctx, models.UserID(cb.User.ID)), author))
}

// authorOf is the person who wrote m, or "" when a bot or an integration
// did (a bot_id, or a subtype such as bot_message: nobody to meet).
func authorOf(m slack.Message) string {
	if m.BotID != "" || m.SubType != "" || m.User == "" {
		return ""
	}
	return clean(m.User)
}
