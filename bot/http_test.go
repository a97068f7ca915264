package bot_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
)

// httpSecret is the signing secret the HTTP harness shares with "Slack".
const httpSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// httpHarness runs the real bot in HTTP mode behind an httptest.Server,
// against the fake Slack's Web API and a real store. It plays Slack's part
// of the HTTP protocol itself: signed form posts and event callbacks.
type httpHarness struct {
	t     *testing.T
	ctx   context.Context
	fake  *slacktest.Server
	store *models.Store
	clock *storetest.Clock
	bot   *bot.Bot
	srv   *httptest.Server
	reg   *prometheus.Registry
	logs  *syncBuffer
}

func newHTTPHarness(t *testing.T, store *models.Store, clock *storetest.Clock) *httpHarness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	fake := slacktest.New(slacktest.Options{})
	for _, u := range []slack.User{
		{ID: alex, Name: "alex", RealName: "Alex Rivera", TZ: "America/New_York"},
		{ID: sam, Name: "sam", RealName: "Sam Okafor", TZ: "Europe/Paris"},
	} {
		fake.AddUser(u)
	}
	logs := &syncBuffer{}
	reg := prometheus.NewRegistry()
	b := bot.New(bot.Config{
		Store: store, Slack: slack.New(slacktest.BotToken, slack.OptionAPIURL(fake.URL())), Now: clock.Now,
		Log:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		DefaultTZ: time.UTC, Metrics: bot.NewMetrics(reg), TeamID: slacktest.TeamID,
	})
	b.UseOutbox(scheduler.New(scheduler.Config{Store: store, Notifier: bot.NewNotifier(b), Now: clock.Now, Log: slog.New(slog.DiscardHandler), Hours: scheduler.AllDay}))
	srv := httptest.NewServer(bot.NewHTTP(b, httpSecret, clock.Now).Handler())
	t.Cleanup(func() {
		srv.Close() // waits for handlers: their work is registered with the bot
		sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		b.Shutdown(sctx)
		cancel()
		fake.Close()
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs.String())
		}
	})
	return &httpHarness{t: t, ctx: ctx, fake: fake, store: store, clock: clock, bot: b, srv: srv, reg: reg, logs: logs}
}

// eachHTTP runs fn on SQLite and on Postgres.
func eachHTTP(t *testing.T, fn func(t *testing.T, h *httpHarness)) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		fn(t, newHTTPHarness(t, s, clock))
	})
}

// signature is Slack's v0 signature of body sent at ts.
func signature(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// response is what the bot answered over HTTP.
type response struct {
	Status      int
	ContentType string
	Body        string
}

// do posts body to path with the given headers, as they are: tests of
// refusals build their own.
func (h *httpHarness) do(method, path, contentType string, body []byte, header http.Header) response {
	h.t.Helper()
	req, err := http.NewRequestWithContext(h.ctx, method, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", contentType)
	start := time.Now()
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if d := time.Since(start); d > 3*time.Second {
		h.t.Errorf("%s answered in %v, over Slack's 3 s", path, d)
	}
	got, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: string(got)}
}

// signed is how Slack sends body now. Slack signs with its wall-clock
// time, whatever the bot's clock says, and the bot judges freshness by the
// wall clock too (HTTP.verify), so this reads the wall clock, not h.clock.
func (h *httpHarness) signed(body []byte, extra ...string) http.Header {
	ts := time.Now().Unix()
	hd := http.Header{}
	hd.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	hd.Set("X-Slack-Signature", signature(httpSecret, ts, body))
	for i := 0; i+1 < len(extra); i += 2 {
		hd.Set(extra[i], extra[i+1])
	}
	return hd
}

const formType = "application/x-www-form-urlencoded"

// commandForm is the form Slack posts when user types /one-to-one text.
func (h *httpHarness) commandForm(user, text string) []byte {
	return []byte(url.Values{
		"token": {"legacy"}, "team_id": {slacktest.TeamID}, "team_domain": {slacktest.TeamDomain},
		"channel_id": {slacktest.GeneralChannelID}, "channel_name": {"general"},
		"user_id": {user}, "user_name": {strings.ToLower(user[1:])},
		"command": {slacktest.SlashCommandName}, "text": {text}, "api_app_id": {slacktest.AppID},
		"trigger_id": {h.fake.TriggerID(user)}, "response_url": {h.fake.ResponseURL(user)},
	}.Encode())
}

// command types a slash command over HTTP.
func (h *httpHarness) command(user, text string) response {
	h.t.Helper()
	body := h.commandForm(user, text)
	return h.do(http.MethodPost, bot.PathCommands, formType, body, h.signed(body))
}

// interact posts an interaction payload as Slack does: a form field holding
// JSON.
func (h *httpHarness) interact(payload map[string]any) response {
	h.t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		h.t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	return h.do(http.MethodPost, bot.PathInteractivity, formType, body, h.signed(body))
}

// event posts an event callback; retry > 0 marks a redelivery as Slack does.
func (h *httpHarness) event(id string, inner map[string]any, retry int) response {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{
		"token": "legacy", "team_id": slacktest.TeamID, "api_app_id": slacktest.AppID,
		"type": "event_callback", "event_id": id, "event_time": t0.Unix(), "event": inner,
	})
	var extra []string
	if retry > 0 {
		extra = []string{"X-Slack-Retry-Num", strconv.Itoa(retry), "X-Slack-Retry-Reason", "http_timeout"}
	}
	return h.do(http.MethodPost, bot.PathEvents, "application/json", body, h.signed(body, extra...))
}

