package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// drainOpts are the drain benchmark's flags.
type drainOpts struct {
	nudges, organizers                int
	store                             string
	postLimit, openLimit, lookupLimit int
	viewsLimit, updateLimit, ephLimit int
	ackRate                           float64
	baseline                          time.Duration
	runs                              int
	pacing                            bot.Pacing
}

// runDrain is §4: how long the real scheduler and notifier take to send a
// burst of due nudges while the fake enforces Slack's limits.
func runDrain(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("drain", flag.ContinueOnError)
	var o drainOpts
	fs.IntVar(&o.nudges, "nudges", 500, "nudge messages due (two per request: requester and invitee); 5000 is the full case")
	fs.IntVar(&o.organizers, "organizers", 0, "distinct requesters (default one per 10 requests); each needs one conversations.open")
	fs.StringVar(&o.store, "store", "postgres", "sqlite or postgres")
	fs.IntVar(&o.postLimit, "post-limit", 300, "chat.postMessage calls a minute the fake allows the workspace (docs/slack.md: several hundred), on top of 1/s per channel")
	fs.IntVar(&o.openLimit, "open-limit", 50, "conversations.open a minute (Tier 3)")
	fs.IntVar(&o.lookupLimit, "lookup-limit", 100, "users.info a minute (Tier 4)")
	fs.IntVar(&o.viewsLimit, "views-limit", 100, "views.open and views.publish a minute (Tier 4)")
	fs.IntVar(&o.updateLimit, "update-limit", 50, "chat.update a minute (Tier 3)")
	fs.IntVar(&o.ephLimit, "ephemeral-limit", 100, "chat.postEphemeral a minute (Tier 4)")
	fs.Float64Var(&o.ackRate, "ack-rate", 1, "modal-opening slash commands a second sent during the drain (views.open must stay under its limit)")
	fs.DurationVar(&o.baseline, "baseline", 20*time.Second, "ack load measured before the drain, for comparison")
	fs.IntVar(&o.runs, "runs", 1, "repetitions, for the spread")
	fs.DurationVar(&o.pacing.Message, "message-pacing", 0, "the bot's gap between two posts (bot.Pacing.Message, the budget replies and scheduled sends share); 0 keeps bot.DefaultPacing's")
	fs.DurationVar(&o.pacing.Open, "open-pacing", 0, "the bot's gap between two conversations.open (bot.Pacing.Open); 0 keeps bot.DefaultPacing's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.organizers <= 0 {
		o.organizers = max(1, o.nudges/2/10)
	}
	fmt.Printf("# drain: %d nudges (%d requests from %d organizers) on %s; limits/min: chat.postMessage %d (+1/s per channel, burst %d), conversations.open %d, users.info %d, views.* %d, chat.update %d\n",
		o.nudges, o.nudges/2, o.organizers, o.store, o.postLimit, 3, o.openLimit, o.lookupLimit, o.viewsLimit, o.updateLimit)
	type result struct {
		drain, boundSlack, boundPacing time.Duration
		posts, opens                   int
		r429                           map[string]int
		base, during                   phaseResult
		states                         string
		logs                           string
	}
	var rs []result
	for run := 1; run <= o.runs; run++ {
		r := result{r429: map[string]int{}}
		err := func() error {
			st, err := openStore(ctx, o.store, time.Now, "")
			if err != nil {
				return err
			}
			defer st.close()
			fake := slacktest.New(slacktest.Options{AckTimeout: 3 * time.Second})
			defer fake.Close()
			if err := seedDrain(ctx, st.Store, fake, o); err != nil {
				return err
			}
			fake.SetChannelPacing(true)
			for m, n := range map[string]int{"chat.postMessage": o.postLimit, "conversations.open": o.openLimit, "users.info": o.lookupLimit,
				"views.open": o.viewsLimit, "views.publish": o.viewsLimit, "views.update": o.viewsLimit, "chat.update": o.updateLimit, "chat.postEphemeral": o.ephLimit} {
				fake.SetRateLimit(m, n)
			}
			api := botSlack(fake.URL(), nil)
			logs := newLogCounter()
			log := slog.New(logs)
			b := bot.New(bot.Config{Store: st.Store, Slack: api, Now: time.Now, Log: log, TeamID: slacktest.TeamID, Pacing: o.pacing})
			sm := bot.NewSocketMode(b, socketmode.New(api))
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); sm.Run(rctx) }()
			defer func() { cancel(); <-done; b.Shutdown(context.Background()) }()
			if err := fake.WaitConnected(ctx, 1); err != nil {
				return err
			}
			// As cmd/onetoone wires it: the bot's notifier, on the
			// bot's budget (the default pacing unless flags say).
			sch := scheduler.New(scheduler.Config{Store: st.Store, Notifier: bot.NewNotifier(b), Now: time.Now, Log: log, Worker: "bench-drain"})
			r.base = loadFor(ctx, fake, o.ackRate, fmt.Sprintf("B%d", run), o.baseline)
			stop := make(chan struct{})
			during := make(chan phaseResult, 1)
			go func() { during <- steadyLoad(ctx, fake, o.ackRate, fmt.Sprintf("D%d", run), stop) }()
			before := len(fake.Calls(""))
			start := time.Now()
			if err := sch.RunJob(ctx, "nudges", time.Now()); err != nil {
				return err
			}
			r.drain = time.Since(start)
			close(stop)
			r.during = <-during
			calls := fake.Calls("")[before:]
			for _, c := range calls {
				if c.Error == "ratelimited" {
					r.r429[c.Method]++
				}
				if c.Error == "" && c.Method == "chat.postMessage" {
					r.posts++
				}
				if c.Error == "" && c.Method == "conversations.open" {
					r.opens++
				}
			}
			var states []struct {
				State string
				N     int
			}
			st.DB().WithContext(ctx).Raw("SELECT state, COUNT(*) AS n FROM deliveries WHERE kind IN ? GROUP BY state ORDER BY state", []string{models.KindNudgeRequester, models.KindNudgeInvitee}).Scan(&states)
			for _, s := range states {
				r.states += fmt.Sprintf("%s %d ", s.State, s.N)
			}
			r.boundSlack, r.boundPacing = drainBounds(r.posts, r.opens, o)
			r.logs = logs.summary()
			return nil
		}()
		if err != nil {
			return err
		}
		fmt.Printf("\n### run %d: drained in %.1f s; %d posts, %d conversations.open; deliveries: %s\n", run, r.drain.Seconds(), r.posts, r.opens, r.states)
		fmt.Printf("429s: %v; bot warnings: %s\n", r.r429, r.logs)
		rs = append(rs, r)
	}
	var drains, ratioS, ratioP, bp99, dp99, bp50, dp50 []float64
	missing, n429 := 0, 0
	for _, r := range rs {
		drains = append(drains, r.drain.Seconds())
		ratioS = append(ratioS, r.drain.Seconds()/r.boundSlack.Seconds())
		ratioP = append(ratioP, r.drain.Seconds()/r.boundPacing.Seconds())
		bp50, bp99 = append(bp50, msOf(r.base.p(50))), append(bp99, msOf(r.base.p(99)))
		dp50, dp99 = append(dp50, msOf(r.during.p(50))), append(dp99, msOf(r.during.p(99)))
		missing += r.base.missing + r.during.missing
		for _, n := range r.r429 {
			n429 += n
		}
	}
	r0 := rs[0]
	fmt.Printf("\n## drain of %d nudges: median (min–max) of %d runs\n", o.nudges, len(rs))
	t := newTable("measure", "value")
	t.row("time to drain, s", spreadOf(drains).num("%.1f"))
	t.row("bound from Slack's limits, s", fmt.Sprintf("%.1f", r0.boundSlack.Seconds()))
	t.row("drain / Slack bound", spreadOf(ratioS).num("%.2f"))
	t.row(fmt.Sprintf("bound from the bot's pacing (post every %v, open every %v), s", effective(o.pacing.Message, bot.DefaultPacing.Message), effective(o.pacing.Open, bot.DefaultPacing.Open)), fmt.Sprintf("%.1f", r0.boundPacing.Seconds()))
	t.row("drain / pacing bound", spreadOf(ratioP).num("%.2f"))
	t.row("429s met (all methods, all runs)", strconv.Itoa(n429))
	t.row(fmt.Sprintf("ack p50 before / during, ms (%g/s)", o.ackRate), spreadOf(bp50).ms()+" / "+spreadOf(dp50).ms())
	t.row("ack p99 before / during, ms", spreadOf(bp99).ms()+" / "+spreadOf(dp99).ms())
	t.row("acks missing", strconv.Itoa(missing))
	t.flush()
	verdict := "MET"
	if spreadOf(ratioS).med > 1.1 {
		verdict = fmt.Sprintf("MISSED by %.0f%%", (spreadOf(ratioS).med-1)*100)
	}
	fmt.Printf("goal: within 10%% of the bound: %s; no 429 beyond the first probe: %v; acks unaffected: p99 %s → %s ms, %d missing\n",
		verdict, n429 <= 1, fmtMS(spreadOf(bp99).med), fmtMS(spreadOf(dp99).med), missing)
	return nil
}

