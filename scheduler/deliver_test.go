package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
)

// errPanic makes the fake notifier panic instead of failing.
var errPanic = errors.New("panic")

// TestFailures checks what becomes of a delivery whose send fails, for a
// kind sent at least once (the reminder) and one sent at most once (the
// nudge).
func TestFailures(t *testing.T) {
	down := errors.New("slack: service_unavailable")
	maybe := fmt.Errorf("%w: i/o timeout", models.ErrMaybeSent)
	tests := []struct {
		name      string
		job, kind string
		err       error
		fails     int // how many sends fail before one succeeds
		state     string
		attempts  int
	}{
		{"RetriedThenSent", "reminders", models.KindReminder, down, 2, models.DeliverySent, 3},
		{"NudgeRetriedThenSent", "nudges", models.KindNudgeRequester, down, 1, models.DeliverySent, 2},
		{"GivesUpAfterFiveAttempts", "reminders", models.KindReminder, down, 99, models.DeliveryFailed, 5},
		{"MaybeSentReminderRetried", "reminders", models.KindReminder, maybe, 1, models.DeliverySent, 2},
		{"MaybeSentNudgeNotRetried", "nudges", models.KindNudgeRequester, maybe, 1, models.DeliveryFailed, 1},
		{"PanicCountsAsAnAttempt", "reminders", models.KindReminder, errPanic, 99, models.DeliveryFailed, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := storetest.NewClock(t0)
			s := storetest.MustSQLite(t, clock.Now)
			f := newFake(s, clock.Now)
			failed := 0
			f.fail = func(d models.Delivery) error {
				if d.Kind == tt.kind && failed < tt.fails {
					failed++
					if tt.err == errPanic {
						panic("notifier bug")
					}
					return tt.err
				}
				return nil
			}
			sch := newScheduler(s, clock, f, nil)
			var o *models.OneToOne
			if tt.job == "nudges" {
				o = request(t, s, "UA", "UB", t0)
				clock.Set(t0.Add(scheduler.DefaultNudgeAfter))
			} else {
				o = meeting(t, s, "UA", "UB", t0.Add(6*time.Hour), time.Hour)
				clock.Set(t0.Add(4 * time.Hour))
			}
			// Run every minute for an hour: the backoff is 1, 2, 4, 8 minutes.
			for range 60 {
				mustRun(t, sch, tt.job, clock.Now())
				clock.Advance(time.Minute)
			}
			for _, d := range deliveries(t, s, o) {
				if d.Kind != tt.kind {
					continue
				}
				if d.State != tt.state || d.Attempts != tt.attempts {
					t.Errorf("%s: state %s after %d attempts (%s); want %s after %d", d.Kind, d.State, d.Attempts, d.LastError, tt.state, tt.attempts)
				}
			}
		})
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		var out bytes.Buffer
		dry := newScheduler(s, clock, f, func(c *scheduler.Config) { c.DryRun = &out })
		o := request(t, s, "UA", "UB", t0)
		old := request(t, s, "UC", "UD", t0.Add(-50*24*time.Hour))
		at := t0.Add(scheduler.DefaultNudgeAfter)
		clock.Set(at)
		for _, j := range dry.Jobs() {
			mustRun(t, dry, j.Name, at)
		}
		for _, want := range []string{
			fmt.Sprintf("queue  nudge_requester for UA about %d, due %s", o.ID, at.Format(time.RFC3339)),
			fmt.Sprintf("send   nudge_invitee to UB about %d: hello UB", o.ID),
			fmt.Sprintf("expire one-to-one %d", old.ID),
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("dry run output lacks %q:\n%s", want, out.String())
			}
		}
		if sent := f.take(); len(sent) != 0 {
			t.Errorf("dry run sent %v", sent)
		}
		if ds := deliveries(t, s, o); len(ds) != 0 {
			t.Errorf("dry run queued %+v", ds)
		}
		if got, _ := s.OneToOne(context.Background(), old.ID); got.Status != models.StatusRequested {
			t.Errorf("dry run expired a request: %s", got.Status)
		}
		// The real run then does what the dry run said.
		sch := newScheduler(s, clock, f, nil)
		mustRun(t, sch, "nudges", at)
		want := []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}
		if diff := cmp.Diff(sorted(want), f.take()); diff != "" {
			t.Errorf("real run (-want +got):\n%s", diff)
		}
	})
}

func TestRunJobUnknown(t *testing.T) {
	clock := storetest.NewClock(t0)
	sch := newScheduler(nil, clock, newFake(nil, clock.Now), nil)
	err := sch.RunJob(context.Background(), "newsletter", t0)
	if err == nil || !strings.Contains(err.Error(), "nudges") {
		t.Errorf("RunJob(newsletter) = %v; want an error listing the jobs", err)
	}
}

// panickyLocations is a notifier that crashes whenever it is asked where
// one recipient lives: every job with work for them fails. panicked is
// closed at the first crash.
type panickyLocations struct {
	*fakeNotifier
	victim   string
	once     *sync.Once
	panicked chan struct{}
}

func (p panickyLocations) Location(ctx context.Context, recipient string) *time.Location {
	if recipient == p.victim {
		p.once.Do(func() { close(p.panicked) })
		panic("notifier bug")
	}
	return p.fakeNotifier.Location(ctx, recipient)
}

// TestStartRunsJobsIndependently runs the real cron with a one-second tick:
// the nudges job fails every time (the notifier panics on its recipient)
// and the reminders job still delivers. Stop then returns promptly.
func TestStartRunsJobsIndependently(t *testing.T) {
	clock := storetest.NewClock(t0)
	s := storetest.MustSQLite(t, clock.Now)
	f := newFake(s, clock.Now)
	sent := make(chan struct{}, 8)
	f.after = func(context.Context, models.Delivery) error {
		select {
		case sent <- struct{}{}:
		default:
		}
		return nil
	}
	request(t, s, "UA", "UB", t0.Add(-scheduler.DefaultNudgeAfter))
	m := meeting(t, s, "UC", "UD", t0.Add(time.Hour), time.Hour)
	reg := prometheus.NewRegistry()
	notifier := panickyLocations{f, "UA", new(sync.Once), make(chan struct{})}
	sch := newScheduler(s, clock, notifier, func(c *scheduler.Config) { c.Tick = time.Second; c.Registerer = reg })
	if err := sch.Start(); err != nil {
		t.Fatal(err)
	}
	// The two reminders go and the nudges job crashes, in whichever order
	// the ticks bring them.
	timeout, panicked := time.After(10*time.Second), notifier.panicked
	for reminders, crashed := 0, false; reminders < 2 || !crashed; {
		select {
		case <-sent:
			reminders++
		case <-panicked:
			crashed, panicked = true, nil
		case <-timeout:
			t.Fatalf("after 10 s: %d messages sent, nudges crashed: %v", reminders, crashed)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := sch.Stop(ctx); err != nil { // waits for the jobs running
		t.Errorf("Stop: %v", err)
	}
	want := []string{key("reminder", "UC", m.ID), key("reminder_invitee", "UD", m.ID)}
	if diff := cmp.Diff(sorted(want), sorted(f.take())); diff != "" {
		t.Errorf("sent while nudges kept failing (-want +got):\n%s", diff)
	}
	if jobRuns(t, reg, "nudges", "error") == 0 {
		t.Error("the nudges job crashed but was not counted as failed")
	}
}

// jobRuns reads onetoone_job_runs_total for a job and outcome.
func jobRuns(t *testing.T, reg *prometheus.Registry, job, outcome string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "onetoone_job_runs_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["job"] == job && labels["outcome"] == outcome {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
