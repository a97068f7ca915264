package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdOptOut stops requests and nudges to me, no questions asked.
func (b *Bot) cmdOptOut(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	return b.setOptOut(ctx, models.UserID(cmd.UserID), true)
}

// cmdOptIn resumes them.
func (b *Bot) cmdOptIn(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	return b.setOptOut(ctx, models.UserID(cmd.UserID), false)
}

func (b *Bot) setOptOut(ctx context.Context, me models.UserID, out bool) (*reply, error) {
	if _, err := b.member(ctx, me); err != nil { // makes sure the member row exists
		return nil, err
	}
	if err := b.store.SetOptedOut(ctx, me, out); err != nil {
		return nil, err
	}
	if out {
		return textReply("Done. I won't send you one-to-one requests or reminders about them. People who try will be told kindly. You can still ask others, and `%s optin` undoes this any time.", b.command), nil
	}
	return textReply("Welcome back! People can ask you for one-to-ones through me again."), nil
}