func userObject(id string) map[string]any {
	return map[string]any{"id": id, "username": strings.ToLower(id[1:]), "name": strings.ToLower(id[1:]), "team_id": slacktest.TeamID}
}

// click builds the block_actions payload of pressing a button with this
// action id and value in one of the bot's DMs.
func (h *httpHarness) click(user, channel, ts, blockID, actionID, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "token": "legacy", "api_app_id": slacktest.AppID,
		"team": map[string]any{"id": slacktest.TeamID, "domain": slacktest.TeamDomain},
		"user": userObject(user), "trigger_id": h.fake.TriggerID(user),
		"container": map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false},
		"channel":   map[string]any{"id": channel, "name": "directmessage"},
		"actions": []any{map[string]any{
			"type": "button", "block_id": blockID, "action_id": actionID, "value": value,
			"text": map[string]any{"type": "plain_text", "text": actionID}, "action_ts": "1700000000.000100",
		}},
	}
}

// submission builds the view_submission payload of user's open modal with
// these state values (block id → action id → value object).
func (h *httpHarness) submission(user string, v slack.View, values map[string]any) map[string]any {
	h.t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		h.t.Fatal(err)
	}
	var view map[string]any
	if err := json.Unmarshal(raw, &view); err != nil {
		h.t.Fatal(err)
	}
	view["state"] = map[string]any{"values": values}
	return map[string]any{
		"type": "view_submission", "token": "legacy", "api_app_id": slacktest.AppID,
		"team": map[string]any{"id": slacktest.TeamID, "domain": slacktest.TeamDomain},
		"user": userObject(user), "trigger_id": h.fake.TriggerID(user),
		"view": view, "response_urls": []any{}, "is_enterprise_install": false,
	}
}

// waitModal waits for user's modal with this callback id in the fake.
func (h *httpHarness) waitModal(user, callbackID string) slack.View {
	h.t.Helper()
	var v slack.View
	if err := h.fake.WaitFor(h.ctx, func() bool {
		var ok bool
		v, ok = h.fake.OpenView(user)
		return ok && v.CallbackID == callbackID
	}); err != nil {
		h.t.Fatalf("modal %q never opened for %s (open: %q)", callbackID, user, v.CallbackID)
	}
	return v
}

// waitDM waits for a DM to user whose text contains want.
func (h *httpHarness) waitDM(user, want string) slacktest.Message {
	h.t.Helper()
	var found slacktest.Message
	if err := h.fake.WaitFor(h.ctx, func() bool {
		for _, m := range h.fake.DMs(user) {
			if strings.Contains(m.Text, want) {
				found = m
				return true
			}
		}
		return false
	}); err != nil {
		h.t.Fatalf("no DM to %s containing %q", user, want)
	}
	return found
}

// oneToOnes returns every one-to-one in the store.
func (h *httpHarness) oneToOnes() []models.OneToOne {
	h.t.Helper()
	var os []models.OneToOne
	if err := h.store.DB().Order("id").Find(&os).Error; err != nil {
		h.t.Fatal(err)
	}
	return os
}

func (h *httpHarness) processedEvents() int64 {
	h.t.Helper()
	var n int64
	if err := h.store.DB().Model(&models.ProcessedEvent{}).Count(&n).Error; err != nil {
		h.t.Fatal(err)
	}
	return n
}

