package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// world is the whole product on one injected clock: the real bot over
// Socket Mode and the real scheduler, wired as serve wires them, against
// the fake Slack and one store. The test moves the clock and runs the
// scheduler's jobs itself (RunJob), so weeks pass in seconds.
type world struct {
	t     *testing.T
	ctx   context.Context
	fake  *slacktest.Server
	store *models.Store
	clock *storetest.Clock
	sch   *scheduler.Scheduler
	sent  *sentLog
	logs  *faultBuffer
}

// dueJobs are the scheduler's jobs that message people.
var dueJobs = []string{"reminders", "reflections", "nudges", "follow-ups", "expire"}

// patience is how long, in wall time, a test waits for what should follow
// a click or a command at once: an ack, a modal, a DM. The bot answers in
// milliseconds; seconds leave room for the race detector on a loaded
// machine, and a wait that runs out fails at once, saying what it waited
// for, instead of hanging until the test's deadline.
const patience = 5 * time.Second

// instant pacing: the fake Slack has no rate limits unless asked.
var instant = bot.Pacing{Message: time.Microsecond, Channel: time.Microsecond, Open: time.Microsecond, Lookup: time.Microsecond}

func newWorld(t *testing.T, store *models.Store, clock *storetest.Clock, users []slack.User, edit func(c *scheduler.Config)) *world {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	// Slack's real-time deadlines are the bot's business and tested
	// elsewhere; here a loaded machine must not turn a slow click into an
	// expired trigger.
	fake := slacktest.New(slacktest.Options{Clock: clock.Now, TriggerTTL: time.Minute, AckTimeout: patience})
	for _, u := range users {
		fake.AddUser(u)
	}
	api := slack.New(slacktest.BotToken, slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(fake.URL()))
	logs := &faultBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b := bot.New(bot.Config{Store: store, Slack: api, Now: clock.Now, Log: log, DefaultTZ: time.UTC, TeamID: slacktest.TeamID, Pacing: instant})
	sm := bot.NewSocketMode(b, socketmode.New(api))
	done := make(chan struct{})
	go func() { defer close(done); sm.Run(ctx) }()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("bot never connected: %v", err)
	}
	sent := &sentLog{Notifier: bot.NewNotifier(b), now: clock.Now}
	cfg := scheduler.Config{Store: store, Notifier: sent, Now: clock.Now, Log: log, Worker: "world",
		Team: slacktest.TeamID}
	if edit != nil {
		edit(&cfg)
	}
	w := &world{t: t, ctx: ctx, fake: fake, store: store, clock: clock, sch: scheduler.New(cfg), sent: sent, logs: logs}
	// What follows people's actions goes out at once through an outbox of
	// its own, as in serve, so sent lists only what the scheduler's jobs
	// sent.
	b.UseOutbox(scheduler.New(scheduler.Config{Store: store, Notifier: bot.NewNotifier(b), Now: clock.Now, Log: log, Worker: "world-outbox",
		Team: slacktest.TeamID}))
	t.Cleanup(func() {
		cancel()
		<-done
		sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		b.Shutdown(sctx)
		fake.Close()
		if t.Failed() {
			t.Logf("warnings and errors the bot logged:\n%s", tail(logs.String(), 60))
		}
	})
	return w
}

func tail(s string, lines int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(ls[max(0, len(ls)-lines):], "\n")
}

// sentMessage is one delivery the scheduler handed the bot and the bot
// posted.
type sentMessage struct {
	Kind      string
	Subject   models.Subject
	Recipient string
	At        time.Time
}

// sentLog is the bot's notifier, noting each delivery it posted. Ready,
// Location and Preview are the bot's own.
type sentLog struct {
	*bot.Notifier
	now  func() time.Time
	mu   sync.Mutex
	list []sentMessage
}

func (l *sentLog) Send(ctx context.Context, d models.Delivery) error {
	err := l.Notifier.Send(ctx, d)
	if err == nil {
		l.mu.Lock()
		l.list = append(l.list, sentMessage{Kind: d.Kind, Subject: d.Subject, Recipient: d.Recipient, At: l.now()})
		l.mu.Unlock()
	}
	return err
}

// from returns what was sent from the i-th send on.
func (l *sentLog) from(i int) []sentMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i >= len(l.list) {
		return nil
	}
	return append([]sentMessage(nil), l.list[i:]...)
}

// runJobs runs every job that messages people, once, at the clock's time.
func (w *world) runJobs() {
	w.t.Helper()
	for _, job := range dueJobs {
		// A job sends what fell due in one step, a few messages: far
		// less than this, unless something hangs.
		ctx, cancel := context.WithTimeout(w.ctx, 6*patience)
		err := w.sch.RunJob(ctx, job, w.clock.Now())
		cancel()
		if err != nil {
			w.t.Fatalf("%s at %s: %v", job, w.clock.Now().Format(time.RFC3339), err)
		}
	}
}

// command types a slash command and waits for its answer: inline in the
// ack, or through the response_url when the work outlasted the bot's ack
// budget (a loaded machine, the race detector).
func (w *world) command(user, text string) string {
	w.t.Helper()
	before := len(w.fake.Ephemerals(user))
	if _, err := w.fake.SlashCommand(w.ctx, user, text); err != nil {
		w.t.Fatalf("%s types /one-to-one %s: %v", user, text, err)
	}
	var answer string
	w.waitFor("the answer to /one-to-one "+text, func() bool {
		eph := w.fake.Ephemerals(user)
		if len(eph) > before {
			answer = eph[before].Text
		}
		return len(eph) > before
	})
	return answer
}

// clickIn presses a button in one message of user's.
func (w *world) clickIn(user string, m slacktest.Message, label string) {
	w.t.Helper()
	if _, err := w.fake.ClickButtonIn(w.ctx, user, m, label); err != nil {
		w.t.Fatalf("%s clicks %q: %v", user, label, err)
	}
}

// submit fills user's open modal by label; the modal must accept it.
func (w *world) submit(user string, values map[string]string) {
	w.t.Helper()
	ack, err := w.fake.SubmitView(w.ctx, user, values)
	if err != nil {
		w.t.Fatalf("%s submits: %v", user, err)
	}
	var resp slack.ViewSubmissionResponse
	if len(ack.Payload) > 0 {
		json.Unmarshal(ack.Payload, &resp)
	}
	if len(resp.Errors) > 0 {
		w.t.Fatalf("%s's submission was refused: %v", user, resp.Errors)
	}
}

// waitModal waits for user's modal with this callback id.
func (w *world) waitModal(user, callbackID string) {
	w.t.Helper()
	w.waitFor(fmt.Sprintf("modal %q to open for %s", callbackID, user), func() bool {
		v, ok := w.fake.OpenView(user)
		return ok && v.CallbackID == callbackID
	})
}

// waitFor waits, with patience, until cond holds, or fails the test saying
// what it waited for and what the bot logged meanwhile.
func (w *world) waitFor(what string, cond func() bool) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, patience)
	defer cancel()
	if err := w.fake.WaitFor(ctx, cond); err != nil {
		w.t.Fatalf("at %s, waiting %v for %s: %v", w.clock.Now().Format(time.RFC3339), patience, what, err)
	}
}

// dmsContaining counts user's DMs whose text holds s.
func (w *world) dmsContaining(user, s string) int {
	n := 0
	for _, m := range w.fake.DMs(user) {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}
