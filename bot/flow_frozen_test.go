package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
)

// jo opens their Home tab while the database is frozen.
const jo = "UJO"

// cantReach is what a person must hear when the database does not answer.
var cantReach = []string{"can't reach my database", "nothing was saved"}

// frozenAnswer is what one action got while the database was frozen.
type frozenAnswer struct {
	what string
	took time.Duration
	text string
}

// TestFrozenDatabase runs the real bot on a Postgres reached through a
// relay, and freezes the relay mid-flow: connections stay open, nothing
// answers. A request typed then, a click, a submitted scheduling form and
// list are each answered inside Slack's 3 s with the clear message (the
// form stays open), and Home tabs opened then give up instead of piling
// up, as do the Home refreshes after a request stored just before. After
// the thaw none of it happens late: the same request goes through as new,
// nothing frozen-time reaches Slack, and the one-to-ones are as they were.
func TestFrozenDatabase(t *testing.T) {
	clock := storetest.NewClock(t0)
	rel, store := relayedPostgres(t, clock)
	reg := prometheus.NewRegistry()
	h := newHarnessWith(t, store, clock, func(c *bot.Config) { c.Metrics = bot.NewMetrics(reg) })
	h.fake.AddUser(slack.User{ID: jo, Name: "jo", RealName: "Jo", TZ: "UTC"})

	// Before the freeze: Alex asks Sam, who opens the scheduling form; days
	// later Alex asks again and is offered a reminder.
	if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "Invitation sent") {
		t.Fatalf("request before the freeze = %q", got)
	}
	h.waitDM(sam, "would like to have a one-to-one")
	h.click(sam, "Pick a time")
	h.waitModal(sam, "schedule")
	h.clock.Advance(3 * 24 * time.Hour)
	if got := h.command(alex, "<@USAM> again?"); !strings.Contains(got, "already asked") {
		t.Fatalf("second request before the freeze = %q", got)
	}
	if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.homePublishes(alex)) > 0 && len(h.homePublishes(sam)) > 0 }); err != nil {
		t.Fatal("the Home tabs were never drawn after the request")
	}
	before := h.oneToOnes()

	// Jo's request to Kit is stored just before the freeze, and Slack holds
	// the invitation until the database is frozen: the Home refreshes that
	// follow it meet the freeze.
	release := h.fake.Hold("chat.postMessage")
	go h.fake.SlashCommand(h.ctx, jo, "<@UKIT> shall we meet?")
	h.waitHeld("chat.postMessage")
	rel.freeze()
	frozen := time.Now()
	release()
	answers := make(chan frozenAnswer, 4)
	var wg sync.WaitGroup
	act := func(fn func() frozenAnswer) {
		wg.Add(1)
		go func() { defer wg.Done(); answers <- fn() }()
	}
	act(func() frozenAnswer {
		return h.frozenCommand(robin, "<@UALEX> could we talk about the campaign?", "request")
	})
	act(func() frozenAnswer { return h.frozenCommand(kit, "list", "list") })
	act(func() frozenAnswer {
		seen := len(h.fake.Ephemerals(alex))
		start := time.Now()
		h.click(alex, "Send a gentle reminder")
		return h.frozenReply(alex, seen, start, "click")
	})
	act(func() frozenAnswer {
		at := h.clock.Now().Add(48 * time.Hour).Truncate(time.Minute)
		ack, err := h.fake.SubmitView(h.ctx, sam, map[string]string{"When": fmt.Sprint(at.Unix()), "How long": "60 minutes", "Where": "Café Luna"})
		if err != nil {
			return frozenAnswer{what: "submission", text: err.Error()}
		}
		var resp slack.ViewSubmissionResponse
		json.Unmarshal(ack.Payload, &resp)
		return frozenAnswer{what: "submission", took: ack.Latency, text: fmt.Sprint(resp.Errors)}
	})
	const homes = 3
	for i := range homes {
		ev := map[string]any{"type": "app_home_opened", "user": jo, "channel": "D" + jo, "tab": "home", "event_ts": fmt.Sprintf("%d.00000%d", time.Now().Unix(), i)}
		if _, err := h.fake.SendEvent(h.ctx, fmt.Sprintf("EvFROZEN%d", i), ev); err != nil {
			t.Fatalf("app_home_opened: %v", err)
		}
	}
	wg.Wait()
	close(answers)
	for a := range answers {
		t.Logf("frozen database: %s answered in %v: %q", a.what, a.took.Round(time.Millisecond), a.text)
		if a.took <= 0 || a.took >= 3*time.Second {
			t.Errorf("%s answered in %v, want under Slack's 3 s", a.what, a.took)
		}
		for _, want := range cantReach {
			if !strings.Contains(a.text, want) {
				t.Errorf("%s answered %q, want it to say %q", a.what, a.text, want)
			}
		}
	}
	if v, ok := h.fake.OpenView(sam); !ok || v.CallbackID != "schedule" {
		t.Errorf("the scheduling form closed (open: %q): what Sam typed is lost", v.CallbackID)
	}
	// The Home tabs opened meanwhile, and the refreshes after Jo's request,
	// give up while the database is still frozen: nothing waits for it to
	// come back.
	wctx, cancel := context.WithTimeout(h.ctx, 15*time.Second)
	defer cancel()
	gaveUp := func() (opened, refreshed float64) {
		return handlerErrors(t, reg, "event:app_home_opened"), handlerErrors(t, reg, "home")
	}
	if err := h.fake.WaitFor(wctx, func() bool { o, r := gaveUp(); return o >= homes && r >= 2 }); err != nil {
		o, r := gaveUp()
		t.Errorf("after %v frozen, %v of %d Home tabs opened and %v of 2 refreshes had given up", time.Since(frozen).Round(time.Millisecond), o, homes, r)
	} else {
		t.Logf("frozen database: %d Home tabs opened and 2 refreshed gave up within %v", homes, time.Since(frozen).Round(time.Millisecond))
	}

	rel.thaw()
	thawed := time.Now()
	// The request Robin typed while frozen left nothing behind: typed
	// again, it is new. Once it is out, everything the bot started has
	// finished (Shutdown waits for it), and only it reached Slack.
	if got := h.command(robin, "<@UALEX> could we talk about the campaign?"); !strings.Contains(got, "Invitation sent") {
		t.Errorf("the request typed again after the thaw = %q, want it sent as new", got)
	}
	h.waitDM(alex, "<@UROBIN> would like to have a one-to-one")
	h.waitDM(robin, "I sent your invitation")
	sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := h.bot.Shutdown(sctx); err != nil {
		t.Fatalf("work still running after the thaw: %v", err)
	}
	var late []string
	for _, c := range h.fake.Calls("") {
		if c.At.Before(thawed) || !isWrite(c.Method) {
			continue
		}
		ch, user := fmt.Sprint(c.Params["channel"]), fmt.Sprint(c.Params["user_id"])
		if (c.Method == "chat.postMessage" && slices.Contains([]string{"D" + alex, "D" + robin}, ch)) ||
			(c.Method == "views.publish" && slices.Contains([]string{alex, robin}, user)) {
			continue // the request typed after the thaw
		}
		late = append(late, fmt.Sprintf("%s channel=%s user=%s", c.Method, ch, user))
	}
	if len(late) > 0 {
		t.Errorf("frozen-time work reached Slack after the thaw: %q", late)
	}
	after := h.oneToOnes()
	if len(after) != len(before)+2 {
		t.Fatalf("%d one-to-ones after the thaw, want the %d from before, Jo's and the one typed after: %+v", len(after), len(before), after)
	}
	for i, o := range before {
		if a := after[i]; a.Status != o.Status || (a.ScheduledAt == nil) != (o.ScheduledAt == nil) {
			t.Errorf("one-to-one %d changed while frozen: %s (scheduled %v), was %s (scheduled %v)", o.ID, a.Status, a.ScheduledAt != nil, o.Status, o.ScheduledAt != nil)
		}
	}
	if n := countDMs(h.fake, sam, "gentle reminder"); n != 0 {
		t.Errorf("Sam got %d reminders from the click made while frozen", n)
	}
	if !t.Failed() {
		t.Logf("after the thaw: nothing ran late; the request typed again went through as new")
	}
}

