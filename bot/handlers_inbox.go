package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Someone who writes to the bot in its Messages tab is answered, briefly,
// with what the bot can do: it holds no conversations, and silence would
// leave them wondering. What they wrote is read only to decide whether to
// answer; it is never stored or logged.

// inboxReplyEvery is how often, at most, one person is answered: a chatty
// person gets one answer a day, not one per line.
const inboxReplyEvery = 24 * time.Hour

// eventMessage answers a person's new message in the bot's Messages tab,
// once a day at most (at most once: a failed post is not tried again that
// day).
func (b *Bot) eventMessage(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	e, ok := ev.Data.(*slackevents.MessageEvent)
	if !ok {
		return fmt.Errorf("message: unexpected payload %T", ev.Data)
	}
	if repliedInThread(e) {
		// A reply about a one-to-one goes to the other person
		// (handlers_relay.go); any other is answered below.
		if handled, err := b.relayReply(ctx, e); handled || err != nil {
			return err
		}
		e.ThreadTimeStamp = ""
	}
	if !writtenToBot(e) {
		b.log.Debug("message tab: not a person's new message", "subtype", e.SubType)
		return nil
	}
	window := b.now().UTC().Truncate(inboxReplyEvery).Format(time.DateOnly)
	st, err := b.groupStore(ctx, models.UserID(e.User))
	if err != nil {
		return err
	}
	first, err := st.RecordOnce(ctx, models.KindInboxReply, models.AboutChannel(e.Channel), e.User, window)
	if err != nil {
		return err
	}
	if !first {
		b.log.Debug("message tab: already answered today", "user", e.User)
		return nil
	}
	text, blocks := inboxReplyView(b.langOf(ctx, models.UserID(e.User)), b.command)
	err = b.patiently(ctx, b.postSlots(e.Channel), func(ctx context.Context) error {
		_, _, err := b.api(ctx).PostMessageContext(ctx, e.Channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		b.metrics.slackCall("chat.postMessage", err)
		return err
	})
	if err != nil {
		return fmt.Errorf("answer a message: %w", err)
	}
	b.log.Debug("message tab: answered", "user", e.User)
	return nil
}

// writtenToBot reports whether e is a new message a person wrote in their
// DM with the bot. The message.im subscription also brings edits and
// deletions (subtypes), replies in the threads of the bot's messages, and
// every bot's posts there, the bot's own answers included (they carry a
// bot_id): none of those is answered.
func writtenToBot(e *slackevents.MessageEvent) bool {
	return e.ChannelType == "im" && e.Channel != "" && e.User != "" &&
		e.SubType == "" && e.BotID == "" && e.ThreadTimeStamp == ""
}
