package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// seedDue makes n requests due for a nudge and n meetings due for a
// reminder at now, and returns every message they call for.
func seedDue(t *testing.T, s *models.Store, n int, now time.Time) []string {
	t.Helper()
	var want []string
	for i := range n {
		// Each request has its own requester: one person's nudges would
		// stop at their weekly budget of unasked messages.
		req, inv := models.UserID(fmt.Sprintf("UA%03d", i)), models.UserID(fmt.Sprintf("UN%03d", i))
		r := request(t, s, req, inv, now.Add(-scheduler.DefaultNudgeAfter))
		want = append(want, key("nudge_requester", string(req), r.ID), key("nudge_invitee", string(inv), r.ID))
		inv = models.UserID(fmt.Sprintf("UM%03d", i))
		m := meeting(t, s, "UB", inv, now.Add(time.Hour), time.Hour)
		want = append(want, key("reminder", "UB", m.ID), key("reminder_invitee", string(inv), m.ID))
	}
	return want
}

// TestTwoReplicas runs two schedulers, each with its own connection pool
// and worker name, over the same due work at the same time, and finds
// every message sent exactly once.
func TestTwoReplicas(t *testing.T) {
	clock := storetest.NewClock(t0)
	open := map[string]func(t *testing.T) (*models.Store, *models.Store){
		// Two processes sharing one Postgres.
		"postgres": func(t *testing.T) (*models.Store, *models.Store) {
			url := storetest.PostgresURL(t)
			var stores [2]*models.Store
			for i := range stores {
				s, err := models.Open(context.Background(), url, models.Options{Now: clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if err := s.Migrate(context.Background()); err != nil {
					t.Fatal(err)
				}
				stores[i] = s
			}
			// Seeded in the default group of storetest's workspace, as
			// storetest's stores do.
			g, err := stores[0].DefaultGroup(context.Background(), storetest.TeamID)
			if err != nil {
				t.Fatal(err)
			}
			return stores[0].In(g.ID), stores[1]
		},
		// SQLite is one process: two schedulers share its store.
		"sqlite": func(t *testing.T) (*models.Store, *models.Store) {
			s := storetest.MustSQLite(t, clock.Now)
			return s, s
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			a, b := open[name](t)
			// SQLite commits are slow on a laptop disk: a smaller batch
			// shows the same thing.
			want := seedDue(t, a, map[string]int{"sqlite": 15, "postgres": 40}[name], t0)
			f := newFake(a, clock.Now)
			f.meet = 2
			var wg sync.WaitGroup
			for i, s := range []*models.Store{a, b} {
				sch := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "replica" + strconv.Itoa(i) })
				for _, job := range []string{"nudges", "reminders"} {
					wg.Go(func() {
						if err := sch.RunJob(context.Background(), job, t0); err != nil {
							t.Error(err)
						}
					})
				}
			}
			wg.Wait()
			got := f.take()
			if diff := cmp.Diff(sorted(want), got); diff != "" {
				t.Errorf("sent by two replicas (-want +got):\n%s", diff)
			}
			// Both replicas did a share of the work.
			workers := map[string]int{}
			var ds []models.Delivery
			if err := a.DB().Find(&ds).Error; err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.State != models.DeliverySent || d.Attempts != 1 {
					t.Errorf("delivery %s→%s: %s after %d attempts", d.Kind, d.Recipient, d.State, d.Attempts)
				}
				workers[d.ClaimedBy]++
			}
			if len(workers) != 2 {
				t.Errorf("work split %v; want both replicas to claim some", workers)
			}
		})
	}
}

