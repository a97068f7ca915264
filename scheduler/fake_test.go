package scheduler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// fakeNotifier records what it was asked to send. Like the bot, it skips
// messages whose one-to-one moved on; unlike the bot, it knows no Slack.
type fakeNotifier struct {
	store *models.Store
	now   func() time.Time

	mu       sync.Mutex
	sent     []string // "kind→recipient#subject"
	withheld []string // the same, for messages withheld (Withholder)
	locs     map[string]*time.Location
	// fail, when set, decides a send's error before anything is recorded.
	fail func(d models.Delivery) error
	// after, when set, runs once a message is recorded as sent and may
	// turn the send into an error (a call cut short after Slack got it).
	after func(ctx context.Context, d models.Delivery) error
	// meet, when set, holds every send until sends claimed by that many
	// workers have begun: each replica has claimed work before any send
	// ends, so replicas interleave however the machine schedules them.
	meet    int
	workers map[string]bool
	met     chan struct{}
}

func newFake(s *models.Store, now func() time.Time) *fakeNotifier {
	return &fakeNotifier{store: s, now: now, locs: map[string]*time.Location{}}
}

func key(kind, recipient string, subject models.OneToOneID) string {
	return kind + "→" + recipient + "#" + subject.String()
}

func (f *fakeNotifier) Location(ctx context.Context, recipient string) *time.Location {
	f.mu.Lock()
	defer f.mu.Unlock()
	if loc, ok := f.locs[recipient]; ok {
		return loc
	}
	return time.UTC
}

func (f *fakeNotifier) setLoc(t *testing.T, recipient, name string) {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.locs[recipient] = loc
	f.mu.Unlock()
}

func (f *fakeNotifier) Send(ctx context.Context, d models.Delivery) error {
	if f.meet > 0 {
		f.await(d.ClaimedBy)
	}
	if f.fail != nil {
		if err := f.fail(d); err != nil {
			return err
		}
	}
	if err := f.relevant(ctx, d); err != nil {
		return err
	}
	f.mu.Lock()
	f.sent = append(f.sent, d.Kind+"→"+d.Recipient+"#"+d.Subject.String())
	f.mu.Unlock()
	if f.after != nil {
		return f.after(ctx, d)
	}
	return nil
}

// await holds a send claimed by worker until f.meet workers have sent.
func (f *fakeNotifier) await(worker string) {
	f.mu.Lock()
	if f.met == nil {
		f.met, f.workers = make(chan struct{}), map[string]bool{}
	}
	if !f.workers[worker] {
		f.workers[worker] = true
		if len(f.workers) == f.meet {
			close(f.met)
		}
	}
	met := f.met
	f.mu.Unlock()
	select {
	case <-met:
	case <-time.After(10 * time.Second):
		// Only when one worker claimed everything: the test then says
		// the work was not split. The timeout just keeps it from hanging.
	}
}

func (f *fakeNotifier) Withheld(ctx context.Context, d models.Delivery) {
	f.mu.Lock()
	f.withheld = append(f.withheld, d.Kind+"→"+d.Recipient+"#"+d.Subject.String())
	f.mu.Unlock()
}

func (f *fakeNotifier) Preview(ctx context.Context, d models.Delivery) (string, error) {
	if err := f.relevant(ctx, d); err != nil {
		return "", err
	}
	return "hello " + d.Recipient, nil
}

// relevant is the bot's check in miniature: the one-to-one must still be
// where the kind expects it, for the same window.
func (f *fakeNotifier) relevant(ctx context.Context, d models.Delivery) error {
	if d.Kind == models.KindFollowUp || d.Kind == models.KindDigest || d.Kind == models.KindAssignment {
		return nil
	}
	id, _ := d.Subject.OneToOne()
	st := f.store
	if d.GroupID != 0 {
		st = st.In(d.GroupID) // the row's group, as the bot reads it
	}
	o, err := st.OneToOne(ctx, id)
	if err != nil {
		return err
	}
	var ok bool
	switch d.Kind {
	case models.KindReminder, models.KindReminderInvitee:
		ok = o.Status == models.StatusScheduled && models.WindowAt(*o.ScheduledAt) == d.Window && o.ScheduledAt.After(f.now())
	case models.KindReflectionPrompt, models.KindReflectionReminder:
		ok = (o.Status == models.StatusScheduled || o.Status == models.StatusHeld || o.Status == models.StatusReflected) && models.WindowAt(*o.ScheduledAt) == d.Window
	case models.KindNudgeRequester, models.KindNudgeInvitee:
		ok = o.Status == models.StatusRequested && models.WindowAt(o.RequestedAt) == d.Window
	case models.KindExpired:
		ok = o.Status == models.StatusExpired
	default:
		// A message that follows a change is news while the change is
		// the latest.
		ok = models.FollowsAction(d.Kind) && models.WindowVersion(o) == d.Window
	}
	if !ok {
		return fmt.Errorf("one-to-one is %s: %w", o.Status, models.ErrSkip)
	}
	return nil
}

// take returns what was sent since the last take, sorted.
func (f *fakeNotifier) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.sent
	f.sent = nil
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// newScheduler builds a scheduler on s and the test clock; edit adjusts
// its configuration.
func newScheduler(s *models.Store, clock *storetest.Clock, n scheduler.Notifier, edit func(c *scheduler.Config)) *scheduler.Scheduler {
	cfg := scheduler.Config{
		Store: s, Notifier: n, Now: clock.Now, Worker: "w1",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	return scheduler.New(cfg)
}

// runAll runs every due-work job once at the clock's time.
func runAll(t *testing.T, sch *scheduler.Scheduler, clock *storetest.Clock) {
	t.Helper()
	for _, j := range sch.Jobs() {
		if err := sch.RunJob(context.Background(), j.Name, clock.Now()); err != nil {
			t.Fatalf("%s: %v", j.Name, err)
		}
	}
}

func mustRun(t *testing.T, sch *scheduler.Scheduler, job string, now time.Time) {
	t.Helper()
	if err := sch.RunJob(context.Background(), job, now); err != nil {
		t.Fatalf("%s at %s: %v", job, now, err)
	}
}

func request(t *testing.T, s *models.Store, requester, invitee models.UserID, at time.Time) *models.OneToOne {
	t.Helper()
	o, err := models.NewRequest(requester, invitee, "coffee?", at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOneToOne(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func update(t *testing.T, s *models.Store, id models.OneToOneID, change func(o *models.OneToOne) error) *models.OneToOne {
	t.Helper()
	o, err := s.UpdateOneToOne(context.Background(), id, change)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// meeting is a one-to-one between requester and invitee scheduled at at
// for dur, asked for the day before.
func meeting(t *testing.T, s *models.Store, requester, invitee models.UserID, at time.Time, dur time.Duration) *models.OneToOne {
	t.Helper()
	o := request(t, s, requester, invitee, at.Add(-24*time.Hour))
	return update(t, s, o.ID, func(o *models.OneToOne) error { return o.Schedule(at, dur, "", at.Add(-24*time.Hour)) })
}

func deliveries(t *testing.T, s *models.Store, o *models.OneToOne) []models.Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), models.AboutOneToOne(o.ID))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
