package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"gorm.io/gorm"
)

// runScale is §2: the scheduler's due-work queries and ticks on Postgres
// seeded with 10k, 100k and (with --1m) 1M one-to-ones.
func runScale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	sizes := fs.String("sizes", "10k,100k", "one-to-ones to seed, each in its own schema")
	big := fs.Bool("1m", false, "add the 1M size (seeding takes minutes; the schema is kept for later runs)")
	runs := fs.Int("runs", 5, "repetitions of each query and tick, for the spread")
	explain := fs.Bool("explain", true, "print EXPLAIN (ANALYZE, BUFFERS) of every due-work query")
	reseed := fs.Bool("reseed", false, "drop and seed the schemas again even if already seeded")
	offsets := fs.String("ticks", "0,1h", "ticks to time, as offsets from the seeded now, each after a pass a minute before the seeded now: 0 is a steady-state tick (one minute of new work); 1h is a tick after an hour's outage (which sweeps). A sweep at now (a process's first pass, and each hour's) is always timed too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var ns []int
	for _, s := range splitList(*sizes) {
		n, err := parseCount(s)
		if err != nil {
			return err
		}
		ns = append(ns, n)
	}
	if *big && !slices.Contains(ns, 1000000) {
		ns = append(ns, 1000000)
	}
	var offs []time.Duration
	for _, s := range splitList(*offsets) {
		if s == "0" {
			offs = append(offs, 0)
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("--ticks: %w", err)
		}
		offs = append(offs, d)
	}
	type sizeResult struct {
		n       int
		queries map[string]spread
		qorder  []string
		ticks   map[string]spread
		torder  []string
		work    map[string]string
		steady  map[string]spread
		worder  []string
	}
	var results []sizeResult
	for _, n := range ns {
		st, err := seededScaleStore(ctx, n, *reseed)
		if err != nil {
			return err
		}
		r := sizeResult{n: n, queries: map[string]spread{}, ticks: map[string]spread{}, work: map[string]string{}, steady: map[string]spread{}}
		qs := dueQueries(st.Store)
		if *explain {
			fmt.Printf("\n## EXPLAIN (ANALYZE, BUFFERS) at %s one-to-ones, now %s\n", countLabel(n), scaleNow.Format(time.RFC3339))
			for _, q := range append(slices.Clone(qs), steadyQueries(st.Store)...) {
				plan, err := explainQuery(ctx, st.Store, q.run)
				if err != nil {
					st.close()
					return fmt.Errorf("explain %s: %w", q.name, err)
				}
				fmt.Printf("\n### %s\n%s\n", q.name, plan)
			}
		}
		for _, q := range qs {
			sp, err := timeQuery(ctx, q, *runs)
			if err != nil {
				st.close()
				return err
			}
			r.queries[q.name] = sp
			r.qorder = append(r.qorder, q.name)
		}
		for _, q := range steadyQueries(st.Store) {
			sp, err := timeQuery(ctx, q, *runs)
			if err != nil {
				st.close()
				return err
			}
			r.steady[q.name] = sp
			r.worder = append(r.worder, q.name)
		}
		type tick struct {
			label string
			at    time.Time
			warm  bool // after a pass a tick before scaleNow, or before at when idle
		}
		// The seed holds every delivery up to a tick before now, so a
		// tick there, after a pass a tick earlier, finds nothing new: it
		// costs only the looking.
		ticks := []tick{{"idle tick@now-1m", scaleNow.Add(-seedTick), true}}
		for _, off := range offs {
			label := "tick@now"
			if off > 0 {
				label = "tick@now+" + off.String()
			}
			ticks = append(ticks, tick{label, scaleNow.Add(off), true})
		}
		ticks = append(ticks, tick{"sweep@now", scaleNow, false})
		for _, tk := range ticks {
			label := tk.label
			var totals []float64
			perJob := map[string][]float64{}
			var work string
			for i := range *runs {
				warmAt := scaleNow.Add(-seedTick)
				if tk.at.Before(scaleNow) {
					warmAt = tk.at.Add(-seedTick)
				}
				if !tk.warm {
					warmAt = time.Time{}
				}
				t, jobs, counts, err := scaleTick(ctx, st, tk.at, warmAt)
				if err != nil {
					st.close()
					return fmt.Errorf("%s: %w", label, err)
				}
				totals = append(totals, msOf(t))
				for j, d := range jobs {
					perJob[j] = append(perJob[j], msOf(d))
				}
				if i == 0 {
					work = counts
				}
			}
			r.ticks[label] = spreadOf(totals)
			r.torder = append(r.torder, label)
			r.work[label] = work
			for _, j := range scaleJobs {
				r.ticks[label+" "+j] = spreadOf(perJob[j])
			}
		}
		if cs := tickStores[st.url]; cs != nil {
			cs.Close()
			delete(tickStores, st.url)
		}
		st.close()
		results = append(results, r)
	}

	fmt.Printf("\n## due-work queries on Postgres, ms: median (min–max) of %d runs\n", *runs)
	head := []string{"query"}
	for _, r := range results {
		head = append(head, countLabel(r.n))
	}
	head = append(head, "largest/smallest")
	t := newTable(head...)
	for _, q := range results[0].qorder {
		row := []string{q}
		for _, r := range results {
			row = append(row, r.queries[q].ms())
		}
		row = append(row, fmt.Sprintf("%.2f×", results[len(results)-1].queries[q].med/results[0].queries[q].med))
		t.row(row...)
	}
	t.flush()
	fmt.Printf("\n## the queries of a steady-state pass (the previous pass a minute before): the band time moved into each window, and the rows changed since; ms, median (min–max)\n")
	t = newTable(head...)
	for _, q := range results[0].worder {
		row := []string{q}
		for _, r := range results {
			row = append(row, r.steady[q].ms())
		}
		row = append(row, fmt.Sprintf("%.2f×", results[len(results)-1].steady[q].med/results[0].steady[q].med))
		t.row(row...)
	}
	t.flush()
	fmt.Printf("\n## scheduler ticks (RunJob of every due-work job, no-op notifier), ms: median (min–max) of %d runs\n", *runs)
	fmt.Println("tick@…: the scheduler made a pass a minute before first (untimed), as in production; idle tick@now-1m finds nothing new (the seed holds every delivery up to then), tick@now finds the seed's last minute of work; sweep@now: a fresh scheduler, whose first pass reads every window whole, as each process does on start and every hour")
	t = newTable(head...)
	for _, label := range results[0].torder {
		for _, j := range append([]string{""}, scaleJobs...) {
			k := strings.TrimSpace(label + " " + j)
			name := label
			if j != "" {
				name = "  " + j
			}
			row := []string{name}
			for _, r := range results {
				row = append(row, r.ticks[k].ms())
			}
			row = append(row, fmt.Sprintf("%.2f×", results[len(results)-1].ticks[k].med/max(results[0].ticks[k].med, 1e-9)))
			t.row(row...)
		}
	}
	t.flush()
	fmt.Println("\nwork done by the first run of each tick (sends by the no-op notifier, deliveries queued, requests expired):")
	for _, r := range results {
		for _, label := range r.torder {
			fmt.Printf("  %s %s: %s\n", countLabel(r.n), label, r.work[label])
		}
	}
	if len(results) > 1 {
		a, b := results[0], results[len(results)-1]
		for _, k := range results[0].torder[:2] {
			ratio := b.ticks[k].med / a.ticks[k].med
			verdict := "MET"
			if ratio > 2 {
				verdict = "MISSED"
			}
			fmt.Printf("\ngoal: %s within 2× of %s for a tick: %s %.2f ms vs %.2f ms = %.2f×: %s (work: %s / %s)\n",
				countLabel(b.n), countLabel(a.n), k, b.ticks[k].med, a.ticks[k].med, ratio, verdict, b.work[k], a.work[k])
		}
	}
	return nil
}

