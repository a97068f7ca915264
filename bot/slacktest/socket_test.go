package slacktest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommand(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(slack.User{ID: "U1", Name: "ann"})
	cmds := make(chan slack.SlashCommand, 1)
	b := startBot(t, s, func(b *bot, evt socketmode.Event) {
		if evt.Type != socketmode.EventTypeSlashCommand {
			return
		}
		cmds <- evt.Data.(slack.SlashCommand)
		_ = b.client.Ack(*evt.Request, map[string]any{"text": "Got it"})
	})
	mustConnect(t, s, 1)
	ctx := testContext(t)

	ack, err := s.SlashCommand(ctx, "U1", "help")
	if err != nil {
		t.Fatal(err)
	}
	cmd := <-cmds
	if cmd.Command != SlashCommandName || cmd.Text != "help" || cmd.UserID != "U1" || cmd.UserName != "ann" ||
		cmd.TeamID != TeamID || cmd.ChannelID != GeneralChannelID || cmd.TriggerID == "" ||
		cmd.ResponseURL == "" || cmd.APIAppID != AppID {
		t.Errorf("slash command = %+v", cmd)
	}
	if ack.Type != "slash_commands" || ack.Latency <= 0 || string(ack.Payload) != `{"text":"Got it"}` {
		t.Errorf("ack = %+v", ack)
	}
	if eph := s.Ephemerals("U1"); len(eph) != 1 || eph[0].Text != "Got it" || eph[0].ViaResponseURL {
		t.Errorf("Ephemerals = %+v", eph)
	}
	if b.count(socketmode.EventTypeHello) != 1 {
		t.Errorf("hello events: %d", b.count(socketmode.EventTypeHello))
	}

	t.Run("ResponseURL", func(t *testing.T) {
		_, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral),
			slack.MsgOptionText("Later", false))
		if err != nil {
			t.Fatal(err)
		}
		eph := s.Ephemerals("U1")
		if len(eph) != 2 || eph[1].Text != "Later" || !eph[1].ViaResponseURL || eph[1].Channel != GeneralChannelID {
			t.Errorf("Ephemerals = %+v", eph)
		}
	})
	t.Run("OpenModalFromTrigger", func(t *testing.T) {
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, modal("Plan", section("x"))); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSlashCommandErrNoAck(t *testing.T) {
	s := newServer(t, Options{AckTimeout: 50 * time.Millisecond})
	startBot(t, s, nil)
	mustConnect(t, s, 1)
	_, err := s.SlashCommand(testContext(t), "U1", "")
	if !errors.Is(err, ErrNoAck) {
		t.Errorf("err = %v, want ErrNoAck", err)
	}
}

func TestSlashCommandErrNotConnected(t *testing.T) {
	s := newServer(t, Options{})
	if _, err := s.SlashCommand(testContext(t), "U1", ""); !errors.Is(err, ErrNotConnected) {
		t.Errorf("err = %v, want ErrNotConnected", err)
	}
}

func TestEventRetried(t *testing.T) {
	s := newServer(t, Options{RetryDelay: 250 * time.Millisecond})
	b := startBot(t, s, func(b *bot, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeEventsAPI && evt.Request.RetryAttempt > 0 { // drop the first delivery
			_ = b.client.Ack(*evt.Request)
		}
	})
	mustConnect(t, s, 1)

	ack, err := s.SendEvent(testContext(t), "Ev1", map[string]any{
		"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home", "event_ts": "1700000000.000001",
	})
	if err != nil {
		t.Fatal(err)
	}
	if ack.RetryAttempt != 1 || ack.Type != "events_api" {
		t.Errorf("ack = %+v, want retry_attempt 1", ack)
	}
	var got []socketmode.Event
	for _, e := range b.seen() {
		if e.Type == socketmode.EventTypeEventsAPI {
			got = append(got, e)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d deliveries, want 2", len(got))
	}
	first, retry := got[0], got[1]
	if first.Request.RetryAttempt != 0 || retry.Request.RetryAttempt != 1 || retry.Request.RetryReason != "timeout" {
		t.Errorf("deliveries: attempt %d, then %d (%q)", first.Request.RetryAttempt, retry.Request.RetryAttempt, retry.Request.RetryReason)
	}
	outer := retry.Data.(slackevents.EventsAPIEvent)
	inner, ok := outer.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if outer.TeamID != TeamID || !ok || inner.User != "U1" || inner.Tab != "home" {
		t.Errorf("event = %+v / %+v", outer, outer.InnerEvent.Data)
	}
	if cb := outer.Data.(*slackevents.EventsAPICallbackEvent); cb.EventID != "Ev1" {
		t.Errorf("event_id = %q", cb.EventID)
	}
}

func TestEventErrNoAck(t *testing.T) {
	s := newServer(t, Options{RetryDelay: 10 * time.Millisecond, AckTimeout: 20 * time.Millisecond})
	b := startBot(t, s, nil)
	mustConnect(t, s, 1)
	_, err := s.SendEvent(testContext(t), "", map[string]any{"type": "team_join", "user": map[string]any{"id": "U5"}})
	if !errors.Is(err, ErrNoAck) {
		t.Errorf("err = %v, want ErrNoAck", err)
	}
	ctx := testContext(t)
	if err := s.WaitFor(ctx, func() bool { return b.count(socketmode.EventTypeEventsAPI) == 1+maxEventRetries }); err != nil {
		t.Errorf("deliveries = %d, want %d", b.count(socketmode.EventTypeEventsAPI), 1+maxEventRetries)
	}
}

func TestDisconnectReconnects(t *testing.T) {
	s := newServer(t, Options{})
	startBot(t, s, ackAll)
	mustConnect(t, s, 1)

	s.Disconnect("refresh_requested")
	mustConnect(t, s, 1)
	if n := s.ConnectionsOpened(); n != 2 {
		t.Errorf("%d connections opened, want 2", n)
	}
	if _, err := s.SlashCommand(testContext(t), "U1", ""); err != nil {
		t.Errorf("after reconnect: %v", err)
	}
}

func TestEnvelopesSpreadOverConnections(t *testing.T) {
	s := newServer(t, Options{})
	a, b := startBot(t, s, ackAll), startBot(t, s, ackAll)
	mustConnect(t, s, 2)
	for range 4 {
		if _, err := s.SlashCommand(testContext(t), "U1", ""); err != nil {
			t.Fatal(err)
		}
	}
	na, nb := a.count(socketmode.EventTypeSlashCommand), b.count(socketmode.EventTypeSlashCommand)
	if na != 2 || nb != 2 {
		t.Errorf("commands per connection: %d and %d, want 2 and 2", na, nb)
	}
	if n := len(s.Acks()); n != 4 {
		t.Errorf("%d acks recorded, want 4", n)
	}
}

func TestSendEnvelopeMalformed(t *testing.T) {
	s := newServer(t, Options{AckTimeout: 50 * time.Millisecond})
	b := startBot(t, s, ackAll)
	mustConnect(t, s, 1)
	_, err := s.SendEnvelope(testContext(t), "interactive", json.RawMessage(`{"type":5}`), "")
	if !errors.Is(err, ErrNoAck) {
		t.Errorf("err = %v, want ErrNoAck", err)
	}
	if err := s.WaitFor(testContext(t), func() bool { return b.count(socketmode.EventTypeErrorBadMessage) == 1 }); err != nil {
		t.Error("the client did not report the malformed payload")
	}
}
