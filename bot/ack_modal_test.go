package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// modalCommands are the commands whose whole answer is a modal: who types
// them, and the modal that opens.
var modalCommands = []struct {
	name, user, text, modal string
}{
	{"Request", alex, "", "request"},
	{"RequestWithoutWords", alex, "<@USAM|sam>", "request"},
	{"RequestOutsideSlack", alex, `"Maria Lopez" coffee?`, "schedule_outside"},
	{"Log", alex, "log <@USAM>", "reflect"},
	{"Settings", robin, "settings", "settings"},
	{"Team", robin, "team", "team"},
}

// ackWait is how long an ack may take while views.open is held. The bot
// used to wait for views.open up to its 2 s ack budget; without that wait
// the ack takes milliseconds.
const ackWait = time.Second

// TestModalCommandAcksFirst: while Slack holds views.open unanswered, a
// command whose answer is a modal is acked at once, empty; views.open is
// called after the ack, and the modal opens when Slack answers.
func TestModalCommandAcksFirst(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, tc := range modalCommands {
			t.Run(tc.name, func(t *testing.T) {
				release := h.fake.Hold("views.open")
				defer release()
				ack, err := h.fake.SlashCommand(h.ctx, tc.user, tc.text)
				if err != nil {
					t.Fatal(err)
				}
				if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
					t.Errorf("ack payload = %s, want none: the modal is the answer", ack.Payload)
				}
				if ack.Latency > ackWait {
					t.Errorf("acked after %v: the ack waited for views.open", ack.Latency)
				}
				// The bot's views.open arrives after the ack, and waits.
				wctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
				defer cancel()
				if err := h.fake.WaitFor(wctx, func() bool { return h.fake.Held("views.open") == 1 }); err != nil {
					t.Fatalf("views.open never called after the ack")
				}
				release()
				h.waitModal(tc.user, tc.modal)
				if tc.modal == "team" {
					// What follows the opening ran: the loading modal is filled.
					if err := h.fake.WaitFor(wctx, func() bool {
						v, _ := h.fake.OpenView(tc.user)
						return strings.Contains(blocksJSON(v.Blocks), "Who is meeting whom")
					}); err != nil {
						t.Errorf("the team modal was never filled")
					}
				}
				if _, err := h.fake.CloseView(h.ctx, tc.user); err != nil {
					t.Fatal(err)
				}
			})
		}
		if n := len(h.fake.Calls("response_url")); n != 0 {
			t.Errorf("%d response_url posts, want none: every modal opened", n)
		}
	})
}

// TestModalCommandFailsKindly: when the modal cannot open after the ack,
// the person is told why through the command's response_url, ephemerally.
func TestModalCommandFailsKindly(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, tc := range []struct {
			name string
			fail func() (release func())
			want string
		}{
			{"ExpiredTrigger", func() func() {
				// Slack answers views.open only after the trigger's 3 s.
				release := h.fake.Hold("views.open")
				return func() { h.fake.ExpireTriggers(); release() }
			}, "That took me too long, sorry. Please try once more."},
			{"InvalidTrigger", func() func() { h.fake.FailNext("views.open", "invalid_trigger_id"); return func() {} },
				"That took me too long, sorry. Please try once more."},
			{"SlackError", func() func() { h.fake.FailNext("views.open", "internal_error"); return func() {} },
				"Sorry, something went wrong on my side. Please try again in a moment."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := len(h.fake.Ephemerals(alex))
				release := tc.fail()
				ack, err := h.fake.SlashCommand(h.ctx, alex, "")
				release()
				if err != nil {
					t.Fatal(err)
				}
				if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
					t.Errorf("ack payload = %s, want none", ack.Payload)
				}
				var got []string
				wctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
				defer cancel()
				err = h.fake.WaitFor(wctx, func() bool {
					got = got[:0]
					for _, e := range h.fake.Ephemerals(alex)[before:] {
						got = append(got, e.Text)
						if e.Text == tc.want && e.ViaResponseURL {
							return true
						}
					}
					return false
				})
				if err != nil {
					t.Fatalf("ephemerals = %q, want %q through the response_url", got, tc.want)
				}
				if v, ok := h.fake.OpenView(alex); ok {
					t.Errorf("modal %q open after a failed views.open", v.CallbackID)
				}
			})
		}
	})
}

