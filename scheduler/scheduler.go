package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/robfig/cron/v3"
)

// Defaults for Config, which the operator overrides through the
// environment (cmd/onetoone). Those that are settings are the models'.
const (
	DefaultTick = time.Minute
	// DefaultReminderBefore leaves time to prepare, not to forget.
	DefaultReminderBefore = 2 * time.Hour
	// DefaultReflectionDelay leaves time to get home after the meeting.
	DefaultReflectionDelay = models.DefaultReflectionDelay
	// DefaultNudgeAfter is the guide's "schedule it within 2 weeks".
	DefaultNudgeAfter = models.DefaultNudgeAfter
	// DefaultExpireAfter closes a request after six weeks without a time.
	DefaultExpireAfter = models.DefaultExpireAfter
	// DefaultLease is how long a claim lasts before another worker may
	// take the delivery over: far longer than one paced send, even one
	// that waits out a Slack rate limit.
	DefaultLease = 5 * time.Minute
	// DefaultDigestCron posts the digest on Monday at 9:00.
	DefaultDigestCron = models.DefaultDigestCron
)

// defaults are the settings the operator's configuration gives.
func (c Config) defaults() models.Settings {
	return models.Settings{
		DigestChannel: c.DigestChannel, DigestCron: c.DigestCron, Timezone: c.Location.String(),
		NudgeAfter: c.NudgeAfter, ExpireAfter: c.ExpireAfter, ReflectionDelay: c.ReflectionDelay,
		DeliveryHours: models.Hours(c.Hours),
	}
}

// Config is what the scheduler needs from its wiring in cmd/.
type Config struct {
	Store    *models.Store
	Notifier Notifier
	// Now is the one clock; the scheduler never reads the system time.
	Now func() time.Time
	Log *slog.Logger
	// Location is where calendar jobs' cron schedules are read; the
	// workspace's default timezone.
	Location *time.Location

	Tick            time.Duration // how often due-work jobs look for work
	ReminderBefore  time.Duration // reminder this long before a meeting
	ReflectionDelay time.Duration // prompt this long after a meeting ends
	NudgeAfter      time.Duration // nudge a request unscheduled this long
	ExpireAfter     time.Duration // expire a request unscheduled this long
	Hours           Hours         // when people get messages; zero is DefaultHours

	// DigestChannel and DigestCron are the operator's default weekly
	// digest: where, and when in Location (robfig/cron syntax).
	DigestChannel string
	DigestCron    string
	// Retention is how long data is kept after the app is uninstalled;
	// zero deletes it at the next run.
	Retention time.Duration
	// Team is the workspace the scheduler works for; unset, every
	// workspace in the database. Each of its groups' work is planned with
	// the group's saved settings, read on every run, which override the
	// fields above (models.SavedSettings.Effective), so a change takes
	// effect without a restart. An uninstalled workspace's uninstall mark
	// stops all its work but the purge.
	Team models.TeamID

	// Worker names this process in claims; default host-pid-random.
	Worker string
	// Lease bounds a claim; default DefaultLease.
	Lease time.Duration
	// DryRun, when set, makes jobs write what they would queue, send or
	// change to it, and change nothing.
	DryRun io.Writer
	// Registerer, when set, receives the scheduler's metrics.
	Registerer prometheus.Registerer
}

// Job is one named piece of time-driven work, runnable alone.
type Job struct {
	Name  string
	About string // one line for `onetoone run-job`
	// Cron is a calendar schedule in robfig/cron syntax, read in
	// Config.Location; empty means the job looks for due work every tick.
	Cron string
	// Exclusive jobs run on one replica at a time, under a lease in the
	// database; the others skip that run.
	Exclusive bool
	Run       func(ctx context.Context, now time.Time) error
}

// Schedule says when the job runs, for people.
func (j Job) Schedule(tick time.Duration) string {
	if j.Cron != "" {
		return j.Cron
	}
	return "every " + tick.String()
}

// Scheduler runs the jobs on their schedules, or one at a time for an
// operator. Every replica runs one: the database, not the scheduler, decides
// who sends what.
type Scheduler struct {
	cfg      Config
	defaults models.Settings // cfg's settings, under the workspace's
	store    *models.Store
	notifier Notifier
	now      func() time.Time
	log      *slog.Logger
	jobs     []Job
	metrics  *metrics
	marks    marks // how far each planning query has looked
	tick     tickCache

	cron     *cron.Cron
	base     context.Context
	cancel   context.CancelFunc
	stopping chan struct{}
	stopOnce sync.Once
}

