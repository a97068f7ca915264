package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Config is what the bot needs from its wiring in cmd/.
type Config struct {
	Store *models.Store
	Slack *slack.Client
	// Now is the one clock; the bot never reads the system time in logic.
	Now func() time.Time
	Log *slog.Logger
	// Command is the slash command as registered in the manifest.
	Command string
	// DefaultTZ is used for people whose Slack profile has no timezone.
	DefaultTZ *time.Location
	// Coordinators are the first coordinators (ONETOONE_COORDINATORS):
	// they count until coordinators save the list in /one-to-one
	// settings, which from then on is the whole list.
	Coordinators []models.UserID
	// ProfileTTL is how long a cached Slack profile is trusted.
	ProfileTTL time.Duration
	// Metrics, when set, counts acks, errors and Slack calls.
	Metrics *Metrics
	// Defaults are the operator's settings from the environment; what
	// coordinators change in /one-to-one settings overrides them. Zero
	// fields take the models' defaults, DefaultTZ and DefaultLadder.
	Defaults models.Settings
	// TeamID is the workspace the bot serves (from auth.test); settings
	// and the uninstall mark are kept under it.
	TeamID models.TeamID
	// Retention is how long data is kept after the app is uninstalled;
	// 0 deletes it at once. cmd/ sets the 30-day default.
	Retention time.Duration
	// Pacing is the process's budget of Slack calls, shared by scheduled
	// sends and people's own requests; zero fields take DefaultPacing's.
	Pacing Pacing
}

// Bot answers Slack on behalf of the group.
type Bot struct {
	store   *models.Store
	slack   *slack.Client
	now     func() time.Time
	log     *slog.Logger
	command string
	tz      *time.Location
	ttl     time.Duration
	metrics *Metrics
	// firstCoordinators are the environment's, until the list is saved
	// in settings (withBootstrap).
	firstCoordinators []models.UserID

	defaults  models.Settings
	team      models.TeamID
	retention time.Duration

	// base outlives each request: work after the ack runs on it, and
	// Shutdown waits for that work.
	base     context.Context
	stopBase context.CancelFunc
	inflight sync.WaitGroup

	r router

	// homeMu orders each member's Home refreshes, so the last one to
	// publish is the one that read the database last.
	homeMu sync.Map // models.UserID → *sync.Mutex

	dmMu sync.Mutex
	dms  map[models.UserID]string // DM channel ids, per docs/slack.md: cache them

	// pacing and pace are the one budget of Slack calls: the Notifier
	// waits for it, people's requests spend it without waiting.
	pacing Pacing
	pace   *pacer

	// outbox sends the messages that follow what people do (UseOutbox).
	outbox Outbox
}

// New returns a bot ready to be served by a transport.
func New(cfg Config) *Bot {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Command == "" {
		cfg.Command = "/one-to-one"
	}
	if cfg.DefaultTZ == nil {
		cfg.DefaultTZ = time.UTC
	}
	if cfg.ProfileTTL == 0 {
		cfg.ProfileTTL = 24 * time.Hour
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics(nil)
	}
	if cfg.Defaults.Timezone == "" {
		cfg.Defaults.Timezone = cfg.DefaultTZ.String()
	}
	if cfg.Defaults.Ladder == nil {
		cfg.Defaults.Ladder = DefaultLadder
	}
	cfg.Defaults = cfg.Defaults.WithDefaults()
	base, stop := context.WithCancel(context.Background())
	b := &Bot{
		store: cfg.Store.In(0), slack: cfg.Slack, now: cfg.Now, log: cfg.Log, command: cfg.Command,
		tz: cfg.DefaultTZ, ttl: cfg.ProfileTTL, metrics: cfg.Metrics, firstCoordinators: cfg.Coordinators,
		base: base, stopBase: stop, dms: map[models.UserID]string{}, defaults: cfg.Defaults, team: cfg.TeamID, retention: cfg.Retention,
		pacing: cfg.Pacing.withDefaults(), pace: newPacer(),
	}
	b.r = b.routes()
	return b
}

// afterAckTimeout bounds work done after the ack, so a stuck Slack or
// database call cannot hold shutdown forever.
const afterAckTimeout = 2 * time.Minute

// background runs fn after the ack, on the bot's own context, and lets
// Shutdown wait for it.
func (b *Bot) background(parent context.Context, name string, fn func(ctx context.Context)) {
	b.inflight.Add(1)
	id := requestID(parent) // the request's id carries on; its deadline doesn't
	go func() {
		defer b.inflight.Done()
		ctx, cancel := context.WithTimeout(WithRequestID(b.base, id), afterAckTimeout)
		defer cancel()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("background work panicked", "work", name, "request", id, "panic", r)
			}
		}()
		fn(ctx)
	}()
}

// Shutdown waits for work in flight to finish, up to ctx's deadline, then
// cancels what is left.
func (b *Bot) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		b.stopBase()
		return nil
	case <-ctx.Done():
		b.stopBase()
		<-done
		return ctx.Err()
	}
}
