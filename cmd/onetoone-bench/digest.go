package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// runDigest is §3: the digest for teams of several sizes on both stores,
// and the App Home of very busy organizers.
func runDigest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	teams := fs.String("teams", "50,500,5000", "team sizes (members); each member has a year of one-to-ones (20 on average), 60% a goal")
	busy := fs.String("busy", "200,2000,20000", "one-to-ones of the busy organizers whose App Home is timed")
	stores := fs.String("stores", "sqlite,postgres", "stores")
	runs := fs.Int("runs", 5, "repetitions, for the spread")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var sizes, busies []int
	for _, s := range splitList(*teams) {
		n, err := parseCount(s)
		if err != nil {
			return err
		}
		sizes = append(sizes, n)
	}
	for _, s := range splitList(*busy) {
		n, err := parseCount(s)
		if err != nil {
			return err
		}
		busies = append(busies, n)
	}
	type row struct {
		label           string
		total, store    spread
		perMember       float64
		organizers, new int
	}
	var digestRows []row
	var homeRows [][]string
	for _, kind := range splitList(*stores) {
		for _, m := range sizes {
			st, err := openStore(ctx, kind, func() time.Time { return scaleNow }, "")
			if err != nil {
				return err
			}
			start := time.Now()
			c, err := seedScale(ctx, st.Store, 20*m)
			if err == nil {
				err = seedTeamExtras(ctx, st.Store, c.members)
			}
			if err != nil {
				st.close()
				return err
			}
			fmt.Printf("# %s team of %d: seeded %d one-to-ones, %d reflections, %d members + newcomers, goals in %.1f s\n", kind, m, c.oneToOnes, c.reflections, c.members, time.Since(start).Seconds())
			fake := slacktest.New(slacktest.Options{})
			api := botSlack(fake.URL(), nil)
			b := bot.New(bot.Config{Store: st.Store, Slack: api, Now: func() time.Time { return scaleNow }, Log: slog.New(newLogCounter()), TeamID: slacktest.TeamID})
			var totals, stores []float64
			var d *models.Digest
			g, err := st.DefaultGroup(ctx, slacktest.TeamID)
			if err != nil {
				st.close()
				return err
			}
			b.Digest(ctx, g.ID, scaleNow) // warm
			for range *runs {
				s0 := time.Now()
				if d, err = st.In(g.ID).Digest(ctx, scaleNow, models.DigestOptions{NewcomerLimit: 10}); err != nil {
					return err
				}
				stores = append(stores, msOf(time.Since(s0)))
				s1 := time.Now()
				if _, _, err := b.Digest(ctx, g.ID, scaleNow); err != nil {
					return err
				}
				totals = append(totals, msOf(time.Since(s1)))
			}
			tot := spreadOf(totals)
			digestRows = append(digestRows, row{label: fmt.Sprintf("%s %d", kind, m), total: tot, store: spreadOf(stores), perMember: tot.med / float64(m), organizers: len(d.Organizers), new: int(d.NewcomersAll)})
			if users := fake.Calls("users.info"); len(users) > 0 {
				fmt.Printf("  (the digest asked Slack for %d profiles)\n", len(users))
			}
			if m == homeTeam(sizes) {
				rows, err := benchHome(ctx, st, fake, api, busies, *runs)
				if err != nil {
					return err
				}
				for _, r := range rows {
					homeRows = append(homeRows, append([]string{kind}, r...))
				}
			}
			fake.Close()
			st.close()
		}
	}
	fmt.Printf("\n## digest: bot.(*Bot).Digest (store.Digest + names + render), ms: median (min–max) of %d runs\n", *runs)
	t := newTable("store team", "Digest total", "store.Digest", "ms per member", "organizers", "newcomers")
	for _, r := range digestRows {
		t.row(r.label, r.total.ms(), r.store.ms(), fmt.Sprintf("%.3f", r.perMember), strconv.Itoa(r.organizers), strconv.Itoa(r.new))
	}
	t.flush()
	fmt.Println("\ngrowth (time ratio against team-size ratio; linear or better when ratio ≤ size ratio):")
	for i := 1; i < len(digestRows); i++ {
		a, b := digestRows[i-1], digestRows[i]
		if i%len(sizes) == 0 {
			continue
		}
		sr := float64(sizes[i%len(sizes)]) / float64(sizes[i%len(sizes)-1])
		fmt.Printf("  %s → %s: %.1f× time for %.0f× members\n", a.label, b.label, b.total.med/a.total.med, sr)
	}
	fmt.Printf("\n## App Home of a busy organizer (team of %d), ms: median (min–max) of %d runs\n", homeTeam(sizes), *runs)
	t = newTable("store", "organizer's one-to-ones", "app_home_opened → views.publish", "home store queries", "Plan() alone")
	for _, r := range homeRows {
		t.row(r...)
	}
	t.flush()
	return nil
}