// relayedPostgres opens a migrated store on a fresh Postgres schema reached
// through a relay the test can freeze.
func relayedPostgres(t *testing.T, clock *storetest.Clock) (*relay, *models.Store) {
	t.Helper()
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rel := startRelay(t, u.Host)
	u.Host = rel.Addr()
	ctx := context.Background()
	store, err := models.Open(ctx, u.String(), models.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return rel, store
}

// frozenCommand types a command and returns its answer, inline in the ack
// or through the response_url, and how long it took to arrive.
func (h *harness) frozenCommand(user, text, what string) frozenAnswer {
	seen := len(h.fake.Ephemerals(user))
	start := time.Now()
	ack, err := h.fake.SlashCommand(h.ctx, user, text)
	if err != nil {
		return frozenAnswer{what: what, text: err.Error()}
	}
	if len(ack.Payload) > 0 && string(ack.Payload) != "null" {
		var msg struct{ Text string }
		json.Unmarshal(ack.Payload, &msg)
		return frozenAnswer{what: what, took: ack.Latency, text: msg.Text}
	}
	return h.frozenReply(user, seen, start, what)
}

// frozenReply waits, up to 5 s, for the private message that answers what
// user did at start, and returns it with the time it took.
func (h *harness) frozenReply(user string, seen int, start time.Time, what string) frozenAnswer {
	ctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
	defer cancel()
	if err := h.fake.WaitFor(ctx, func() bool { return len(h.fake.Ephemerals(user)) > seen }); err != nil {
		return frozenAnswer{what: what, took: time.Since(start), text: "(no answer)"}
	}
	took := time.Since(start)
	eph := h.fake.Ephemerals(user)
	return frozenAnswer{what: what, took: took, text: eph[len(eph)-1].Text}
}

// isWrite tells the Slack calls that change what someone sees.
func isWrite(method string) bool {
	switch method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "chat.delete", "views.publish", "views.open", "views.update", "views.push", "response_url":
		return true
	}
	return false
}

// countDMs counts the DMs to user that contain text.
func countDMs(fake *slacktest.Server, user, text string) int {
	n := 0
	for _, m := range fake.DMs(user) {
		if strings.Contains(m.Text, text) {
			n++
		}
	}
	return n
}

// handlerErrors reads onetoone_handler_errors_total for route.
func handlerErrors(t *testing.T, reg *prometheus.Registry, route string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "onetoone_handler_errors_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && l.GetValue() == route {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