// drainBounds is the least time the limits allow for posts messages and
// opens conversations, at steady rates: Slack's (the fake's) limits, and
// the bot's own pacing (DefaultPacing unless flags say), which keeps just
// below them.
func drainBounds(posts, opens int, o drainOpts) (slackBound, pacingBound time.Duration) {
	perChannel := posts/2/o.organizers + 1 // requester nudges land in each organizer's DM
	slackBound = max(
		time.Duration(float64(posts)/float64(o.postLimit)*float64(time.Minute)),
		time.Duration(float64(opens)/float64(o.openLimit)*float64(time.Minute)),
		time.Duration(max(0, perChannel-3))*time.Second,
	)
	p := o.pacing
	if p.Message <= 0 {
		p.Message = bot.DefaultPacing.Message
	}
	if p.Open <= 0 {
		p.Open = bot.DefaultPacing.Open
	}
	p.Channel = bot.DefaultPacing.Channel
	pacingBound = max(
		time.Duration(posts)*p.Message,
		time.Duration(opens)*p.Open,
		time.Duration(perChannel)*p.Channel,
	)
	return slackBound, pacingBound
}

// seedDrain stores nudges/2 requests made 15 days ago, so both people of
// each are due one nudge now, between members whose timezone puts them in
// the afternoon now, with their invitation already delivered.
func seedDrain(ctx context.Context, st *models.Store, fake *slacktest.Server, o drainOpts) error {
	now := time.Now().UTC()
	// Etc/GMT-3 is UTC+3: pick the zone where it is 13:00 or so.
	off := (13 - now.Hour() + 24) % 24
	if off > 12 {
		off -= 24
	}
	tz := "Etc/GMT"
	switch {
	case off > 0:
		tz += "-" + strconv.Itoa(off)
	case off < 0:
		tz += "+" + strconv.Itoa(-off)
	}
	requests := o.nudges / 2
	mb := newBulk(st.DB(), "members", "id", "team_id", "name", "tz", "role", "profile_fetched_at", "created_at", "updated_at")
	add := func(id string) error {
		fake.AddUser(slack.User{ID: id, TZ: tz})
		return mb.add(ctx, id, slacktest.TeamID, id, tz, models.RoleMember, now, now, now)
	}
	for i := range o.organizers {
		if err := add(benchUser("UORG", i)); err != nil {
			return err
		}
	}
	oo := newBulk(st.DB(), "one_to_ones", "requester_id", "invitee_id", "status", "message", "duration_min",
		"requested_at", "invite_channel", "invite_ts", "requester_channel", "requester_ts", "version", "created_at", "updated_at")
	oo.deps = []*bulk{mb}
	for i := range requests {
		req, inv := benchUser("UORG", i%o.organizers), benchUser("UINV", i)
		if err := add(inv); err != nil {
			return err
		}
		at := now.Add(-15*day - time.Duration(i)*time.Second)
		if err := oo.add(ctx, req, inv, string(models.StatusRequested), "Would you have 45 minutes for coffee?", 45, at,
			"D"+inv, "1700000000.000100", "D"+req, "1700000000.000200", 1, at, at); err != nil {
			return err
		}
	}
	return oo.flush(ctx)
}

// effective is d, or def when d is unset.
func effective(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