// seedTeamExtras gives 60% of the members a current goal (and an older
// one), and adds newcomers (5% of the team) who joined this month and have
// no one-to-one yet.
func seedTeamExtras(ctx context.Context, st *models.Store, members int) error {
	rng := rand.New(rand.NewPCG(uint64(members), 7))
	T := scaleNow
	grp, err := st.DefaultGroup(ctx, "T0TEST")
	if err != nil {
		return err
	}
	g := newBulk(st.DB(), "goals", "group_id", "user_id", "target", "starts_at", "ends_at", "created_at")
	for i := range members {
		if rng.IntN(10) >= 6 {
			continue
		}
		u := "M" + strconv.Itoa(1000000+i)
		old := T.Add(-time.Duration(40+rng.IntN(100)) * day)
		if err := g.add(ctx, grp.ID, u, 2+rng.IntN(6), old, old.Add(models.GoalWindow), old); err != nil {
			return err
		}
		cur := T.Add(-time.Duration(rng.Int64N(int64(27 * day))))
		if err := g.add(ctx, grp.ID, u, 2+rng.IntN(6), cur, cur.Add(models.GoalWindow), cur); err != nil {
			return err
		}
	}
	mb := newBulk(st.DB(), "members", "id", "team_id", "name", "tz", "joined_at", "profile_fetched_at", "created_at", "updated_at")
	for i := range max(1, members/20) {
		joined := T.Add(-time.Duration(rng.Int64N(int64(29 * day))))
		if err := mb.add(ctx, "N"+strconv.Itoa(1000000+i), "T0TEST", "Newcomer "+strconv.Itoa(i), "Europe/Paris", joined, joined, joined, joined); err != nil {
			return err
		}
	}
	if err := g.flush(ctx); err != nil {
		return err
	}
	return mb.flush(ctx)
}

// seedBusy gives organizer k one-to-ones: 5% open requests, 3% meetings
// ahead, 4% held and not reflected on, the rest reflected; a current goal
// and a full list of ten.
func seedBusy(ctx context.Context, st *models.Store, me string, k int, firstID int64) error {
	rng := rand.New(rand.NewPCG(uint64(k), 9))
	T := scaleNow
	grp, err := st.DefaultGroup(ctx, "T0TEST")
	if err != nil {
		return err
	}
	st = st.In(grp.ID)
	db := st.DB()
	if err := db.WithContext(ctx).Exec("INSERT INTO members (id, team_id, name, tz, profile_fetched_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		me, "T0TEST", "Busy Organizer", "America/New_York", T, T, T).Error; err != nil {
		return err
	}
	oo := newBulk(db, "one_to_ones", "id", "group_id", "requester_id", "invitee_id", "status", "message", "scheduled_at", "duration_min",
		"requested_at", "held_at", "invite_channel", "invite_ts", "requester_channel", "requester_ts", "version", "created_at", "updated_at")
	for i := range k {
		id := firstID + int64(i)
		inv := me + "i" + strconv.Itoa(i)
		var status models.Status
		var sched, held any
		requested := T.Add(-time.Duration(rng.Int64N(int64(365 * day))))
		switch x := rng.IntN(100); {
		case x < 5:
			status = models.StatusRequested
			requested = T.Add(-time.Duration(rng.Int64N(int64(40 * day))))
		case x < 8:
			status = models.StatusScheduled
			s := T.Add(time.Duration(rng.Int64N(int64(14 * day))))
			requested = T.Add(-time.Duration(rng.Int64N(int64(14 * day))))
			sched = s
		case x < 12:
			status = models.StatusHeld
			s := T.Add(-time.Duration(rng.Int64N(int64(20 * day))))
			requested, sched, held = s.Add(-3*day), s, s
		default:
			status = models.StatusReflected
			s := requested.Add(3 * day)
			if s.After(T) {
				s = T.Add(-time.Hour)
			}
			sched, held = s, s
		}
		if err := oo.add(ctx, id, grp.ID, me, inv, string(status), "Coffee?", sched, 45, requested, held, "D"+inv, "1.1", "D"+me, "1.2", 1, requested, requested); err != nil {
			return err
		}
	}
	if err := oo.flush(ctx); err != nil {
		return err
	}
	if err := st.SetGoal(ctx, &models.Goal{UserID: models.UserID(me), Target: 8, StartsAt: T.Add(-7 * day), EndsAt: T.Add(21 * day)}); err != nil {
		return err
	}
	var entries []models.PlanEntry
	for i := range models.MaxPlanEntries {
		entries = append(entries, models.PlanEntry{InviteeID: models.UserID(me + "i" + strconv.Itoa(i*7))})
	}
	_, err = st.AddToPlan(ctx, models.UserID(me), entries)
	return err
}

