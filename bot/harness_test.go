package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// t0 is the harness's "now": a Friday afternoon in New York.
var t0 = time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)

// People of the fake workspace.
const (
	alex  = "UALEX"  // an organizer in New York
	sam   = "USAM"   // a new member in Paris
	robin = "UROBIN" // a coordinator (ONETOONE_COORDINATORS)
	kit   = "UKIT"   // a workspace admin from IT, not a coordinator
	gone  = "UGONE"  // deactivated
	botty = "UBOTTY" // another app's bot
)

// harness runs the real bot over Socket Mode against the fake Slack and a
// real store.
type harness struct {
	t     *testing.T
	ctx   context.Context
	fake  *slacktest.Server
	store *models.Store
	clock *storetest.Clock
	bot   *bot.Bot
	logs  *syncBuffer
}

// syncBuffer collects log output safely across goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newHarness(t *testing.T, store *models.Store, clock *storetest.Clock) *harness {
	t.Helper()
	return newHarnessWith(t, store, clock, nil)
}

// newHarnessWith lets a test adjust the bot's configuration.
func newHarnessWith(t *testing.T, store *models.Store, clock *storetest.Clock, edit func(c *bot.Config)) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	fake := slacktest.New(slacktest.Options{})
	for _, u := range []slack.User{
		{ID: alex, Name: "alex", RealName: "Alex Rivera", TZ: "America/New_York", Profile: slack.UserProfile{DisplayName: "Alex"}},
		{ID: sam, Name: "sam", RealName: "Sam Okafor", TZ: "Europe/Paris"},
		{ID: robin, Name: "robin", RealName: "Robin", TZ: "America/Chicago"},
		{ID: kit, Name: "kit", RealName: "Kit from IT", TZ: "America/Chicago", IsAdmin: true},
		{ID: gone, Name: "gone", RealName: "Former Member", Deleted: true},
		{ID: botty, Name: "otherbot", RealName: "Other Bot", IsBot: true},
	} {
		fake.AddUser(u)
	}
	api := slack.New(slacktest.BotToken, slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(fake.URL()))
	logs := &syncBuffer{}
	cfg := bot.Config{
		Store: store, Slack: api, Now: clock.Now, Coordinators: []models.UserID{robin},
		Log:       slog.New(slog.NewTextHandler(io.MultiWriter(logs), &slog.HandlerOptions{Level: slog.LevelDebug})),
		DefaultTZ: time.UTC, TeamID: slacktest.TeamID,
	}
	if edit != nil {
		edit(&cfg)
	}
	b := bot.New(cfg)
	// The messages that follow what people do go through the scheduler's
	// outbox, as cmd/ wires it.
	b.UseOutbox(scheduler.New(scheduler.Config{Store: store, Notifier: bot.NewNotifier(b), Now: clock.Now, Log: cfg.Log, Hours: scheduler.AllDay}))
	sm := bot.NewSocketMode(b, socketmode.New(api))
	done := make(chan struct{})
	go func() { defer close(done); sm.Run(ctx) }()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("bot never connected: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-done
		sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		b.Shutdown(sctx)
		fake.Close()
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs.String())
		}
	})
	return &harness{t: t, ctx: ctx, fake: fake, store: store, clock: clock, bot: b, logs: logs}
}

// eachHarness runs fn on SQLite and on Postgres.
func eachHarness(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		fn(t, newHarness(t, s, clock))
	})
}

// command types a slash command and returns the text of the ephemeral
// answer, inline or through response_url.
func (h *harness) command(user, text string) string {
	h.t.Helper()
	before := len(h.fake.Ephemerals(user))
	ack, err := h.fake.SlashCommand(h.ctx, user, text)
	if err != nil {
		h.t.Fatalf("/one-to-one %s: %v", text, err)
	}
	if ack.Latency > 3*time.Second {
		h.t.Errorf("ack took %v, over Slack's 3 s", ack.Latency)
	}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" {
		return "" // opened a modal, or replied late via response_url
	}
	var msg struct{ Text string }
	json.Unmarshal(ack.Payload, &msg)
	if eph := h.fake.Ephemerals(user); len(eph) <= before {
		h.t.Errorf("the inline reply was not recorded as ephemeral")
	}
	return msg.Text
}

// click presses the newest button with this text that user can see.
func (h *harness) click(user, text string) {
	h.t.Helper()
	if _, err := h.fake.ClickButton(h.ctx, user, text); err != nil {
		h.t.Fatalf("%s clicks %q: %v", user, text, err)
	}
}

