package bot

import (
	"context"
	"fmt"

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
	text := "Done. I won't send you one-to-one requests, reminders or any other message you didn't ask for, and people who try will be told kindly."
	var theirs, mine int
	for _, o := range closed {
		if o.RequesterID == me {
			mine++
		} else {
			theirs++
		}
	}
	switch theirs {
	case 0:
	case 1:
		text += " I closed the request that was waiting for your answer, and let the person who sent it know."
	default:
		text += fmt.Sprintf(" I closed the %d requests that were waiting for your answer, and let the people who sent them know.", theirs)
	}
	switch mine {
	case 0:
	case 1:
		text += " I also closed the request you sent that was still waiting for an answer, since the answer couldn't reach you, and let the person know."
	default:
		text += fmt.Sprintf(" I also closed the %d requests you sent that were still waiting for an answer, since the answers couldn't reach you, and let the people know.", mine)
	}
	text += fmt.Sprintf(" I still answer your own commands, and my Home tab shows where things stand. `%s optin` undoes this any time.", b.command)
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
	return textReply("Welcome back! People can ask you for one-to-ones through me again."), nil
}