// benchHome times the App Home of busy organizers through the bot's
// exported path: an app_home_opened event over Socket Mode until the fake
// records the views.publish; and the store queries behind it on their own.
func benchHome(ctx context.Context, st *benchStore, fake *slacktest.Server, api *slack.Client, busies []int, runs int) ([][]string, error) {
	b := bot.New(bot.Config{Store: st.Store, Slack: api, Now: func() time.Time { return scaleNow }, Log: slog.New(newLogCounter()), TeamID: slacktest.TeamID})
	sm := bot.NewSocketMode(b, socketmode.New(api))
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); sm.Run(rctx) }()
	defer func() { cancel(); <-done; b.Shutdown(context.Background()) }()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		return nil, err
	}
	grp, err := st.DefaultGroup(ctx, slacktest.TeamID)
	if err != nil {
		return nil, err
	}
	gs := st.In(grp.ID) // Home reads the member's group
	var out [][]string
	next := int64(50000000)
	for _, k := range busies {
		me := "UBUSY" + strconv.Itoa(k)
		if err := seedBusy(ctx, st.Store, me, k, next); err != nil {
			return nil, err
		}
		next += int64(k)
		if err := resetSequences(ctx, st.Store, "one_to_ones", "plan_entries", "goals"); err != nil {
			return nil, err
		}
		var e2e, queries, plan []float64
		for i := -1; i < runs; i++ { // the first run warms up
			before, _ := fake.HomeView(me)
			start := time.Now()
			if _, err := fake.SendEvent(ctx, "", map[string]any{"type": "app_home_opened", "user": me, "tab": "home", "channel": "D" + me}); err != nil {
				return nil, err
			}
			wctx, wc := context.WithTimeout(ctx, 30*time.Second)
			err := pollFast(wctx, func() bool { v, ok := fake.HomeView(me); return ok && v.Hash != before.Hash })
			wc()
			if err != nil {
				return nil, fmt.Errorf("home of %s never published: %w", me, err)
			}
			el := time.Since(start)
			q0 := time.Now()
			if err := homeQueries(ctx, gs, models.UserID(me)); err != nil {
				return nil, err
			}
			ql := time.Since(q0)
			p0 := time.Now()
			if _, err := gs.Plan(ctx, models.UserID(me)); err != nil {
				return nil, err
			}
			pl := time.Since(p0)
			if i >= 0 {
				e2e, queries, plan = append(e2e, msOf(el)), append(queries, msOf(ql)), append(plan, msOf(pl))
			}
		}
		out = append(out, []string{strconv.Itoa(k), spreadOf(e2e).ms(), spreadOf(queries).ms(), spreadOf(plan).ms()})
	}
	return out, nil
}

// homeQueries makes the store calls the Home tab's data needs, as
// bot.homeData does.
func homeQueries(ctx context.Context, st *models.Store, me models.UserID) error {
	os, err := st.OneToOnesFor(ctx, me, models.StatusRequested, models.StatusScheduled, models.StatusHeld)
	if err != nil {
		return err
	}
	var ids []models.PersonID
	for _, o := range os {
		if o.PersonID != nil {
			ids = append(ids, *o.PersonID)
		}
	}
	if _, err := st.People(ctx, ids); err != nil {
		return err
	}
	if _, _, err := st.GoalProgress(ctx, me); err != nil {
		return err
	}
	if _, err := st.Plan(ctx, me); err != nil {
		return err
	}
	_, err = st.Member(ctx, me)
	return err
}

// pollFast polls cond every 200 µs: WaitFor's 5 ms would blur
// millisecond timings.
func pollFast(ctx context.Context, cond func() bool) error {
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Microsecond):
		}
	}
	return nil
}

// homeTeam is the team whose store the App Home is timed in: 500 members,
// or the largest team when 500 is not among them.
func homeTeam(sizes []int) int {
	if slices.Contains(sizes, 500) {
		return 500
	}
	return slices.Max(sizes)
}
