package bot

import (
	"context"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// langOf is the language u reads the bot in: a DM, an ephemeral answer or
// a modal for u is written in it. It costs one read of u's row; a caller
// already holding u's member uses langOfMember.
func (b *Bot) langOf(ctx context.Context, u models.UserID) catalog.Lang {
	m, err := b.store.Member(ctx, u)
	if err != nil {
		// Someone the bot does not hold yet (or a database that failed
		// just now, which the caller's own reads will say): the group's.
		m = &models.Member{ID: u}
	}
	return b.langOfMember(ctx, m)
}

// langOfMember is the language m reads the bot in: the one they chose
// (/one-to-one language, Home), else their Slack's (the locale users.info
// gives), else the language of the group they act in. A nil m reads the
// default group's.
func (b *Bot) langOfMember(ctx context.Context, m *models.Member) catalog.Lang {
	var u models.UserID
	if m != nil {
		if l := catalog.Lang(m.Language); m.Language != "" && catalog.Has(l) {
			return l
		}
		if l, ok := catalog.FromSlackLocale(m.Locale); ok {
			return l
		}
		u = m.ID
	}
	st, err := b.groupStore(ctx, u)
	if err != nil {
		return catalog.Fallback
	}
	return b.groupLang(ctx, st)
}

// groupLang is the group's language: the digest's, and everyone's whose
// Slack locale is neither English nor Spanish and who chose none. It is
// the coordinators' choice in settings over ONETOONE_LANGUAGE, English
// when neither names a language the bot speaks.
func (b *Bot) groupLang(ctx context.Context, gs *models.Store) catalog.Lang {
	st, _ := b.settings(ctx, gs) // on error, the environment's
	if l := catalog.Lang(st.Language); catalog.Has(l) {
		return l
	}
	return catalog.Fallback
}