// acks counts the ack latency observations of kind.
func (h *httpHarness) acks(kind string) uint64 {
	h.t.Helper()
	mfs, err := h.reg.Gather()
	if err != nil {
		h.t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "onetoone_ack_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "kind" && l.GetValue() == kind {
					return m.GetHistogram().GetSampleCount()
				}
			}
		}
	}
	return 0
}

// button finds the button with actionID in a message.
func button(t *testing.T, m slacktest.Message, actionID string) (blockID, value string) {
	t.Helper()
	for _, b := range m.Blocks.BlockSet {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == actionID {
				return a.BlockID, btn.Value
			}
		}
	}
	t.Fatalf("message %q has no %s button", m.Text, actionID)
	return "", ""
}

func TestHTTPCommandHelp(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		resp := h.command(alex, "help")
		if resp.Status != http.StatusOK || !strings.HasPrefix(resp.ContentType, "application/json") {
			t.Fatalf("help answered %d %q: %s", resp.Status, resp.ContentType, resp.Body)
		}
		var msg struct {
			ResponseType string `json:"response_type"`
			Text         string
		}
		if err := json.Unmarshal([]byte(resp.Body), &msg); err != nil {
			t.Fatalf("reply is not JSON: %v: %s", err, resp.Body)
		}
		if msg.ResponseType != "ephemeral" || !strings.Contains(msg.Text, "/one-to-one") {
			t.Errorf("reply = %+v", msg)
		}
		if n := h.acks("slash_commands"); n != 1 {
			t.Errorf("%d slash_commands acks measured, want 1", n)
		}
		// Slack's probe of the command URL is answered, and runs nothing.
		probe := []byte("ssl_check=1&token=legacy")
		if got := h.do("POST", bot.PathCommands, formType, probe, h.signed(probe)); got.Status != 200 || got.Body != "" {
			t.Errorf("ssl_check answered %+v", got)
		}
		if n := h.acks("slash_commands"); n != 1 {
			t.Errorf("ssl_check ran as a command")
		}
	})
}

