package bot

import (
	"context"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdOptOut stops everything from the bot I did not ask for, no questions
// asked.
func (b *Bot) cmdOptOut(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	if _, err := b.member(ctx, me); err != nil { // makes sure the member row exists
		return nil, err
	}
	closed, err := b.store.OptOut(ctx, me)
	if err != nil {
		return nil, err
	}
	if len(closed) > 0 {
		b.background(ctx, "announce-opt-out", func(ctx context.Context) { b.announceOptOut(ctx, closed) })
	}
	l := b.langOf(ctx, me)
	text := catalog.T(l, "optout.done", nil)
	var theirs, mine int
	for _, o := range closed {
		if o.RequesterID == me {
			mine++
		} else {
			theirs++
		}
	}
	if theirs > 0 {
		text += " " + catalog.N(l, "optout.closed_theirs", theirs, nil)
	}
	if mine > 0 {
		text += " " + catalog.N(l, "optout.closed_mine", mine, nil)
	}
	text += " " + catalog.T(l, "optout.still", map[string]any{"Command": b.command})
	return textReply("%s", text), nil
}

// cmdOptIn resumes them, and lifts what a `forget` kept: only the person
// themselves can.
func (b *Bot) cmdOptIn(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	if err := b.store.OptIn(ctx, me); err != nil {
		return nil, err
	}
	if _, err := b.member(ctx, me); err != nil { // stores them afresh after a forget
		return nil, err
	}
	return textReply("%s", catalog.T(b.langOf(ctx, me), "optout.welcome_back", nil)), nil
}
