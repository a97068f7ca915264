package slacktest

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// A message written in the bot's Messages tab reaches a Socket Mode bot as
// a message.im event, and an answer posted to its channel lands in the
// user's DM.
func TestSendDirectMessage(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(slack.User{ID: "U1", Name: "ann"})
	got := make(chan *slackevents.MessageEvent, 1)
	b := startBot(t, s, func(b *bot, evt socketmode.Event) {
		ackAll(b, evt)
		if evt.Type != socketmode.EventTypeEventsAPI {
			return
		}
		if m, ok := evt.Data.(slackevents.EventsAPIEvent).InnerEvent.Data.(*slackevents.MessageEvent); ok {
			got <- m
		}
	})
	mustConnect(t, s, 1)
	ctx := testContext(t)

	if _, err := s.SendDirectMessage(ctx, "U1", "hello <@U2> & you"); err != nil {
		t.Fatal(err)
	}
	var m *slackevents.MessageEvent
	select {
	case m = <-got:
	case <-ctx.Done():
		t.Fatal("no message event reached the bot")
	}
	if m.Type != "message" || m.ChannelType != "im" || m.Channel != "DU1" || m.User != "U1" ||
		m.Text != "hello <@U2> & you" || m.SubType != "" || m.BotID != "" || m.ThreadTimeStamp != "" || m.TimeStamp == "" {
		t.Errorf("event = %+v", m)
	}
	if len(s.DMs("U1")) != 0 {
		t.Errorf("the user's own message was recorded as the bot's: %+v", s.DMs("U1"))
	}
	if _, _, err := b.api.PostMessageContext(ctx, m.Channel, slack.MsgOptionText("Hi!", false)); err != nil {
		t.Fatal(err)
	}
	if dms := s.DMs("U1"); len(dms) != 1 || dms[0].Text != "Hi!" {
		t.Errorf("DMs = %+v, want the answer", dms)
	}
}

// Over HTTP the same event, in an event_callback, parses as slack-go reads
// Slack's; the variants a test makes keep their marks.
func TestDirectMessageOverHTTP(t *testing.T) {
	s := newServer(t, Options{})
	edit := s.DirectMessage("U1", "typo")
	edit["subtype"] = "message_changed"
	own := s.DirectMessage("U1", "from the bot")
	own["user"], own["bot_id"] = BotUserID, BotID
	for name, c := range map[string]struct {
		event            map[string]any
		subtype, user, b string
	}{
		"new":  {event: s.DirectMessage("U1", "hi"), user: "U1"},
		"edit": {event: edit, subtype: "message_changed", user: "U1"},
		"own":  {event: own, user: BotUserID, b: BotID},
	} {
		t.Run(name, func(t *testing.T) {
			body, err := json.Marshal(map[string]any{
				"token": verificationToken, "team_id": TeamID, "api_app_id": AppID,
				"type": "event_callback", "event_id": "Ev1", "event_time": 1700000000, "event": c.event,
			})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
			if err != nil {
				t.Fatal(err)
			}
			m, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
			if !ok || ev.InnerEvent.Type != "message" {
				t.Fatalf("inner event = %T (%s)", ev.InnerEvent.Data, ev.InnerEvent.Type)
			}
			if m.SubType != c.subtype || m.User != c.user || m.BotID != c.b || m.ChannelType != "im" {
				t.Errorf("event = %+v", m)
			}
		})
	}
}