// TestHTTPRefusals checks that a request Slack did not sign, or sent too
// long ago, or too big or garbled, is refused before anything runs. Each
// refused body would create a one-to-one or record an event if it got
// through.
func TestHTTPRefusals(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		cmd := h.commandForm(alex, "<@USAM|sam> coffee?")
		now := time.Now().Unix() // Slack's time, not the bot's (see signed)
		header := func(ts int64, sig string) http.Header {
			hd := http.Header{}
			if ts != 0 {
				hd.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
			}
			if sig != "" {
				hd.Set("X-Slack-Signature", sig)
			}
			return hd
		}
		big := append(append([]byte{}, cmd...), []byte("&pad="+strings.Repeat("a", 1<<20))...)
		event := []byte(`{"type":"event_callback","event_id":"EvREFUSED","event":{"type":"app_home_opened","user":"UALEX","tab":"home"}}`)
		for _, tt := range []struct {
			name   string
			method string
			path   string
			ctype  string
			body   []byte
			header http.Header
			want   int
		}{
			{"ErrWrongSecret", "POST", bot.PathCommands, formType, cmd, header(now, signature("not-the-secret", now, cmd)), 401},
			{"ErrTamperedBody", "POST", bot.PathCommands, formType, cmd, header(now, signature(httpSecret, now, []byte("text=help"))), 401},
			{"ErrSignedOtherTime", "POST", bot.PathCommands, formType, cmd, header(now, signature(httpSecret, now-1, cmd)), 401},
			{"ErrNotHex", "POST", bot.PathCommands, formType, cmd, header(now, "v0=zz"), 401},
			{"ErrNoVersion", "POST", bot.PathCommands, formType, cmd, header(now, strings.TrimPrefix(signature(httpSecret, now, cmd), "v0=")), 401},
			{"ErrMissingSignature", "POST", bot.PathCommands, formType, cmd, header(now, ""), 401},
			{"ErrMissingTimestamp", "POST", bot.PathCommands, formType, cmd, header(0, signature(httpSecret, now, cmd)), 401},
			{"ErrMissingHeaders", "POST", bot.PathEvents, "application/json", event, nil, 401},
			{"ErrStaleOrReplayed", "POST", bot.PathCommands, formType, cmd, header(now-6*60, signature(httpSecret, now-6*60, cmd)), 401},
			{"ErrFuture", "POST", bot.PathCommands, formType, cmd, header(now+6*60, signature(httpSecret, now+6*60, cmd)), 401},
			{"ErrStaleEvent", "POST", bot.PathEvents, "application/json", event, header(now-6*60, signature(httpSecret, now-6*60, event)), 401},
			{"ErrOversized", "POST", bot.PathCommands, formType, big, header(now, signature(httpSecret, now, big)), 413},
			{"ErrCommandNotForm", "POST", bot.PathCommands, "application/json", []byte(`{}`), header(now, signature(httpSecret, now, []byte(`{}`))), 400},
			{"ErrNoPayload", "POST", bot.PathInteractivity, formType, []byte("a=b"), header(now, signature(httpSecret, now, []byte("a=b"))), 400},
			{"ErrPayloadNotJSON", "POST", bot.PathInteractivity, formType, []byte("payload=%7B"), header(now, signature(httpSecret, now, []byte("payload=%7B"))), 400},
			{"ErrEventNotJSON", "POST", bot.PathEvents, "application/json", []byte("{"), header(now, signature(httpSecret, now, []byte("{"))), 400},
			{"ErrGet", "GET", bot.PathCommands, formType, nil, header(now, signature(httpSecret, now, nil)), 405},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if got := h.do(tt.method, tt.path, tt.ctype, tt.body, tt.header); got.Status != tt.want {
					t.Errorf("status = %d, want %d (%s)", got.Status, tt.want, got.Body)
				}
			})
		}
		// A request captured and replayed later is one signed long ago:
		// ErrStaleOrReplayed. That the bot's own clock running ahead does not
		// make fresh requests stale, TestHTTPRequestToReflection shows.
		if os := h.oneToOnes(); len(os) != 0 {
			t.Errorf("refused requests stored %d one-to-ones", len(os))
		}
		if n := h.processedEvents(); n != 0 {
			t.Errorf("refused events recorded %d event ids", n)
		}
		if calls := h.fake.Calls(""); len(calls) != 0 {
			t.Errorf("refused requests made %d Slack calls, first %s", len(calls), calls[0].Method)
		}
		for _, kind := range []string{"slash_commands", "events_api"} {
			if n := h.acks(kind); n != 0 {
				t.Errorf("%d %s acks measured for refused requests", n, kind)
			}
		}
	})
}

