package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestEveryEnvelopeAcked sends Socket Mode envelopes slack-go cannot
// decode: a type it does not know yet, and an event whose payload is not of
// the shape it expects. Each is acked on its first delivery, so Slack does
// not send it again, as HTTP mode answers the same requests 200.
func TestEveryEnvelopeAcked(t *testing.T) {
	clock := storetest.NewClock(t0)
	h := newHarness(t, storetest.MustSQLite(t, clock.Now), clock)
	for _, tt := range []struct {
		name, typ string
		payload   any
	}{
		{"UnknownType", "workflow_step_future", map[string]any{"team_id": slacktest.TeamID, "anything": []int{1, 2}}},
		{"UnknownTypeNoPayload", "hello_again", json.RawMessage(`null`)},
		{"EventNotReadable", "events_api", map[string]any{"type": "event_callback", "team_id": slacktest.TeamID, "event_id": "EvODD",
			"event": map[string]any{"type": "team_join", "user": "UALEX"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ack, err := h.fake.SendEnvelope(h.ctx, tt.typ, tt.payload, "Ev"+tt.name)
			if err != nil {
				t.Fatalf("not acked: %v", err)
			}
			if ack.RetryAttempt != 0 || len(ack.Payload) != 0 {
				t.Errorf("acked on attempt %d with %s; want the first, empty", ack.RetryAttempt, ack.Payload)
			}
		})
	}
	if got := h.command(alex, "help"); !strings.Contains(got, "/one-to-one") {
		t.Errorf("help after the odd envelopes = %q", got)
	}
	if n := strings.Count(h.logs.String(), "acked so Slack does not send it again"); n < 3 {
		t.Errorf("%d log lines say an unreadable envelope was acked; want one each", n)
	}
}