// seededScaleStore opens the schema holding n seeded one-to-ones, seeding
// it first when it is missing, stale or --reseed is given.
func seededScaleStore(ctx context.Context, n int, reseed bool) (*benchStore, error) {
	schema := "scale_" + strings.ToLower(countLabel(n))
	clock := func() time.Time { return scaleNow }
	if reseed {
		if err := dropSchema(ctx, schema); err != nil {
			return nil, err
		}
	}
	st, err := openStore(ctx, "postgres", clock, schema)
	if err != nil {
		return nil, err
	}
	db := st.DB().WithContext(ctx)
	db.Exec("CREATE TABLE IF NOT EXISTS bench_seed (n BIGINT, version INT, seconds DOUBLE PRECISION, summary TEXT)")
	var rows []struct {
		N       int64
		Version int
		Seconds float64
		Summary string
	}
	db.Raw("SELECT n, version, seconds, summary FROM bench_seed").Scan(&rows)
	if len(rows) == 1 && rows[0].N == int64(n) && rows[0].Version == scaleSeedVersion {
		fmt.Printf("\n# %s: reusing seeded schema %s (seeded in %.1f s: %s)\n", countLabel(n), schema, rows[0].Seconds, rows[0].Summary)
		return st, nil
	}
	if len(rows) > 0 || hasRows(ctx, st.DB()) {
		st.close()
		if err := dropSchema(ctx, schema); err != nil {
			return nil, err
		}
		if st, err = openStore(ctx, "postgres", clock, schema); err != nil {
			return nil, err
		}
		db = st.DB().WithContext(ctx)
		db.Exec("CREATE TABLE IF NOT EXISTS bench_seed (n BIGINT, version INT, seconds DOUBLE PRECISION, summary TEXT)")
	}
	fmt.Printf("\n# %s: seeding schema %s ...\n", countLabel(n), schema)
	start := time.Now()
	c, err := seedScale(ctx, st.Store, n)
	if err != nil {
		st.close()
		return nil, err
	}
	secs := time.Since(start).Seconds()
	var sts []string
	for _, s := range []models.Status{models.StatusReflected, models.StatusHeld, models.StatusScheduled, models.StatusRequested, models.StatusExpired, models.StatusDeclined, models.StatusCancelled} {
		sts = append(sts, fmt.Sprintf("%s %d", s, c.byStatus[s]))
	}
	summary := fmt.Sprintf("%d one-to-ones (%s), %d reflections, %d deliveries, %d members", c.oneToOnes, strings.Join(sts, ", "), c.reflections, c.deliveries, c.members)
	db.Exec("INSERT INTO bench_seed VALUES (?, ?, ?, ?)", n, scaleSeedVersion, secs, summary)
	fmt.Printf("# %s: seeded in %.1f s (%.0f rows/s): %s\n", countLabel(n), secs, float64(c.oneToOnes+c.reflections+c.deliveries+c.members)/secs, summary)
	return st, nil
}