// TestHTTPNoSecret checks that a bot deployed without a signing secret
// refuses everything: an empty key signs for anyone.
func TestHTTPNoSecret(t *testing.T) {
	clock := storetest.NewClock(t0)
	b := bot.New(bot.Config{Store: storetest.MustSQLite(t, clock.Now), Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer b.Shutdown(context.Background())
	body := []byte("command=%2Fone-to-one&user_id=UALEX&text=help")
	req := httptest.NewRequest("POST", bot.PathCommands, bytes.NewReader(body))
	req.Header.Set("Content-Type", formType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(t0.Unix(), 10))
	req.Header.Set("X-Slack-Signature", signature("", t0.Unix(), body))
	rec := httptest.NewRecorder()
	bot.NewHTTP(b, "", clock.Now).Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", rec.Code)
	}
}

func TestHTTPURLVerification(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		body := []byte(`{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
		got := h.do("POST", bot.PathEvents, "application/json", body, h.signed(body))
		if got.Status != 200 || got.Body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" || !strings.HasPrefix(got.ContentType, "text/plain") {
			t.Errorf("challenge answered %+v", got)
		}
		if n := h.processedEvents(); n != 0 {
			t.Errorf("url_verification recorded %d event ids", n)
		}
	})
}

// TestHTTPEventRetry delivers one event twice, the second time as Slack's
// retry: the work runs once.
func TestHTTPEventRetry(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		inner := map[string]any{"type": "app_home_opened", "user": alex, "channel": "D" + alex, "tab": "home", "event_ts": "1700000000.000100"}
		for retry := 0; retry < 2; retry++ {
			if got := h.event("Ev0HTTPRETRY", inner, retry); got.Status != 200 || got.Body != "" {
				t.Fatalf("delivery %d answered %+v", retry, got)
			}
		}
		// An event type slack-go does not know is acked and dropped, so
		// Slack does not retry it.
		if got := h.event("Ev0HTTPUNKNOWN", map[string]any{"type": "no_such_event"}, 0); got.Status != 200 {
			t.Errorf("unknown event answered %+v", got)
		}
		sctx, stop := context.WithTimeout(h.ctx, 10*time.Second)
		defer stop()
		if err := h.bot.Shutdown(sctx); err != nil { // waits for the work after the acks
			t.Fatal(err)
		}
		if n := h.processedEvents(); n != 1 {
			t.Errorf("%d event ids recorded, want 1", n)
		}
		if n := strings.Count(h.logs.String(), "duplicate event skipped"); n != 1 {
			t.Errorf("%d deliveries skipped as duplicates, want 1", n)
		}
		if n := len(h.fake.Calls("views.publish")); n > 1 {
			t.Errorf("the event was handled %d times", n)
		}
		if n := h.acks("events_api"); n != 3 {
			t.Errorf("%d events_api acks measured, want 3", n)
		}
	})
}

// TestHTTPRequestToReflection walks a one-to-one from request to
// reflection over HTTP only.
func TestHTTPRequestToReflection(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		resp := h.command(alex, "<@USAM|sam> coffee?")
		if resp.Status != 200 || !strings.Contains(resp.Body, "Invitation sent") {
			t.Fatalf("request answered %+v", resp)
		}
		invite := h.waitDM(sam, "would like to have a one-to-one")
		os := h.oneToOnes()
		if len(os) != 1 || os[0].Status != models.StatusRequested {
			t.Fatalf("stored %+v", os)
		}
		id := os[0].ID

		// Sam picks a time.
		blockID, value := button(t, invite, "pick_time")
		if value != id.String() {
			t.Errorf("Pick a time carries %q, want the one-to-one id %d", value, id)
		}
		if resp := h.interact(h.click(sam, invite.Channel, invite.TS, blockID, "pick_time", value)); resp.Status != 200 || resp.Body != "" {
			t.Fatalf("click answered %+v", resp)
		}
		v := h.waitModal(sam, "schedule")
		when := t0.Add(48 * time.Hour)
		resp = h.interact(h.submission(sam, v, map[string]any{
			"when":     map[string]any{"when": map[string]any{"type": "datetimepicker", "selected_date_time": when.Unix()}},
			"duration": map[string]any{"duration": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "45", "text": map[string]any{"type": "plain_text", "text": "45 minutes"}}}},
			"place":    map[string]any{"place": map[string]any{"type": "plain_text_input", "value": "Café Lumen"}},
		}))
		if resp.Status != 200 || resp.Body != "" {
			t.Fatalf("schedule submission answered %+v (an empty 200 closes the modal)", resp)
		}
		o := h.oneToOnes()[0]
		if o.Status != models.StatusScheduled || o.ScheduledAt == nil || !o.ScheduledAt.Equal(when) || o.DurationMin != 45 || o.Place != "Café Lumen" {
			t.Fatalf("after scheduling: %+v", o)
		}
		h.waitDM(alex, "Your one-to-one with")

		// They meet; Alex reflects.
		h.clock.Advance(49 * time.Hour)
		if resp := h.interact(h.click(alex, "D"+alex, "1700000000.000200", "reflect", "reflect", value)); resp.Status != 200 {
			t.Fatalf("reflect click answered %+v", resp)
		}
		v = h.waitModal(alex, "reflect")
		var meta struct{ ID models.OneToOneID }
		if err := json.Unmarshal([]byte(v.PrivateMetadata), &meta); err != nil || meta.ID != id {
			t.Errorf("reflect modal metadata = %q, want it to carry id %d", v.PrivateMetadata, id)
		}
		resp = h.interact(h.submission(alex, v, map[string]any{
			"cares": map[string]any{"cares": map[string]any{"type": "plain_text_input", "value": "Her kids' school, and the rent."}},
		}))
		var action slack.ViewSubmissionResponse
		if resp.Status != 200 || json.Unmarshal([]byte(resp.Body), &action) != nil || action.ResponseAction != slack.RAUpdate {
			t.Fatalf("reflect submission answered %+v", resp)
		}
		if o := h.oneToOnes()[0]; o.Status != models.StatusReflected {
			t.Errorf("after reflecting: status %q, want %q", o.Status, models.StatusReflected)
		}
		for kind, want := range map[string]uint64{"slash_commands": 1, "block_actions": 2, "view_submission": 2} {
			if n := h.acks(kind); n != want {
				t.Errorf("%d %s acks measured, want %d", n, kind, want)
			}
		}
	})
}