// TestInlineCommandsAnswerInTheAck: commands that answer with a message,
// refusals of modal commands included, still answer in the ack itself,
// and open nothing.
func TestInlineCommandsAnswerInTheAck(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, tc := range []struct{ user, text, want string }{
			{alex, "help", "/one-to-one"},
			{alex, "list", "Nothing open"},
			{alex, "goal", "haven't set a goal"},
			{alex, "<@USAM> coffee?", "Invitation sent"},
			{alex, "settings", "for the group's coordinators"},
			{alex, "team", "for the group's coordinators"},
			{alex, "log", "Who did you meet?"},
			{alex, "log <@UBOTTY>", "is a bot"},
			{alex, "<@UGONE>", "deactivated"},
		} {
			if got := h.command(tc.user, tc.text); !strings.Contains(got, tc.want) {
				t.Errorf("%q answered inline %q, want %q", tc.text, got, tc.want)
			}
		}
		if n := len(h.fake.Calls("views.open")); n != 0 {
			t.Errorf("%d views.open calls, want none", n)
		}
		if n := len(h.fake.Calls("response_url")); n != 0 {
			t.Errorf("%d response_url posts, want none: every answer was inline", n)
		}
	})
}

// TestHTTPModalCommandAcksFirst: over HTTP too, the response to a modal
// command comes back while views.open is still held, and a modal that
// cannot open is explained through the response_url.
func TestHTTPModalCommandAcksFirst(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		release := h.fake.Hold("views.open")
		defer release()
		start := time.Now()
		resp := h.command(alex, "")
		if d := time.Since(start); d > ackWait {
			t.Errorf("answered after %v: the ack waited for views.open", d)
		}
		if resp.Status != http.StatusOK || resp.Body != "" {
			t.Errorf("answered %+v, want an empty 200", resp)
		}
		wctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
		defer cancel()
		if err := h.fake.WaitFor(wctx, func() bool { return h.fake.Held("views.open") == 1 }); err != nil {
			t.Fatalf("views.open never called after the ack")
		}
		release()
		h.waitModal(alex, "request")

		h.fake.FailNext("views.open", "expired_trigger_id")
		if resp := h.command(sam, ""); resp.Status != http.StatusOK || resp.Body != "" {
			t.Errorf("answered %+v, want an empty 200", resp)
		}
		want := "That took me too long, sorry. Please try once more."
		wctx, cancel = context.WithTimeout(h.ctx, 10*time.Second)
		defer cancel()
		if err := h.fake.WaitFor(wctx, func() bool {
			eph := h.fake.Ephemerals(sam)
			return len(eph) == 1 && eph[0].Text == want && eph[0].ViaResponseURL
		}); err != nil {
			t.Errorf("ephemerals = %+v, want %q through the response_url", h.fake.Ephemerals(sam), want)
		}
		if n := h.acks("slash_commands"); n != 2 {
			t.Errorf("%d slash_commands acks measured, want 2", n)
		}
	})
}

// TestHTTPInlineAnswerUnchanged: an inline answer is still the body of
// the response.
func TestHTTPInlineAnswerUnchanged(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		resp := h.command(alex, "log")
		var msg struct{ Text string }
		if err := json.Unmarshal([]byte(resp.Body), &msg); err != nil || !strings.Contains(msg.Text, "Who did you meet?") {
			t.Errorf("answered %+v", resp)
		}
		if n := len(h.fake.Calls("response_url")) + len(h.fake.Calls("views.open")); n != 0 {
			t.Errorf("%d calls after an inline answer, want none", n)
		}
	})
}