// New returns a scheduler with cfg's gaps filled by the defaults. It
// starts nothing: call Start, or RunJob for one job.
func New(cfg Config) *Scheduler {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Tick, DefaultTick)
	def(&cfg.ReminderBefore, DefaultReminderBefore)
	def(&cfg.ReflectionDelay, DefaultReflectionDelay)
	def(&cfg.NudgeAfter, DefaultNudgeAfter)
	def(&cfg.ExpireAfter, DefaultExpireAfter)
	def(&cfg.Lease, DefaultLease)
	if cfg.Hours == (Hours{}) {
		cfg.Hours = DefaultHours
	}
	if cfg.DigestCron == "" {
		cfg.DigestCron = DefaultDigestCron
	}
	if cfg.Worker == "" {
		cfg.Worker = workerName()
	}
	base, cancel := context.WithCancel(context.Background())
	s := &Scheduler{
		// Unscoped: the scheduler reads every group's due work at once
		// and acts on each row in its own group (pass.in).
		cfg: cfg, store: cfg.Store.In(0), notifier: cfg.Notifier, now: cfg.Now, log: cfg.Log,
		metrics: newMetrics(cfg.Registerer), base: base, cancel: cancel, stopping: make(chan struct{}),
	}
	s.defaults = cfg.defaults()
	s.jobs = s.table()
	return s
}

func workerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 3)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Jobs lists the jobs, in the order `run-job` shows them.
func (s *Scheduler) Jobs() []Job { return slices.Clone(s.jobs) }

// Tick is how often due-work jobs run.
func (s *Scheduler) Tick() time.Duration { return s.cfg.Tick }

// RunJob runs one job once as if it were now, as an operator or a test
// would. A panic in the job is returned as an error.
func (s *Scheduler) RunJob(ctx context.Context, name string, now time.Time) error {
	for _, j := range s.jobs {
		if j.Name == name {
			return s.run(ctx, j, now)
		}
	}
	var names []string
	for _, j := range s.jobs {
		names = append(names, j.Name)
	}
	return fmt.Errorf("no job named %q; the jobs are %v", name, names)
}

func (s *Scheduler) run(ctx context.Context, j Job, now time.Time) (err error) {
	start := time.Now() // for the duration metric only, never for logic
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v", j.Name, r)
		}
		s.metrics.ran(j.Name, err, time.Since(start))
		if err != nil {
			s.log.Error("job failed", "job", j.Name, "err", err)
		}
	}()
	if j.Exclusive && s.cfg.DryRun == nil {
		lease := "job:" + j.Name
		ok, err := s.store.TryLease(ctx, lease, s.cfg.Worker, s.now(), s.cfg.Lease)
		if err != nil || !ok {
			if err == nil {
				s.log.Debug("job runs on another replica", "job", j.Name)
			}
			return err
		}
		defer s.store.ReleaseLease(context.WithoutCancel(ctx), lease, s.cfg.Worker)
	}
	return j.Run(ctx, now)
}

// Start triggers every job on its schedule until Stop. Each job runs on its
// own goroutine and never overlaps itself: a tick that finds the job still
// busy (draining a burst of deliveries) is skipped. One failing job never
// stops the others.
func (s *Scheduler) Start() error {
	logger := cronLogger{s.log}
	s.cron = cron.New(cron.WithLocation(s.cfg.Location), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, j := range s.jobs {
		spec := j.Cron
		if spec == "" {
			spec = "@every " + s.cfg.Tick.String()
		}
		if _, err := s.cron.AddFunc(spec, func() { s.run(s.base, j, s.now()) }); err != nil {
			return fmt.Errorf("job %s: schedule %q: %w", j.Name, spec, err)
		}
	}
	s.cron.Start()
	s.log.Info("scheduler started", "tick", s.cfg.Tick, "worker", s.cfg.Worker, "hours", s.cfg.Hours.String())
	return nil
}

// Stop stops triggering jobs and asks running ones to stop between two
// messages, then waits for them up to ctx's deadline. Past it, sends in
// flight are cancelled; what they leave claimed is recovered after the
// lease (see policies).
func (s *Scheduler) Stop(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stopping) })
	defer s.cancel()
	if s.cron == nil {
		return nil
	}
	done := s.cron.Stop()
	select {
	case <-done.Done():
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done.Done()
		return ctx.Err()
	}
}

// interrupted reports whether a job should stop before its next step.
func (s *Scheduler) interrupted(ctx context.Context) error {
	select {
	case <-s.stopping:
		return errStopping
	default:
	}
	return ctx.Err()
}

var errStopping = errors.New("scheduler stopping")

// cronLogger sends cron's chatter to slog: its skips are debug, its
// recovered panics errors.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