// hasRows reports whether the schema already holds one-to-ones.
func hasRows(ctx context.Context, db *gorm.DB) bool {
	var n int64
	db.WithContext(ctx).Raw("SELECT COUNT(*) FROM (SELECT 1 FROM one_to_ones LIMIT 1) x").Scan(&n)
	return n > 0
}

// dropSchema drops one of the benchmarks' own schemas in onetoone_bench.
func dropSchema(ctx context.Context, schema string) error {
	dbURL, err := benchDBURL(ctx)
	if err != nil {
		return err
	}
	admin, err := models.Open(ctx, dbURL, models.Options{Now: time.Now})
	if err != nil {
		return err
	}
	defer admin.Close()
	return admin.DB().WithContext(ctx).Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE").Error
}

// dueQuery is one store call the scheduler makes every tick, with the
// arguments its jobs pass at scaleNow.
type dueQuery struct {
	name string
	run  func(ctx context.Context) error
}

var allKinds = map[string][]string{
	"reminders":   {models.KindReminder, models.KindReminderInvitee},
	"reflections": {models.KindReflectionPrompt, models.KindReflectionReminder},
	"nudges":      {models.KindNudgeRequester, models.KindNudgeInvitee},
	"follow-ups":  {models.KindFollowUp},
	"expire":      {models.KindExpired},
}

var scaleJobs = []string{"reminders", "reflections", "nudges", "follow-ups", "expire"}

