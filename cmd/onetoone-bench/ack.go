package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ackOpts are the ack benchmark's flags.
type ackOpts struct {
	rates       []float64 // 0 is flat out
	duration    time.Duration
	users       int
	stores      []string
	text        string
	runs        int
	concurrency int
	httpIdle    int
	floor       bool
}

// runAck is §1: slash-command ack latency of the real bot over Socket Mode,
// against a bare client's floor, at fixed rates and flat out.
func runAck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ack", flag.ContinueOnError)
	rates := fs.String("rates", "50,100,200,max", "command rates per second; max sends flat out from --concurrency users")
	dur := fs.Duration("duration", 10*time.Second, "length of each rate phase")
	users := fs.Int("users", 500, "workspace members added to the fake; each phase's commands come from them round robin, and a phase needing more (each may hold only 3 modals) gets more")
	stores := fs.String("stores", "sqlite,postgres", "stores the bot runs on")
	text := fs.String("text", "", `slash command text: "" opens the request modal (views.open); "list" reads the database`)
	runs := fs.Int("runs", 3, "repetitions of every phase, for the spread")
	conc := fs.Int("concurrency", 32, "commands in flight in the max phase (closed loop)")
	idle := fs.Int("http-idle", 0, "idle connections per host of the bot's HTTP client: 0 keeps the production client's (bot.SlackHTTPClient); -1 uses slack-go's own default client instead, Go's 2 (the bot before BENCHMARKS.md recommendation 6)")
	floor := fs.Bool("floor", true, "also measure a bare socketmode client that only acks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o := ackOpts{duration: *dur, users: *users, stores: splitList(*stores), text: *text, runs: *runs, concurrency: *conc, httpIdle: *idle, floor: *floor}
	for _, r := range splitList(*rates) {
		if r == "max" {
			o.rates = append(o.rates, 0)
			continue
		}
		v, err := strconv.ParseFloat(r, 64)
		if err != nil || v <= 0 {
			return fmt.Errorf("--rates: %q is not a rate", r)
		}
		o.rates = append(o.rates, v)
	}
	fmt.Printf("# ack: command %q, phases %v of %v, %d runs, bot's HTTP client: %s\n", o.text, *rates, o.duration, o.runs, describeHTTPClient(o.httpIdle))

	targets := []string{}
	if o.floor {
		targets = append(targets, "floor")
	}
	for _, s := range o.stores {
		targets = append(targets, "bot/"+s)
	}
	all := map[string][]phaseResult{} // by target+rate
	var order []string
	for run := 1; run <= o.runs; run++ {
		for _, target := range targets {
			res, err := ackTarget(ctx, target, o, run)
			if err != nil {
				return fmt.Errorf("%s: %w", target, err)
			}
			for _, r := range res {
				k := target + "|" + r.label
				if _, ok := all[k]; !ok {
					order = append(order, k)
				}
				all[k] = append(all[k], r)
			}
		}
	}
	fmt.Printf("\n## ack summary over %d runs: median (min–max)\n", o.runs)
	t := newTable("client", "rate", "achieved/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "missing", "late>3s")
	floorP99 := map[string]spread{}
	for _, k := range order {
		rs := all[k]
		target, label, _ := strings.Cut(k, "|")
		var ach, p50, p90, p99, mx []float64
		missing, late := 0, 0
		for _, r := range rs {
			ach = append(ach, r.achieved)
			p50 = append(p50, msOf(r.p(50)))
			p90 = append(p90, msOf(r.p(90)))
			p99 = append(p99, msOf(r.p(99)))
			mx = append(mx, msOf(r.p(100)))
			missing += r.missing
			late += r.late
		}
		if target == "floor" {
			floorP99[label] = spreadOf(p99)
		}
		t.row(target, label, spreadOf(ach).num("%.0f"), spreadOf(p50).ms(), spreadOf(p90).ms(), spreadOf(p99).ms(), spreadOf(mx).ms(), strconv.Itoa(missing), strconv.Itoa(late))
	}
	t.flush()
	fmt.Println()
	fmt.Println("## goal: p99 at 100/s within 2× the floor; no missed ack")
	for _, k := range order {
		if !o.floor {
			fmt.Println("(no floor measured)")
			break
		}
		target, label, _ := strings.Cut(k, "|")
		if target == "floor" || label != "100/s" {
			continue
		}
		var p99 []float64
		missing := 0
		for _, r := range all[k] {
			p99 = append(p99, msOf(r.p(99)))
			missing += r.missing
		}
		b, f := spreadOf(p99), floorP99[label]
		verdict := "MET"
		if f.med == 0 || b.med > 2*f.med || missing > 0 {
			verdict = "MISSED"
		}
		fmt.Printf("%s: p99 %s ms vs floor %s ms = %.2f× the floor, %d missing: %s\n", target, fmtMS(b.med), fmtMS(f.med), b.med/max(f.med, 1e-9), missing, verdict)
	}
	fmt.Println()
	fmt.Println("## sustained commands/s with p99 < 1 s and no missing ack (best phase, median run)")
	best := map[string]float64{}
	for _, k := range order {
		target, _, _ := strings.Cut(k, "|")
		var ach, p99 []float64
		missing := 0
		for _, r := range all[k] {
			ach = append(ach, r.achieved)
			p99 = append(p99, msOf(r.p(99)))
			missing += r.missing
		}
		if spreadOf(p99).med < 1000 && missing == 0 && spreadOf(ach).med > best[target] {
			best[target] = spreadOf(ach).med
		}
	}
	for _, target := range targets {
		fmt.Printf("%s: %.0f commands/s\n", target, best[target])
	}
	return nil
}

// phaseResult is one rate phase of one run.
type phaseResult struct {
	label    string
	sent     int
	missing  int // no ack within 3 s
	late     int // acked after Slack's 3 s
	errs     int // other errors sending
	lat      []time.Duration
	sorted   []time.Duration
	achieved float64 // acks per second over the phase
	lag      time.Duration
}

func (r *phaseResult) p(q float64) time.Duration {
	if r.sorted == nil {
		r.sorted = sortedCopy(r.lat)
	}
	return pct(r.sorted, q)
}

// ackTarget starts a fake Slack and one client (the bot on a store, or the
// bare floor client), runs every phase, and prints them.
func ackTarget(ctx context.Context, target string, o ackOpts, run int) ([]phaseResult, error) {
	fake := slacktest.New(slacktest.Options{AckTimeout: 3 * time.Second})
	defer fake.Close()
	for i := range o.users {
		fake.AddUser(slack.User{ID: benchUser("U", i), TZ: "Europe/Paris"})
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	logs := newLogCounter()
	var stop func()
	if target == "floor" {
		stop = startBare(cctx, fake)
	} else {
		kind := strings.TrimPrefix(target, "bot/")
		st, err := openStore(ctx, kind, time.Now, "")
		if err != nil {
			return nil, err
		}
		defer st.close()
		stop = startBot(cctx, fake, st, logs, ackHTTPClient(o.httpIdle))
	}
	defer stop()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx, 1); err != nil {
		return nil, fmt.Errorf("never connected: %w", err)
	}
	// Warm up connections and pools, unrecorded.
	ackPhase(ctx, fake, 50, time.Second, o, "W")
	var out []phaseResult
	for i, rate := range o.rates {
		r := ackPhase(ctx, fake, rate, o.duration, o, fmt.Sprintf("R%dP%d", run, i))
		out = append(out, r)
	}
	viewErrs := 0
	if o.text == "" {
		for _, c := range fake.Calls("views.open") {
			if c.Error != "" {
				viewErrs++
			}
		}
	}
	fmt.Printf("\n### run %d, %s\n", run, target)
	t := newTable("rate", "sent", "acked", "missing", "late>3s", "achieved/s", "p50", "p90", "p99", "max", "gen lag")
	for _, r := range out {
		t.row(r.label, strconv.Itoa(r.sent), strconv.Itoa(len(r.lat)), strconv.Itoa(r.missing), strconv.Itoa(r.late), fmt.Sprintf("%.1f", r.achieved),
			fmtDur(r.p(50)), fmtDur(r.p(90)), fmtDur(r.p(99)), fmtDur(r.p(100)), fmtDur(r.lag))
	}
	t.flush()
	if target != "floor" {
		fmt.Printf("views.open errors: %d; bot warnings: %s\n", viewErrs, logs.summary())
	}
	return out, nil
}

// benchUser is a stable fake user id.
func benchUser(prefix string, i int) string { return fmt.Sprintf("%s%06d", prefix, i) }

// ackPhase sends slash commands at rate per second for d (open loop, so a
// slow ack never delays the next command), or flat out from o.concurrency
// senders when rate is 0, and collects the fake's ack latencies.
func ackPhase(ctx context.Context, fake *slacktest.Server, rate float64, d time.Duration, o ackOpts, tag string) phaseResult {
	r := phaseResult{label: "max"}
	if rate > 0 {
		r.label = fmt.Sprintf("%g/s", rate)
	}
	var mu sync.Mutex
	var seq atomic.Int64
	// Each user may hold 3 modals; a phase gets its own users, each sending
	// at most 2 commands, so views.open never meets push_limit_reached.
	user := func() string {
		i := int(seq.Add(1) - 1)
		if o.text != "" {
			return benchUser("U", i%o.users)
		}
		return benchUser("U"+tag+"x", i/2)
	}
	one := func() {
		u := user()
		if o.text == "" {
			fake.AddUser(slack.User{ID: u, TZ: "Europe/Paris"})
		}
		ack, err := fake.SlashCommand(ctx, u, o.text)
		mu.Lock()
		defer mu.Unlock()
		r.sent++
		switch {
		case errors.Is(err, slacktest.ErrNoAck):
			r.missing++
		case err != nil && ack.EnvelopeID == "":
			r.errs++
		default:
			r.lat = append(r.lat, ack.Latency)
			if ack.Latency > 3*time.Second {
				r.late++
			}
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	if rate > 0 {
		n := int(rate * d.Seconds())
		for i := range n {
			at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			if w := time.Until(at); w > 0 {
				time.Sleep(w)
			} else if -w > r.lag {
				r.lag = -w
			}
			wg.Add(1)
			go func() { defer wg.Done(); one() }()
		}
	} else {
		end := start.Add(d)
		for range o.concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) && ctx.Err() == nil {
					one()
				}
			}()
		}
	}
	wg.Wait()
	r.achieved = float64(len(r.lat)) / time.Since(start).Seconds()
	return r
}

