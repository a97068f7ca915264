package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

// TestFaultMalformedPayloads sends a running `onetoone serve` process
// envelopes of every kind it receives (slash commands, block_actions,
// view_submission, events) with truncated JSON, wrong types, unknown ids,
// missing fields and megabyte strings. The process never crashes and keeps
// answering a valid command within Slack's 3 seconds; what it could read
// but not use leaves a log line; a person it can identify is told (a stale
// button, a modal it cannot save), and nobody gets anything harmful.
//
// An envelope slack-go cannot decode (wrong types, a type it does not know)
// is acked all the same, so Slack does not send it again. Frames that are
// not JSON never reach the bot: slack-go drops a truncated one silently
// (io.ErrUnexpectedEOF) and reports other syntax errors as
// socketmode.EventTypeIncomingError. They name no envelope, so they go
// unacked, which is all Slack would see; the test checks only that.
func TestFaultMalformedPayloads(t *testing.T) {
	t.Parallel() // after the sequential tests, beside the other fault tests: it mostly waits on Slack's pacing
	fake := slacktest.New(slacktest.Options{AckTimeout: 3 * time.Second, RetryDelay: 200 * time.Millisecond})
	defer fake.Close()
	const alex = "UMALALEX"
	fake.AddUser(slackUser(alex))
	env := faultEnv(fake, "sqlite:"+filepath.Join(t.TempDir(), "malformed.db"))
	env["LOG_LEVEL"] = "debug"
	p := startBot(t, "bot", env)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	p.waitReady(ctx)
	help := func(when string) {
		t.Helper()
		ack, err := fake.SlashCommand(ctx, alex, "help")
		if err != nil || ack.Latency > 3*time.Second || !strings.Contains(ackText(ack), "one-to-one") {
			t.Fatalf("help %s: %v after %v: %s (process exited: %v)", when, err, ack.Latency, ack.Payload, p.exited())
		}
	}
	help("before")

	huge := strings.Repeat("x", 1<<20)
	user := map[string]any{"id": alex, "username": "umalalex", "name": "umalalex", "team_id": slacktest.TeamID}
	team := map[string]any{"id": slacktest.TeamID, "domain": slacktest.TeamDomain}
	inputBlock := []any{map[string]any{"type": "input", "block_id": "cares", "label": map[string]any{"type": "plain_text", "text": "What do they care about?"},
		"element": map[string]any{"type": "plain_text_input", "action_id": "cares"}}}
	submission := func(callback, metadata string) map[string]any {
		return map[string]any{"type": "view_submission", "user": user, "team": team, "trigger_id": "1.2.bogus",
			"view": map[string]any{"id": "VMAL", "type": "modal", "callback_id": callback, "private_metadata": metadata, "hash": "h",
				"blocks": inputBlock, "state": map[string]any{"values": map[string]any{"cares": map[string]any{"cares": map[string]any{"type": "plain_text_input", "value": "Her kids"}}}}}}
	}
	click := func(actionID, value string) map[string]any {
		return map[string]any{"type": "block_actions", "user": user, "team": team, "trigger_id": "1.2.bogus",
			"channel":   map[string]any{"id": "D" + alex, "name": "directmessage"},
			"container": map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": "D" + alex},
			"actions":   []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "b", "value": value, "action_ts": nowTS()}}}
	}
	event := func(id string, ev any) map[string]any {
		return map[string]any{"type": "event_callback", "team_id": slacktest.TeamID, "api_app_id": slacktest.AppID, "event_id": id, "event_time": time.Now().Unix(), "event": ev}
	}
	command := func(text string) map[string]any {
		return map[string]any{"command": "/one-to-one", "text": text, "user_id": alex, "user_name": "umalalex", "team_id": slacktest.TeamID, "channel_id": slacktest.GeneralChannelID}
	}
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }

	const (
		acked   = "acked"   // the bot answers the envelope
		unacked = "unacked" // the frame is not JSON: no envelope id, no ack (Slack shows an error or retries)
	)
	cases := []struct {
		name, typ string
		payload   any
		want      string
		// told, when set, is what the ack must say to the person.
		told string
	}{
		{"command/truncated JSON", "slash_commands", raw(`{"command":"/one-to-one","user_id":"UMALALEX","text":"hel`), unacked, ""},
		{"command/not JSON", "slash_commands", raw(`{"command": /one-to-one, "text": help}`), unacked, ""},
		{"command/wrong types", "slash_commands", raw(`{"command":"/one-to-one","user_id":42,"text":["help"]}`), acked, ""},
		{"command/not an object", "slash_commands", raw(`[1,2,3]`), acked, ""},
		{"command/missing fields", "slash_commands", raw(`{}`), acked, ""},
		{"command/null", "slash_commands", raw(`null`), acked, ""},
		{"command/another command", "slash_commands", map[string]any{"command": "/other", "text": "help", "user_id": alex, "team_id": slacktest.TeamID}, acked, "one-to-one"},
		{"command/huge text", "slash_commands", command(huge), acked, "didn't catch"},
		{"command/huge name", "slash_commands", command(`log "` + huge + `"`), acked, "longer than"},
		{"command/unknown subcommand", "slash_commands", command("self-destruct now"), acked, ""},

		{"block_actions/truncated JSON", "interactive", raw(`{"type":"block_actions","user":{"id":"UMALALEX"`), unacked, ""},
		{"block_actions/wrong types", "interactive", raw(`{"type":"block_actions","actions":"pick_time","user":"UMALALEX"}`), acked, ""},
		{"block_actions/unknown action id", "interactive", click("self_destruct", "1"), acked, ""},
		{"block_actions/stale button value", "interactive", click("pick_time", "not-a-number"), acked, ""},
		{"block_actions/huge value", "interactive", click("cancel", huge), acked, ""},
		{"block_actions/no actions", "interactive", map[string]any{"type": "block_actions", "user": user, "team": team, "actions": []any{}}, acked, ""},
		{"block_actions/no user", "interactive", map[string]any{"type": "block_actions", "team": team, "actions": click("reflect", "1")["actions"]}, acked, ""},
		{"view_submission/missing view", "interactive", map[string]any{"type": "view_submission", "user": user, "team": team}, acked, ""},
		{"view_submission/unknown callback", "interactive", submission("self_destruct", ""), acked, ""},
		{"view_submission/garbage metadata", "interactive", submission("reflect", "{"), acked, "errors"},
		{"view_submission/huge metadata", "interactive", submission("schedule", huge), acked, "errors"},
		{"interactive/unknown type", "interactive", map[string]any{"type": "workflow_step_edit", "user": user, "team": team, "callback_id": "x"}, acked, ""},
		{"interactive/null", "interactive", raw(`null`), acked, ""},
		{"envelope/unknown type", "a_type_from_the_future", map[string]any{"team_id": slacktest.TeamID}, acked, ""},

		{"events/truncated JSON", "events_api", raw(`{"type":"event_callback","event_id":"EvMAL1","event":{"type":"team_join"`), unacked, ""},
		{"events/wrong types", "events_api", event("EvMAL2", map[string]any{"type": "team_join", "user": alex}), acked, ""},
		{"events/missing event", "events_api", map[string]any{"type": "event_callback", "event_id": "EvMAL3"}, acked, ""},
		{"events/not an object", "events_api", raw(`"event"`), acked, ""},
		{"events/unknown event", "events_api", event("EvMAL4", map[string]any{"type": "reaction_added", "user": alex}), acked, ""},
		{"events/home without user", "events_api", event("EvMAL5", map[string]any{"type": "app_home_opened", "tab": "home"}), acked, ""},
		{"events/join without id", "events_api", event("EvMAL6", map[string]any{"type": "team_join", "user": map[string]any{"name": "nobody"}}), acked, ""},
		{"events/huge", "events_api", event("EvMAL7", map[string]any{"type": "app_home_opened", "user": alex, "tab": huge}), acked, ""},
		{"events/no event id", "events_api", event("", map[string]any{"type": "member_joined_channel", "user": alex, "channel": "C0DIGEST"}), acked, ""},
		{"events/unknown envelope payload type", "events_api", map[string]any{"type": "bogus"}, acked, ""},
	}
	// The small envelopes go all at once; the megabyte ones one by one, as
	// the socket's one reader decodes them in turn (a pile of them would
	// queue past any ack deadline, and Slack sends nothing that size).
	results := make([]error, len(cases))
	try := func(i int) {
		c := cases[i]
		ack, err := fake.SendEnvelope(ctx, c.typ, c.payload, "malformed")
		switch {
		case c.want == unacked && err == nil:
			results[i] = fmt.Errorf("acked %s; an unreadable envelope cannot be", ack.Payload)
		case c.want == unacked && !errors.Is(err, slacktest.ErrNoAck):
			results[i] = err
		case c.want == acked && err != nil:
			results[i] = fmt.Errorf("not acked: %w", err)
		case c.want == acked && ack.Latency > 3*time.Second:
			results[i] = fmt.Errorf("acked after %v, over Slack's 3 s", ack.Latency)
		case c.told != "" && !strings.Contains(string(ack.Payload), c.told):
			results[i] = fmt.Errorf("ack %.300s does not tell the person %q", ack.Payload, c.told)
		case len(ack.Payload) >= 20000:
			results[i] = fmt.Errorf("ack of %d bytes: Slack drops acks of 20 KB", len(ack.Payload))
		}
	}
	big := func(i int) bool { b, _ := json.Marshal(cases[i].payload); return len(b) > len(huge) }
	var wg sync.WaitGroup
	for i := range cases {
		if !big(i) {
			wg.Add(1)
			go func() { defer wg.Done(); try(i) }()
		}
	}
	wg.Wait()
	for i := range cases {
		if big(i) {
			try(i)
		}
	}
	for i, err := range results {
		if err != nil {
			t.Errorf("%s: %v", cases[i].name, err)
		}
	}
	if p.exited() {
		t.Fatalf("the bot exited: %v\n%s", p.err, p.log.tail(6000))
	}
	help("after")

	// The stale button was answered privately; the unknown one got
	// nothing; nothing went to a channel or a DM.
	if err := slacktest.WaitFor(ctx, func() bool {
		for _, e := range fake.Ephemerals(alex) {
			if strings.Contains(e.Text, "no longer open") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Errorf("the click on a stale button was not answered; ephemerals: %+v", fake.Ephemerals(alex))
	}
	logs := p.log.String()
	for _, want := range []string{
		"unreadable socket mode message", // wrong types: slack-go cannot decode the envelope
		"click on unknown action",
		"submission for unknown view",
		"interaction type not handled",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("no log line %q", want)
		}
	}
	for _, bad := range []string{"panic", "DATA RACE", huge[:1000]} {
		if strings.Contains(logs, bad) {
			t.Errorf("the log contains %.40q", bad)
		}
	}
	if code := p.stop(); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	// The work after the acks is done: the bot finishes it before it exits.
	if dms := fake.DMs(alex); len(dms) != 0 {
		t.Errorf("malformed payloads made the bot DM %s: %+v", alex, dms)
	}
	for _, c := range fake.Calls("chat.postMessage") {
		t.Errorf("malformed payloads made the bot post: %v", c.Params)
	}
	t.Logf("%d malformed envelopes (slash_commands, block_actions, view_submission, events_api): no crash, help answered after; log lines: %d unreadable, %d unknown actions, %d unknown views",
		len(cases), strings.Count(logs, "unreadable socket mode message"), strings.Count(logs, "click on unknown action"), strings.Count(logs, "submission for unknown view"))
}
