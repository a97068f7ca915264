package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// TestFaultReconnectsRetriesAndRateLimits runs the bot in this process
// (bot.New, bot.NewSocketMode and the scheduler, as serve wires them) under
// load while Slack misbehaves the ways it does in production, all at once:
//
//   - refresh_requested every couple of seconds, so envelopes land on
//     connections that are going away and commands meet a reconnect;
//   - events redelivered with retry_attempt (the fake redelivers any event
//     not acked within 10 ms, up to 3 times, as Slack does after its 3 s),
//     and each event sent again later under the same event_id;
//   - a storm of HTTP 429 with Retry-After on chat.postMessage while
//     invitations and scheduled nudges are going out.
//
// Nothing is lost: people whose command met trouble are told and try
// again; every invitation and every scheduled message is sent. Nothing is
// doubled: one invitation per pair, one nudge per person, one Home tab per
// event. After Shutdown and the fake's Close, the bot leaves no goroutine
// behind. (One known gap is counted, not failed: the requester's copy of
// an invitation is dropped when Slack answers it 429, see below.)
//
// The 429 storm costs about a minute: the fake counts calls over a sliding
// minute, so its Retry-After is up to 60 s, and the bot waits it out.
func TestFaultReconnectsRetriesAndRateLimits(t *testing.T) {
	longFault(t)
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "load.db")
	if os.Getenv(storetest.PostgresEnv) != "" {
		dbURL = storetest.PostgresURL(t)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	before := runtime.NumGoroutine()

	pairs, homes, joins, nudges := 12, 8, 4, 20
	if faultLong() {
		pairs, homes, joins, nudges = 40, 30, 10, 200
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute+time.Duration(nudges)*time.Second)
	defer cancel()
	fake := slacktest.New(slacktest.Options{RetryDelay: 10 * time.Millisecond})
	fakeClosed := false
	defer func() {
		if !fakeClosed {
			fake.Close()
		}
	}()
	store, err := models.Open(ctx, dbURL, models.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	storeClosed := false
	defer func() {
		if !storeClosed {
			store.Close()
		}
	}()
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	// Requests two hours old whose nudges are due, as in the two-process
	// test; people who ask each other meanwhile; people who open the Home
	// tab; people who join.
	rows, requesters, invitees := backlog(nudges, "L", time.Now().Add(-2*time.Hour))
	nudged := append(requesters, invitees...)
	seedMembers(t, store, fake, nudged...)
	seedOneToOnes(t, store, rows)
	var askers, asked, homeUsers, joiners []string
	for i := 0; i < pairs; i++ {
		askers = append(askers, fmt.Sprintf("UASK%02d", i))
		asked = append(asked, fmt.Sprintf("UPAL%02d", i))
	}
	for i := 0; i < homes; i++ {
		homeUsers = append(homeUsers, fmt.Sprintf("UHOME%02d", i))
	}
	for i := 0; i < joins; i++ {
		joiners = append(joiners, fmt.Sprintf("UJOIN%02d", i))
	}
	for _, u := range append(append(append([]string{}, askers...), asked...), homeUsers...) {
		fake.AddUser(slackUser(u))
	}

	logs := &faultBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	api := slack.New(slacktest.BotToken, slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(fake.URL()))
	b := bot.New(bot.Config{Store: store, Slack: api, Now: time.Now, Log: log, DefaultTZ: time.UTC, TeamID: slacktest.TeamID})
	sm := bot.NewSocketMode(b, socketmode.New(api))
	always, err := scheduler.ParseHours("always")
	if err != nil {
		t.Fatal(err)
	}
	sch := scheduler.New(scheduler.Config{
		Store: store, Notifier: bot.NewNotifier(b), Now: time.Now, Log: log,
		Tick: time.Second, NudgeAfter: time.Hour, Hours: always,
	})
	b.UseOutbox(sch)
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	smDone := make(chan error, 1)
	go func() { smDone <- sm.Run(runCtx) }()
	if err := sch.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { // on early returns; the orderly shutdown is below
		stopRun()
		sctx, sstop := context.WithTimeout(context.Background(), 10*time.Second)
		defer sstop()
		sch.Stop(sctx)
		b.Shutdown(sctx)
	}()
	defer func() {
		if t.Failed() {
			t.Logf("the bot's log, last lines:\n%s", logs.tail(10000))
		}
	}()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	start := time.Now()

	// Slack's weather for the first seconds: refresh_requested every two
	// seconds until the work is done, and a 429 storm on chat.postMessage
	// from 1 s to 7 s.
	const weatherFor = 8 * time.Second
	weather, stopWeather := context.WithCancel(ctx)
	var bg sync.WaitGroup
	var disconnects int
	bg.Add(2)
	go func() {
		defer bg.Done()
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-weather.Done():
				return
			case <-tick.C:
				fake.Disconnect("refresh_requested")
				disconnects++
			}
		}
	}()
	var storm time.Duration
	go func() {
		defer bg.Done()
		select {
		case <-weather.Done():
			return
		case <-time.After(time.Second):
		}
		began := time.Now()
		fake.SetRateLimit("chat.postMessage", 6)
		select {
		case <-weather.Done():
		case <-time.After(6 * time.Second):
		}
		fake.SetRateLimit("chat.postMessage", 0)
		storm = time.Since(began)
	}()

	// The work, spread over the weather: each pair asks at its moment,
	// until they hear their invitation went (a command lost in a reconnect
	// is typed again, as is one the bot answered "try again in a moment");
	// someone types list every 100 ms; Home tabs are opened and people join,
	// each event redelivered until acked and once more later.
	var told, retyped, listed atomic.Int64
	var work sync.WaitGroup
	errs := make(chan error, pairs+homes+joins)
	at := func(i, n int) time.Duration { return time.Duration(i) * weatherFor / time.Duration(n) }
	for i := range askers {
		work.Add(1)
		go func() {
			defer work.Done()
			time.Sleep(at(i, pairs)) // the scenario: asks spread over the weather; no check waits on it
			if err := askUntilSent(ctx, fake, askers[i], asked[i], &told, &retyped); err != nil {
				errs <- err
			}
		}()
	}
	work.Add(1)
	go func() {
		defer work.Done()
		for i := 0; time.Since(start) < weatherFor; i++ {
			if _, err := fake.SlashCommand(ctx, askers[i%pairs], "list"); err == nil {
				listed.Add(1)
			}
			time.Sleep(100 * time.Millisecond) // the scenario's pace of list commands
		}
	}()
	sendEvent := func(id string, ev map[string]any) error {
		for {
			_, err := fake.SendEvent(ctx, id, ev)
			if err == nil || ctx.Err() != nil {
				return err
			}
			time.Sleep(200 * time.Millisecond) // Slack's next retry, sooner
		}
	}
	for i, u := range homeUsers {
		work.Add(1)
		go func() {
			defer work.Done()
			time.Sleep(at(i, homes)) // the scenario, as above
			ev := map[string]any{"type": "app_home_opened", "user": u, "channel": "D" + u, "tab": "home", "event_ts": nowTS()}
			for range 2 {
				if err := sendEvent("EvHOME"+strconv.Itoa(i), ev); err != nil {
					errs <- fmt.Errorf("app_home_opened for %s: %w", u, err)
					return
				}
			}
		}()
	}
	for i, u := range joiners {
		work.Add(1)
		go func() {
			defer work.Done()
			time.Sleep(at(i, joins)) // the scenario, as above
			ev := map[string]any{"type": "team_join", "user": map[string]any{"id": u, "name": strings.ToLower(u), "team_id": slacktest.TeamID, "tz": "UTC",
				"profile": map[string]any{"display_name": strings.ToLower(u)}}, "event_ts": nowTS()}
			if err := sendEvent("EvJOIN"+strconv.Itoa(i), ev); err != nil {
				errs <- fmt.Errorf("team_join for %s: %w", u, err)
			}
		}()
	}
	work.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		stopWeather()
		bg.Wait()
		t.FailNow()
	}
	commandsDone := time.Since(start)

	// The scheduled nudges, through the storm.
	err = slacktest.WaitFor(ctx, func() bool {
		states := deliveryStates(t, store)
		return states[models.KindNudgeRequester][models.DeliverySent]+states[models.KindNudgeInvitee][models.DeliverySent] == 2*nudges && unsettled(t, store) == 0
	})
	if err != nil {
		t.Fatalf("the nudges were not all sent: %v", deliveryStates(t, store))
	}
	drained := time.Since(start)
	stopWeather()
	bg.Wait()

	// Nothing lost, nothing doubled.
	def, err := store.DefaultGroup(ctx, slacktest.TeamID)
	if err != nil {
		t.Fatal(err)
	}
	group := store.In(def.ID)
	lostCopies := 0
	for i := range askers {
		req, inv := askers[i], asked[i]
		if n := countPosts(fake, inv, "<@"+req+"> would like to have a one-to-one"); n != 1 {
			t.Errorf("%s got %d invitations from %s, want 1", inv, n, req)
		}
		// The requester's copy goes out right after the invitation, by the
		// same unpaced call; a 429 between the two drops it (logged, not
		// retried): counted and printed, never doubled.
		switch n := countPosts(fake, req, "I sent your invitation to <@"+inv+">"); {
		case n == 0:
			lostCopies++
		case n > 1:
			t.Errorf("%s's copy of the invitation to %s was sent %d times, want 1", req, inv, n)
		}
		o, err := group.OpenBetween(ctx, models.UserID(req), models.UserID(inv))
		if err != nil || o == nil {
			t.Errorf("no open request from %s to %s: %v", req, inv, err)
		}
	}
	got := countDMs(fake, nudged, func(string, string) string { return "" })
	for _, o := range rows {
		id := o.ID.String()
		for _, k := range []dmKey{{models.KindNudgeRequester, id, string(o.RequesterID)}, {models.KindNudgeInvitee, id, string(o.InviteeID)}} {
			if got[k] != 1 {
				t.Errorf("%s arrived %d times, want 1", k, got[k])
			}
		}
	}
	for _, u := range joiners {
		m, err := store.Member(ctx, models.UserID(u))
		if err != nil || m.JoinedAt == nil {
			t.Errorf("team_join of %s not recorded: %+v, %v", u, m, err)
		}
	}
	var limited, retryAfterMax int
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Error == "ratelimited" {
			limited++
		}
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if _, v, ok := strings.Cut(line, "retry_after="); ok {
			v, _, _ = strings.Cut(v, " ")
			if d, err := time.ParseDuration(v); err == nil && int(d.Seconds()) > retryAfterMax {
				retryAfterMax = int(d.Seconds())
			}
		}
	}
	redelivered := 0
	for _, a := range fake.Acks() {
		if a.RetryAttempt > 0 {
			redelivered++
		}
	}
	dupEvents := strings.Count(logs.String(), "duplicate event skipped")
	if limited == 0 {
		t.Error("Slack never answered 429: the storm did not happen")
	}
	if dupEvents == 0 {
		t.Error("no event was ever redelivered to the bot: the dedupe was not exercised")
	}

	// Shut down as serve does, and count what is left.
	stopRun()
	if err := <-smDone; err != nil {
		t.Errorf("socket mode stopped with %v", err)
	}
	sctx, sstop := context.WithTimeout(context.Background(), 20*time.Second)
	defer sstop()
	if err := sch.Stop(sctx); err != nil {
		t.Errorf("scheduler stop: %v", err)
	}
	if err := b.Shutdown(sctx); err != nil {
		t.Errorf("bot shutdown: %v", err)
	}
	// Home tabs are published after the event's ack; Shutdown waited for
	// that work, so every publish there will be has landed.
	publishes := map[string]int{}
	for _, c := range fake.Calls("views.publish") {
		if c.Error == "" {
			publishes[fmt.Sprint(c.Params["user_id"])]++
		}
	}
	for _, u := range homeUsers {
		if publishes[u] != 1 {
			t.Errorf("%s's Home tab was published %d times for one app_home_opened event, want 1", u, publishes[u])
		}
	}
	store.Close()
	storeClosed = true
	fake.Close()
	fakeClosed = true
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	const margin = 3
	var after int
	gctx, gstop := context.WithTimeout(context.Background(), 10*time.Second)
	defer gstop()
	slacktest.WaitFor(gctx, func() bool {
		after = runtime.NumGoroutine()
		return after <= before+margin
	})
	if after > before+margin {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before the bot, %d after Shutdown and Close (margin %d): a leak\n%s", before, after, margin, buf[:runtime.Stack(buf, true)])
	}
	t.Logf("%d requests, %d list commands answered, %d Home events, %d joins and %d nudges under %d refresh_requested disconnects (%d connections opened), a %v storm of %d 429s (longest Retry-After %ds), %d redelivered envelopes acked, %d duplicate events skipped: requests done in %v (%d answers \"try again in a moment\", %d retyped after a lost ack), all sent in %v; lost requester copies %d; goroutines %d before, %d after",
		pairs, listed.Load(), homes, joins, 2*nudges, disconnects, fake.ConnectionsOpened(), storm.Round(100*time.Millisecond), limited, retryAfterMax, redelivered, dupEvents,
		commandsDone.Round(100*time.Millisecond), told.Load(), retyped.Load(), drained.Round(time.Second), lostCopies, before, after)
}