// ackHTTPClient is the bot's HTTP client for --http-idle n: the production
// one for 0 (nil: botSlack's default), the production one keeping n idle
// connections per host for n > 0, and slack-go's own default client
// (&http.Client{}) for n < 0.
func ackHTTPClient(idle int) *http.Client {
	switch {
	case idle < 0:
		return &http.Client{}
	case idle > 0:
		c := bot.SlackHTTPClient()
		c.Transport.(*http.Transport).MaxIdleConnsPerHost = idle
		return c
	}
	return nil
}

func describeHTTPClient(idle int) string {
	switch {
	case idle < 0:
		return "slack-go's default (2 idle connections per host)"
	case idle > 0:
		return fmt.Sprintf("production, %d idle connections per host", idle)
	}
	return fmt.Sprintf("production (%d idle connections per host)", bot.SlackHTTPClient().Transport.(*http.Transport).MaxIdleConnsPerHost)
}

// startBot runs the real bot over Socket Mode against fake, as
// cmd/onetoone wires it; hc replaces its production HTTP client when set.
func startBot(ctx context.Context, fake *slacktest.Server, st *benchStore, logs *logCounter, hc *http.Client) func() {
	api := botSlack(fake.URL(), hc)
	b := bot.New(bot.Config{Store: st.Store, Slack: api, Now: time.Now, Log: slog.New(logs), TeamID: slacktest.TeamID})
	useOutbox(b, st.Store)
	sm := bot.NewSocketMode(b, socketmode.New(api))
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); sm.Run(rctx) }()
	return func() {
		cancel()
		<-done
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		b.Shutdown(sctx)
	}
}

// useOutbox sends the messages that follow people's commands as
// cmd/onetoone does: at once, through the scheduler's outbox.
func useOutbox(b *bot.Bot, st *models.Store) {
	b.UseOutbox(scheduler.New(scheduler.Config{Store: st, Notifier: bot.NewNotifier(b), Now: time.Now, Log: slog.New(slog.DiscardHandler)}))
}

// startBare runs a socketmode client that acks every envelope at once with
// no payload: the loopback floor of the fake, the websocket and slack-go.
func startBare(ctx context.Context, fake *slacktest.Server) func() {
	api := slack.New(slacktest.BotToken, slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(fake.URL()))
	client := socketmode.New(api)
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { client.RunContext(rctx); done <- struct{}{} }()
	go func() {
		defer func() { done <- struct{}{} }()
		for {
			select {
			case <-rctx.Done():
				return
			case evt := <-client.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					client.AckCtx(rctx, evt.Request.EnvelopeID, nil)
				}
			}
		}
	}()
	return func() { cancel(); <-done; <-done }
}