// TestCancelMidBatch stops a run in the middle of a batch, with the
// context cancelled while a message is on its way to Slack, then restarts
// on a new worker. Nothing is lost, and nothing is sent twice except what
// the policies say: the reminder cut short (at least once) goes again; the
// nudge cut short (at most once) does not.
func TestCancelMidBatch(t *testing.T) {
	tests := []struct {
		name string
		job  string
		// twice is the message the test expects to see sent twice.
		twice bool
		// failed is whether the interrupted message ends failed, not sent
		// again.
		failed bool
		// cut turns the send that is cut short into its error: after
		// Slack got it (maybe sent) or before (not sent).
		maybe bool
	}{
		{"ReminderCutAfterSlackSentAgain", "reminders", true, false, true},
		{"NudgeCutAfterSlackNotSentAgain", "nudges", false, true, true},
		{"NudgeCutBeforeSlackSentOnce", "nudges", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := storetest.NewClock(t0)
			s := storetest.MustSQLite(t, clock.Now)
			all := seedDue(t, s, 10, t0)
			f := newFake(s, clock.Now)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cut string
			sends := 0
			f.after = func(sctx context.Context, d models.Delivery) error {
				if sends++; sends == 7 {
					cut = d.Kind + "→" + d.Recipient + "#" + d.Subject.String()
					cancel()
					return fmt.Errorf("%w: %w", models.ErrMaybeSent, sctx.Err())
				}
				return nil
			}
			if !tt.maybe {
				f.after = nil
				f.fail = func(d models.Delivery) error {
					if sends++; sends == 7 {
						cut = d.Kind + "→" + d.Recipient + "#" + d.Subject.String()
						cancel()
						return ctx.Err() // cancelled in the pacer: never reached Slack
					}
					return nil
				}
			}
			first := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "first" })
			if err := first.RunJob(ctx, tt.job, t0); err != nil && !errors.Is(err, context.Canceled) {
				t.Fatal(err)
			}
			sentBefore := f.take()
			if cut == "" || len(sentBefore) >= 20 {
				t.Fatalf("the run was not cut short: sent %d", len(sentBefore))
			}

			f.after, f.fail = nil, nil
			clock.Advance(time.Minute)
			second := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "second" })
			mustRun(t, second, tt.job, clock.Now())
			got := append(sentBefore, f.take()...)

			var want []string
			for _, k := range all {
				if (tt.job == "nudges") == (k[:5] == "nudge") {
					want = append(want, k)
				}
			}
			if tt.twice {
				want = append(want, cut)
			}
			if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
				t.Errorf("sent across the restart (-want +got):\n%s", diff)
			}
			var ds []models.Delivery
			s.DB().Where("kind IN ?", []string{models.KindNudgeRequester, models.KindNudgeInvitee, models.KindReminder, models.KindReminderInvitee}).Find(&ds)
			failed := 0
			for _, d := range ds {
				switch d.State {
				case models.DeliveryFailed:
					failed++
				case models.DeliverySent:
				default:
					t.Errorf("%s→%s left %s", d.Kind, d.Recipient, d.State)
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tt.failed]; failed != want {
				t.Errorf("%d deliveries failed, want %d", failed, want)
			}
		})
	}
}

// TestCrashRecoveredAfterLease leaves a delivery claimed by a worker that
// died mid-send: nobody touches it during the lease; after it, a reminder
// goes (at least once) and a nudge is given up (at most once).
func TestCrashRecoveredAfterLease(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		seedDue(t, s, 1, t0)
		f := newFake(s, clock.Now)
		// Plan without delivering, then let a doomed worker claim one of
		// each policy.
		planner := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "planner" })
		f.fail = func(models.Delivery) error { return errors.New("slack down") }
		mustRun(t, planner, "nudges", t0)
		mustRun(t, planner, "reminders", t0)
		f.fail = nil
		var ds []models.Delivery
		s.DB().Model(&models.Delivery{}).Where("1 = 1").Updates(map[string]any{"state": models.DeliveryPending, "due_at": t0, "attempts": 0})
		for _, kind := range []string{models.KindNudgeInvitee, models.KindReminderInvitee} {
			d, _, err := s.ClaimDue(ctx, t0, "doomed", scheduler.DefaultLease, []string{kind})
			if err != nil || d == nil {
				t.Fatalf("doomed claim of %s = %v, %v", kind, d, err)
			}
		}
		f.take()
		sch := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "survivor" })
		clock.Set(t0.Add(scheduler.DefaultLease - time.Second))
		mustRun(t, sch, "nudges", clock.Now())
		mustRun(t, sch, "reminders", clock.Now())
		if got := f.take(); len(got) != 2 {
			t.Errorf("during the lease sent %v; want only the two unclaimed", got)
		}
		clock.Set(t0.Add(scheduler.DefaultLease))
		mustRun(t, sch, "nudges", clock.Now())
		mustRun(t, sch, "reminders", clock.Now())
		got := f.take()
		if len(got) != 1 || got[0][:len("reminder_invitee")] != "reminder_invitee" {
			t.Errorf("after the lease sent %v; want the reminder note only", got)
		}
		s.DB().Where("kind = ?", models.KindNudgeInvitee).Find(&ds)
		if len(ds) != 1 || ds[0].State != models.DeliveryFailed {
			t.Errorf("abandoned nudge = %+v; want failed", ds)
		}
	})
}
