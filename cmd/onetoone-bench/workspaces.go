package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/models"
)

// runWorkspaces is §7: one deployment serving many workspaces (issue 15).
// It seeds W workspaces × M members on Postgres, each workspace with its
// default group and P one-to-ones among its members, and times the
// scheduler's tick over all of them and one workspace's Home store calls,
// beside the same per-workspace shape with W = 1.
func runWorkspaces(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("workspaces", flag.ContinueOnError)
	counts := fs.String("workspaces", "1,100,1000", "numbers of workspaces to seed, each in its own schema")
	members := fs.Int("members", 100, "members per workspace")
	pairs := fs.Int("one-to-ones", 50, "one-to-ones per workspace")
	runs := fs.Int("runs", 3, "repetitions of each tick and Home, for the spread")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t := newTable("workspaces", "members", "one-to-ones", "seed", "planning reads, steady tick, ms", "planning reads, sweep, ms", "scheduler tick, ms", "Home store calls, ms")
	for _, s := range splitList(*counts) {
		w, err := parseCount(s)
		if err != nil {
			return err
		}
		row, err := benchWorkspaces(ctx, w, *members, *pairs, *runs)
		if err != nil {
			return err
		}
		t.row(row...)
	}
	fmt.Printf("\n## Many workspaces on one Postgres: median (min–max) of %d runs\n", *runs)
	t.flush()
	if tickErr != nil {
		fmt.Printf("(1) the scheduler's tick did not run: %v\n", tickErr)
	}
	fmt.Println()
	for _, n := range tickNotes {
		fmt.Println(n)
	}
	return nil
}

// tickErr is why a whole tick could not be timed, if it could not.
var tickErr error

// tickNotes say, for each timed tick, what it did and each job's time.
var tickNotes []string

// benchWorkspaces seeds one schema and times it; the schema is dropped
// after.
func benchWorkspaces(ctx context.Context, w, m, p, runs int) ([]string, error) {
	st, err := openStore(ctx, "postgres", func() time.Time { return scaleNow }, "")
	if err != nil {
		return nil, err
	}
	defer st.close()
	start := time.Now()
	home, err := seedWorkspaces(ctx, st.Store, w, m, p)
	if err != nil {
		return nil, fmt.Errorf("seed %d workspaces: %w", w, err)
	}
	seeded := time.Since(start)
	if err := st.DB().WithContext(ctx).Exec("ANALYZE").Error; err != nil {
		return nil, err
	}
	// The planning reads a tick makes: those of a steady pass (a minute
	// after the last) and those of a sweep (a process's first pass, and
	// each hour's), all run once, as one tick does.
	reads := func(qs []dueQuery) (spread, error) {
		var xs []float64
		for r := 0; r <= runs; r++ {
			s := time.Now()
			for _, q := range qs {
				if err := q.run(ctx); err != nil {
					return spread{}, fmt.Errorf("%s: %w", q.name, err)
				}
			}
			if r > 0 { // the first warms the cache
				xs = append(xs, msOf(time.Since(s)))
			}
		}
		return spreadOf(xs), nil
	}
	steady, err := reads(steadyQueries(st.Store))
	if err != nil {
		return nil, err
	}
	sweep, err := reads(dueQueries(st.Store))
	if err != nil {
		return nil, err
	}
	// The whole tick (planning, queueing, delivering to a notifier that
	// counts), as §2 times it; a scheduler that cannot run says why.
	tick := "n/a"
	var txs []float64
	for range runs {
		d, jobs, work, err := scaleTick(ctx, st, scaleNow, scaleNow.Add(-time.Minute))
		if err != nil {
			tick = "n/a (1)"
			tickErr = err
			break
		}
		txs = append(txs, msOf(d))
		// What the tick did, and where its time went, to tell the cost
		// of looking from the cost of the work found.
		line := fmt.Sprintf("tick at %d workspaces: %s; ms by job:", w, work)
		for _, j := range scaleJobs {
			line += fmt.Sprintf(" %s %.1f", j, msOf(jobs[j]))
		}
		tickNotes = append(tickNotes, line)
	}
	if len(txs) == runs {
		tick = spreadOf(txs).ms()
	}
	scoped := st.In(home.group)
	homeQueries(ctx, scoped, home.member) // warm
	var xs []float64
	for range runs {
		s := time.Now()
		if err := homeQueries(ctx, scoped, home.member); err != nil {
			return nil, fmt.Errorf("home: %w", err)
		}
		xs = append(xs, msOf(time.Since(s)))
	}
	return []string{strconv.Itoa(w), strconv.Itoa(w * m), strconv.Itoa(w * p), seeded.Round(time.Second).String(),
		steady.ms(), sweep.ms(), tick, spreadOf(xs).ms()}, nil
}

