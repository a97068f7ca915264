package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Replies passed on (issue 16). Someone who answers in the thread of the
// bot's DM about a one-to-one (the invitation, or the note that it is set:
// the newest message about it, models.OneToOne.LiveMessage) is writing to
// the other person, so the bot passes it on, labelled as theirs, in the
// other person's thread. The words travel in one outbox delivery
// (models.Relay), keyed by the Slack message's ts so a retried event or a
// second replica passes it on once, and emptied once settled. Nothing of
// them is logged. The writer hears, in their thread, that it went, or
// kindly why not: the one-to-one is closed, or the other person asked not
// to be contacted, or is outside Slack.

// repliedInThread reports whether e is a person's new reply in the thread
// of one of the bot's messages in their DM with it.
func repliedInThread(e *slackevents.MessageEvent) bool {
	return e.ChannelType == "im" && e.Channel != "" && e.User != "" &&
		e.SubType == "" && e.BotID == "" && e.ThreadTimeStamp != "" && e.ThreadTimeStamp != e.TimeStamp
}

// relayReply passes e on when its thread is a one-to-one's; handled is
// false when it is not, and the reply is answered like anything else
// written to the bot.
func (b *Bot) relayReply(ctx context.Context, e *slackevents.MessageEvent) (handled bool, err error) {
	from := models.UserID(e.User)
	o, err := b.store.OneToOneInThread(ctx, from, e.ThreadTimeStamp)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return false, nil
	case err != nil:
		return true, err
	}
	store := b.store.In(o.GroupID)
	l := b.langOf(ctx, from)
	to := o.Other(from)
	answer := func(id string) error {
		text, blocks := relayNote(l, id, to)
		return b.answerInThread(ctx, e.Channel, e.ThreadTimeStamp, text, blocks)
	}
	switch {
	case to == "":
		return true, answer("relay.outside")
	case !o.IsOpen():
		return true, answer("relay.closed")
	}
	switch err := store.MayContact(ctx, to); {
	case errors.Is(err, models.ErrNoContact):
		return true, answer("relay.no_contact")
	case err != nil:
		return true, err
	}
	d := models.Relay(o, from, e.TimeStamp, e.Text, b.now())
	if d.Body == "" {
		return true, nil
	}
	n, err := store.Enqueue(ctx, d)
	if err != nil {
		return true, fmt.Errorf("queue a reply to pass on: %w", err)
	}
	if n == 0 {
		b.log.Debug("reply already passed on", "one_to_one", o.ID, "user", from)
		return true, nil
	}
	if b.outbox == nil {
		return true, nil // the outbox job passes it on
	}
	switch err := b.outbox.SendNow(prompt(ctx), d)[0]; {
	case err == nil:
		return true, answer("relay.sent")
	case errors.Is(err, models.ErrNoContact):
		return true, answer("relay.no_contact")
	default:
		b.log.Warn("reply not passed on at once; the outbox job will", "one_to_one", o.ID, "user", from, "err", err)
		return true, nil
	}
}

// answerInThread answers the writer in their own thread, quietly (no
// broadcast): it is their answer, which consent never stops.
func (b *Bot) answerInThread(ctx context.Context, channel, ts, text string, blocks []slack.Block) error {
	err := b.patiently(ctx, b.postSlots(channel), func(ctx context.Context) error {
		_, _, err := b.api(ctx).PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...), slack.MsgOptionTS(ts))
		b.metrics.slackCall("chat.postMessage", err)
		return err
	})
	if err != nil {
		return fmt.Errorf("answer in a thread: %w", err)
	}
	return nil
}

// composeRelay renders a reply passed on, in the recipient's thread of
// the one-to-one, while it is open and both are still its two people.
func (n *Notifier) composeRelay(d models.Delivery, o *models.OneToOne, m *outgoing, l catalog.Lang) (*outgoing, error) {
	from := models.UserID(d.Actor)
	switch {
	case !o.IsOpen():
		return nil, skip("the one-to-one is %s", o.Status)
	case !o.Involves(from) || o.Other(from) != m.to:
		return nil, skip("%s is not the other person", m.to)
	case d.Body == "":
		return nil, skip("nothing left to pass on")
	}
	m.text, m.blocks = relayView(l, from, d.Body)
	m.channel, m.thread = o.LiveMessage(m.to)
	return m, nil
}