// submit fills the user's open modal by label and returns the errors Slack
// would show beside fields, if any.
func (h *harness) submit(user string, values map[string]string) map[string]string {
	h.t.Helper()
	ack, err := h.fake.SubmitView(h.ctx, user, values)
	if err != nil {
		h.t.Fatalf("%s submits: %v", user, err)
	}
	var resp slack.ViewSubmissionResponse
	if len(ack.Payload) > 0 {
		json.Unmarshal(ack.Payload, &resp)
	}
	return resp.Errors
}

// waitModal waits for user's modal with this callback id to open.
func (h *harness) waitModal(user, callbackID string) slack.View {
	h.t.Helper()
	var v slack.View
	err := h.fake.WaitFor(h.ctx, func() bool {
		var ok bool
		v, ok = h.fake.OpenView(user)
		return ok && v.CallbackID == callbackID
	})
	if err != nil {
		h.t.Fatalf("modal %q never opened for %s (open: %q)", callbackID, user, v.CallbackID)
	}
	return v
}

// waitDM waits for a DM to user whose text contains want, and returns it.
func (h *harness) waitDM(user, want string) slacktest.Message {
	h.t.Helper()
	var found slacktest.Message
	err := h.fake.WaitFor(h.ctx, func() bool {
		for _, m := range h.fake.DMs(user) {
			if strings.Contains(m.Text, want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		var texts []string
		for _, m := range h.fake.DMs(user) {
			texts = append(texts, m.Text)
		}
		h.t.Fatalf("no DM to %s containing %q; DMs: %q", user, want, texts)
	}
	return found
}

// waitEphemeral waits for a private message to user containing want.
func (h *harness) waitEphemeral(user, want string) {
	h.t.Helper()
	err := h.fake.WaitFor(h.ctx, func() bool {
		for _, e := range h.fake.Ephemerals(user) {
			if strings.Contains(e.Text, want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		var texts []string
		for _, e := range h.fake.Ephemerals(user) {
			texts = append(texts, e.Text)
		}
		h.t.Fatalf("no ephemeral to %s containing %q; got %q", user, want, texts)
	}
}

// waitHeld waits until a call to method is waiting on a Hold.
func (h *harness) waitHeld(method string) {
	h.t.Helper()
	if err := h.fake.WaitFor(h.ctx, func() bool { return h.fake.Held(method) > 0 }); err != nil {
		h.t.Fatalf("no call to %s was held", method)
	}
}

// homePublishes returns the views.publish calls for user's Home tab.
func (h *harness) homePublishes(user string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range h.fake.Calls("views.publish") {
		if c.Params["user_id"] == user {
			out = append(out, c)
		}
	}
	return out
}

// oneToOnes returns every one-to-one in the store.
func (h *harness) oneToOnes() []models.OneToOne {
	h.t.Helper()
	var os []models.OneToOne
	if err := h.store.DB().Order("id").Find(&os).Error; err != nil {
		h.t.Fatal(err)
	}
	return os
}

// only returns the single one-to-one in the store.
func (h *harness) only() models.OneToOne {
	h.t.Helper()
	os := h.oneToOnes()
	if len(os) != 1 {
		h.t.Fatalf("%d one-to-ones stored, want 1: %+v", len(os), os)
	}
	return os[0]
}

// waitStatus waits until the single one-to-one reaches status.
func (h *harness) waitStatus(want models.Status) models.OneToOne {
	h.t.Helper()
	var o models.OneToOne
	err := h.fake.WaitFor(h.ctx, func() bool {
		os := h.oneToOnes()
		if len(os) == 1 {
			o = os[0]
		}
		return len(os) == 1 && o.Status == want
	})
	if err != nil {
		h.t.Fatalf("one-to-one status = %q, want %q", o.Status, want)
	}
	return o
}

func hasButton(m slacktest.Message, text string) bool {
	for _, b := range m.Blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.Text.Text == text {
					return true
				}
			}
		}
		if s, ok := b.(*slack.SectionBlock); ok && s.Accessory != nil && s.Accessory.ButtonElement != nil && s.Accessory.ButtonElement.Text.Text == text {
			return true
		}
	}
	return false
}

// blocksJSON renders blocks as Slack would receive them, for assertions on
// what a person sees.
func blocksJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	// slack.Blocks marshals itself with HTML escaping; undo it so tests
	// read what Slack would.
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(b.String())
}