// eachSide runs a planning query for both people of the one-to-ones, as a
// tick does: prompts to reflect go to each.
func eachSide(query func(side models.Side) error) error {
	for _, side := range models.Sides {
		if err := query(side); err != nil {
			return err
		}
	}
	return nil
}

// dueQueries are the due-work store calls of one tick.
func dueQueries(st *models.Store) []dueQuery {
	T := scaleNow
	pg := models.Page{Limit: 500}
	promptBefore := T.Add(-48 * time.Hour)
	q := []dueQuery{
		{"MeetingsToRemind", func(ctx context.Context) error {
			_, err := st.MeetingsToRemind(ctx, T, T.Add(seedReminderBefore+day), pg)
			return err
		}},
		{"MeetingsToReflect", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToReflect(ctx, side, T.Add(-7*day), T.Add(-seedReflectDelay-models.MinDuration), pg)
				return err
			})
		}},
		{"MeetingsToRemindReflect", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToRemindReflect(ctx, side, T.Add(-14*day), promptBefore.Add(-seedReflectDelay-models.MinDuration), promptBefore, pg)
				return err
			})
		}},
		{"RequestsToNudge", func(ctx context.Context) error {
			_, err := st.RequestsToNudge(ctx, T.Add(-seedExpireAfter), T.Add(-seedNudgeAfter), pg)
			return err
		}},
		{"RequestsToExpire", func(ctx context.Context) error {
			_, err := st.RequestsToExpire(ctx, T.Add(-seedExpireAfter), pg)
			return err
		}},
		{"FollowUpsDue", func(ctx context.Context) error {
			_, err := st.FollowUpsDue(ctx, T.Add(-7*day), T.Add(day), pg)
			return err
		}},
	}
	for _, job := range []string{"reminders", "nudges"} {
		kinds := allKinds[job]
		q = append(q, dueQuery{"ClaimDue(" + job + ")", func(ctx context.Context) error {
			d, _, err := st.ClaimDue(ctx, T, "bench-probe", 5*time.Minute, kinds)
			if err != nil || d == nil {
				return err
			}
			// Put it back as it was: the probe must not change the data.
			return st.RetryDelivery(ctx, d.ID, "bench-probe", d.DueAt, d.LastError, false)
		}})
		q = append(q, dueQuery{"DueDeliveries(" + job + ")", func(ctx context.Context) error {
			_, err := st.DueDeliveries(ctx, T, kinds, 500)
			return err
		}})
	}
	return q
}

// explainQuery runs fn with a gorm callback catching the SELECTs it makes,
// and returns EXPLAIN (ANALYZE, BUFFERS) of each, run with the same
// arguments.
func explainQuery(ctx context.Context, st *models.Store, fn func(ctx context.Context) error) (string, error) {
	type caught struct {
		sql  string
		vars []any
	}
	var mu sync.Mutex
	var got []caught
	captureSink = func(sql string, vars []any) {
		mu.Lock()
		got = append(got, caught{sql, vars})
		mu.Unlock()
	}
	registerCapture(st.DB())
	capturing.Store(true) // after the sink is set: the store publishes it
	err := fn(ctx)
	capturing.Store(false)
	if err != nil {
		return "", err
	}
	sqlDB, err := st.DB().DB()
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, c := range got {
		if !strings.HasPrefix(strings.TrimSpace(strings.ToUpper(c.sql)), "SELECT") {
			continue
		}
		fmt.Fprintf(&out, "-- %s\n", c.sql)
		rows, err := sqlDB.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+c.sql, c.vars...)
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var line string
			rows.Scan(&line)
			out.WriteString(line + "\n")
		}
		rows.Close()
	}
	return strings.TrimRight(out.String(), "\n"), nil
}

var (
	capturing   atomic.Bool
	captureSink func(sql string, vars []any)
	registered  sync.Map // *gorm.DB config → bool
)

