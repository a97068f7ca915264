package bot

import (
	"context"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// langOf is the language u reads the bot in: a DM, an ephemeral answer or
// a modal for u is written in it.
func (b *Bot) langOf(ctx context.Context, u models.UserID) catalog.Lang {
	return catalog.English
}

// groupLang is the group's language: the digest's, and everyone's whose
// Slack locale is neither English nor Spanish and who chose none.
func (b *Bot) groupLang(ctx context.Context) catalog.Lang {
	return catalog.English
}