// askUntilSent has req ask inv until the bot says the invitation went (or
// that it already had): as a person would, they type the command again
// when it met a reconnect or the bot asked them to try again.
func askUntilSent(ctx context.Context, fake *slacktest.Server, req, inv string, told, retyped *atomic.Int64) error {
	for {
		if ctx.Err() != nil {
			return fmt.Errorf("%s never got an invitation to %s through: %w", req, inv, ctx.Err())
		}
		seen := len(fake.Ephemerals(req))
		ack, err := fake.SlashCommand(ctx, req, "<@"+inv+"> coffee?")
		if errors.Is(err, slacktest.ErrNotConnected) || errors.Is(err, slacktest.ErrNoAck) {
			retyped.Add(1)
			time.Sleep(100 * time.Millisecond) // a person's pause before typing again
			continue
		}
		if err != nil {
			return fmt.Errorf("%s asks %s: %w", req, inv, err)
		}
		text := ackText(ack)
		if text == "" {
			// Answered late, through response_url.
			slacktest.WaitFor(ctx, func() bool { return len(fake.Ephemerals(req)) > seen })
			if e := fake.Ephemerals(req); len(e) > seen {
				text = e[len(e)-1].Text
			}
		}
		switch {
		case strings.Contains(text, "Invitation sent"), strings.Contains(text, "You already asked"):
			return nil
		case strings.Contains(text, "try again in a moment"):
			told.Add(1)
			time.Sleep(300 * time.Millisecond) // a person's pause before trying again
		default:
			return fmt.Errorf("%s asks %s: unexpected answer %q", req, inv, text)
		}
	}
}

// nowTS is an event_ts of now.
func nowTS() string {
	now := time.Now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}