// registerCapture adds, once per gorm handle, the callback explainQuery
// listens to.
func registerCapture(db *gorm.DB) {
	if _, done := registered.LoadOrStore(db.Config, true); done {
		return
	}
	db.Callback().Query().After("gorm:query").Register("bench:capture", func(tx *gorm.DB) {
		if capturing.Load() && captureSink != nil {
			captureSink(tx.Statement.SQL.String(), slices.Clone(tx.Statement.Vars))
		}
	})
}

// countingNotifier sends nothing and counts.
type countingNotifier struct{ sent atomic.Int64 }

func (n *countingNotifier) Send(ctx context.Context, d models.Delivery) error {
	n.sent.Add(1)
	return nil
}

func (n *countingNotifier) Location(ctx context.Context, recipient string) *time.Location {
	return time.UTC
}

// scaleTick runs every due-work job once at now, as the scheduler's tick
// does, then undoes what it wrote so the next run sees the same data. With
// a warmAt, the same scheduler first runs them, untimed, then, so the timed
// pass is a steady-state one that reads only what is new since; without,
// it is the first pass of a process, which sweeps every window.
func scaleTick(ctx context.Context, st *benchStore, now, warmAt time.Time) (time.Duration, map[string]time.Duration, string, error) {
	db := st.DB().WithContext(ctx)
	var maxID int64
	if err := db.Raw("SELECT COALESCE(MAX(id), 0) FROM deliveries").Scan(&maxID).Error; err != nil {
		return 0, nil, "", err
	}
	st2, err := tickStore(ctx, st.url, now)
	if err != nil {
		return 0, nil, "", err
	}
	notifier := &countingNotifier{}
	logs := newLogCounter()
	sch := scheduler.New(scheduler.Config{Store: st2, Notifier: notifier, Now: func() time.Time { return now }, Log: slog.New(logs), Worker: "bench-tick"})
	if !warmAt.IsZero() {
		for _, j := range scaleJobs {
			if err := sch.RunJob(ctx, j, warmAt); err != nil {
				return 0, nil, "", fmt.Errorf("job %s: %w", j, err)
			}
		}
		notifier.sent.Store(0)
	}
	jobs := map[string]time.Duration{}
	start := time.Now()
	for _, j := range scaleJobs {
		js := time.Now()
		if err := sch.RunJob(ctx, j, now); err != nil {
			return 0, nil, "", fmt.Errorf("job %s: %w", j, err)
		}
		jobs[j] = time.Since(js)
	}
	total := time.Since(start)
	var queued, expired int64
	db.Raw("SELECT COUNT(*) FROM deliveries WHERE id > ?", maxID).Scan(&queued)
	db.Raw("SELECT COUNT(*) FROM one_to_ones WHERE status = ? AND updated_at = ?", models.StatusExpired, now).Scan(&expired)
	counts := fmt.Sprintf("sent %d, queued %d, expired %d", notifier.sent.Load(), queued, expired)
	// Undo: the tick's writes all carry updated_at = now.
	steps := []*gorm.DB{
		db.Exec("DELETE FROM deliveries WHERE id > ?", maxID),
		db.Exec("UPDATE deliveries SET state = ?, claimed_by = '', lease_until = NULL, attempts = 0, sent_at = NULL, last_error = '' WHERE updated_at = ?", models.DeliveryPending, now),
		db.Exec("UPDATE one_to_ones SET status = ?, version = version - 1, updated_at = requested_at WHERE status = ? AND updated_at = ?", models.StatusRequested, models.StatusExpired, now),
	}
	for _, s := range steps {
		if s.Error != nil {
			return 0, nil, "", fmt.Errorf("undo the tick: %w", s.Error)
		}
	}
	return total, jobs, counts, nil
}

// tickStores are the stores scaleTick runs the scheduler on, one per
// seeded schema, kept open across runs as a process keeps its pool: a new
// connection's first queries pay for Postgres loading its catalog caches,
// which a long-running scheduler does not. Each has its own clock, set by
// scaleTick, so its writes carry the tick's now.
var tickStores = map[string]*clockedStore{}

type clockedStore struct {
	*models.Store
	now atomic.Pointer[time.Time]
}

