package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdLanguage is `/one-to-one language es` (or `idioma en`): the person
// chooses the language the bot speaks with them, and the answer comes in
// it. `language` alone says which one it is and how to change it.
func (b *Bot) cmdLanguage(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	m, err := b.member(ctx, me) // stores them: their choice needs their row
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	said := strings.TrimSpace(strings.Join(append(c.Words, c.Names...), " "))
	if said == "" {
		return &reply{Text: catalog.T(l, "language.current", map[string]any{"Command": b.command, "Langs": langCodes(l)})}, nil
	}
	chosen, ok := catalog.Parse(said)
	if !ok {
		return &reply{Text: catalog.T(l, "language.unknown", map[string]any{"Command": b.command, "Langs": langNames(l)})}, nil
	}
	if err := b.chooseLanguage(ctx, me, chosen); err != nil {
		return nil, err
	}
	return &reply{Text: catalog.T(chosen, "language.set", map[string]any{"Command": b.command})}, nil
}

// actLanguage is the language menu of Home: the choice is saved and Home
// drawn again in it.
func (b *Bot) actLanguage(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	chosen := catalog.Lang(act.SelectedOption.Value)
	if !catalog.Has(chosen) {
		return fmt.Errorf("language menu: no messages for %q", chosen)
	}
	me := models.UserID(cb.User.ID)
	if _, err := b.member(ctx, me); err != nil {
		return err
	}
	return b.chooseLanguage(ctx, me, chosen)
}

// chooseLanguage saves me's choice of language and redraws their Home,
// which speaks it.
func (b *Bot) chooseLanguage(ctx context.Context, me models.UserID, l catalog.Lang) error {
	if err := b.store.SetLanguage(ctx, me, string(l)); err != nil {
		return err
	}
	b.refreshHome(ctx, me)
	return nil
}

// langCodes lists the languages as people choose them, in l:
// "`en` (English) and `es` (Español)".
func langCodes(l catalog.Lang) string {
	var items []string
	for _, o := range catalog.Langs() {
		items = append(items, fmt.Sprintf("`%s` (%s)", o, catalog.T(o, "lang.name", nil)))
	}
	return catalog.And(l, items)
}

// langNames lists the languages by their own names, in l: "English and
// Español".
func langNames(l catalog.Lang) string {
	var items []string
	for _, o := range catalog.Langs() {
		items = append(items, catalog.T(o, "lang.name", nil))
	}
	return catalog.And(l, items)
}