// homeOf names the member whose Home is timed, and their group.
type homeOf struct {
	member models.UserID
	group  models.GroupID
}

// seedWorkspaces writes w workspaces (with a row each, as OAuth leaves
// them), their default groups, m members each and p one-to-ones among each
// workspace's members: most reflected in the past year, some requests
// waiting, some meetings in the coming two weeks.
func seedWorkspaces(ctx context.Context, st *models.Store, w, m, p int) (homeOf, error) {
	rng := rand.New(rand.NewPCG(uint64(w), 15))
	T := scaleNow
	db := st.DB()
	ws := newBulk(db, "workspaces", "team_id", "team_name", "bot_token", "installed_at", "updated_at")
	gr := newBulk(db, "groups", "id", "team_id", "name", "name_key", "is_default", "created_at", "updated_at")
	mb := newBulk(db, "members", "id", "team_id", "name", "tz", "profile_fetched_at", "created_at", "updated_at")
	oo := newBulk(db, "one_to_ones", "id", "group_id", "requester_id", "invitee_id", "status", "message", "scheduled_at", "duration_min",
		"requested_at", "held_at", "invite_channel", "invite_ts", "requester_channel", "requester_ts", "version", "created_at", "updated_at")
	oo.deps = []*bulk{gr, mb}
	var id int64
	var home homeOf
	for t := range w {
		team := fmt.Sprintf("T%07d", t)
		gid := int64(t + 1)
		if err := ws.add(ctx, team, "Workspace "+team, []byte("sealed token stands in here"), T.Add(-400*day), T); err != nil {
			return home, err
		}
		if err := gr.add(ctx, gid, team, "", "", true, T.Add(-400*day), T.Add(-400*day)); err != nil {
			return home, err
		}
		user := func(i int) string { return fmt.Sprintf("U%07d%04d", t, i) }
		for i := range m {
			if err := mb.add(ctx, user(i), team, "Member "+strconv.Itoa(i), "UTC", T, T.Add(-400*day), T.Add(-400*day)); err != nil {
				return home, err
			}
		}
		if t == w/2 {
			home = homeOf{member: models.UserID(user(0)), group: models.GroupID(gid)}
		}
		open := map[[2]string]bool{}
		for range p {
			id++
			req, inv := user(rng.IntN(m)), user(rng.IntN(m))
			for inv == req || open[[2]string{req, inv}] {
				req, inv = user(rng.IntN(m)), user(rng.IntN(m))
			}
			var status models.Status
			var sched, held *time.Time
			requested := T.Add(-time.Duration(rng.Int64N(int64(365 * day))))
			switch x := rng.IntN(100); {
			case x < 80:
				status = models.StatusReflected
				s := requested.Add(7 * day)
				if s.After(T) {
					s = T.Add(-time.Hour)
				}
				sched, held = &s, &s
			case x < 90:
				status = models.StatusRequested
				requested = T.Add(-time.Duration(rng.Int64N(int64(seedExpireAfter))))
				open[[2]string{req, inv}] = true
			default:
				status = models.StatusScheduled
				s := T.Add(time.Duration(rng.Int64N(int64(14 * day))))
				requested = T.Add(-day)
				sched = &s
				open[[2]string{req, inv}] = true
			}
			updated := requested
			if held != nil {
				updated = *held
			}
			if err := oo.add(ctx, id, gid, req, inv, string(status), "Coffee next week?", sched, 45,
				requested, held, "D"+inv, "1700000000.000100", "D"+req, "1700000000.000200", 1, requested, updated); err != nil {
				return home, err
			}
		}
	}
	for _, b := range []*bulk{ws, gr, mb, oo} {
		if err := b.flush(ctx); err != nil {
			return home, err
		}
	}
	return home, resetSequences(ctx, st, "groups", "one_to_ones")
}