func tickStore(ctx context.Context, url string, now time.Time) (*models.Store, error) {
	cs := tickStores[url]
	if cs == nil {
		cs = &clockedStore{}
		cs.now.Store(&now)
		st, err := models.Open(ctx, url, models.Options{Now: func() time.Time { return *cs.now.Load() }})
		if err != nil {
			return nil, err
		}
		cs.Store = st
		tickStores[url] = cs
	}
	cs.now.Store(&now)
	return cs.Store, nil
}

// timeQuery runs q once to warm the cache, then times it runs times.
func timeQuery(ctx context.Context, q dueQuery, runs int) (spread, error) {
	q.run(ctx)
	var xs []float64
	for range runs {
		start := time.Now()
		if err := q.run(ctx); err != nil {
			return spread{}, fmt.Errorf("%s: %w", q.name, err)
		}
		xs = append(xs, msOf(time.Since(start)))
	}
	return spreadOf(xs), nil
}

// steadyQueries are the planning queries of a steady-state pass at the
// seeded now, the previous pass a tick before (scheduler/marks.go): for
// each windowed query, the band its moving edge crossed (widened as the
// scheduler widens it) and the rows of the rest of its window changed since
// the previous pass (less its look-back).
func steadyQueries(st *models.Store) []dueQuery {
	T := scaleNow
	prev := T.Add(-seedTick)
	// scheduler/marks.go: edgeSlack, changedLookBack, and the reflection
	// queries' lag (models.MaxDuration − MinDuration).
	slack, lag := 5*time.Minute, models.MaxDuration-models.MinDuration
	pg := models.Page{Limit: 500}
	changed := models.Page{Limit: 500, ChangedSince: prev.Add(-10 * time.Minute)}
	promptBefore := T.Add(-48 * time.Hour)
	reflectTo := T.Add(-seedReflectDelay - models.MinDuration)
	againTo := promptBefore.Add(-seedReflectDelay - models.MinDuration)
	remindTo := T.Add(seedReminderBefore + day)
	band := func(to time.Time) time.Time { return to.Add(-seedTick - slack) }
	lagged := func(to time.Time) time.Time { return band(to).Add(-lag) }
	return []dueQuery{
		{"MeetingsToRemind, band", func(ctx context.Context) error {
			_, err := st.MeetingsToRemind(ctx, band(remindTo), remindTo, pg)
			return err
		}},
		{"MeetingsToRemind, changed", func(ctx context.Context) error {
			_, err := st.MeetingsToRemind(ctx, T, band(remindTo), changed)
			return err
		}},
		{"MeetingsToReflect, band", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToReflect(ctx, side, lagged(reflectTo), reflectTo, pg)
				return err
			})
		}},
		{"MeetingsToReflect, changed", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToReflect(ctx, side, T.Add(-7*day), lagged(reflectTo), changed)
				return err
			})
		}},
		{"MeetingsToRemindReflect, band", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToRemindReflect(ctx, side, lagged(againTo), againTo, promptBefore, pg)
				return err
			})
		}},
		{"MeetingsToRemindReflect, changed", func(ctx context.Context) error {
			return eachSide(func(side models.Side) error {
				_, err := st.MeetingsToRemindReflect(ctx, side, T.Add(-14*day), lagged(againTo), promptBefore, changed)
				return err
			})
		}},
		{"RequestsToNudge, band", func(ctx context.Context) error {
			_, err := st.RequestsToNudge(ctx, band(T.Add(-seedNudgeAfter)), T.Add(-seedNudgeAfter), pg)
			return err
		}},
		{"RequestsToNudge, changed", func(ctx context.Context) error {
			_, err := st.RequestsToNudge(ctx, T.Add(-seedExpireAfter), band(T.Add(-seedNudgeAfter)), changed)
			return err
		}},
		{"FollowUpsDue, band", func(ctx context.Context) error {
			_, err := st.FollowUpsDue(ctx, band(T.Add(day)), T.Add(day), pg)
			return err
		}},
		{"FollowUpsDue, changed", func(ctx context.Context) error {
			_, err := st.FollowUpsDue(ctx, T.Add(-7*day), band(T.Add(day)), changed)
			return err
		}},
	}
}
