package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// budgetEnv is a bot on the default pacing against the fake Slack, both on
// one virtual clock: the fake counts chat.postMessage against 300 a minute
// and 1 a second per conversation (burst 3), as BENCHMARKS.md §4 does, and
// the minutes pass only when the bot's pacer sleeps.
type budgetEnv struct {
	ctx   context.Context
	clock *virtualClock
	fake  *slacktest.Server
	bot   *Bot
	n     *Notifier
}

// people are the ones whose own requests the bot answers during a drain.
var people = []models.UserID{"UP1", "UP2", "UP3", "UP4", "UP5"}

func newBudgetEnv(t *testing.T) *budgetEnv {
	t.Helper()
	clock := &virtualClock{t: paceStart}
	fake := slacktest.New(slacktest.Options{Clock: clock.now})
	t.Cleanup(fake.Close)
	fake.SetRateLimit("chat.postMessage", 300)
	fake.SetRateLimit("conversations.open", 50)
	fake.SetChannelPacing(true)
	for _, u := range people {
		fake.AddUser(slack.User{ID: string(u), Name: strings.ToLower(string(u))})
	}
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(fake.URL()))
	b := New(Config{Slack: api, Now: clock.now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	b.pace.clock, b.pace.sleep = clock.now, clock.sleep
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return &budgetEnv{ctx: ctx, clock: clock, fake: fake, bot: b, n: NewNotifier(b)}
}

// scheduled sends the i-th scheduled message, each to its own DM, and
// returns when it went.
func (e *budgetEnv) scheduled(t *testing.T, i int) time.Time {
	t.Helper()
	m := &outgoing{channel: fmt.Sprintf("DSCHED%03d", i), text: "nudge", blocks: []slack.Block{section("nudge")}}
	if _, err := e.n.post(e.ctx, m); err != nil {
		t.Fatalf("scheduled post %d: %v", i, err)
	}
	return e.clock.now()
}

// reply posts a person's own reply as the bot's handlers do.
func (e *budgetEnv) reply(t *testing.T, i int) {
	if _, err := e.bot.dmAnswer(e.ctx, people[i%len(people)], "your reply", nil); err != nil {
		t.Errorf("reply %d: %v", i, err)
	}
}

// check fails the test on any 429 and returns the most posts Slack saw in
// one sliding minute.
func (e *budgetEnv) check(t *testing.T) (busiest int) {
	t.Helper()
	var at []time.Time
	for _, c := range e.fake.Calls("") {
		if c.Error == "ratelimited" {
			t.Errorf("Slack answered %s with 429 at +%v", c.Method, c.At.Sub(paceStart))
		}
		if c.Method == "chat.postMessage" && c.Error == "" {
			at = append(at, c.At)
		}
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	for i, j := 0, 0; j < len(at); j++ {
		for at[j].Sub(at[i]) >= time.Minute {
			i++
		}
		busiest = max(busiest, j-i+1)
	}
	return busiest
}

// TestPeopleAndScheduledSendsShareTheBudget drains 450 scheduled posts (93
// s at 290 a minute) through the fake Slack, alone and with people's replies
// going on: one before every third scheduled post, or from another
// goroutine every 0.6 s while a scheduled post waits for its slot, some 100
// a minute on top. Replies never wait (the clock moves only when the pacer
// sleeps); the scheduled drain gives way by one gap per reply, so Slack
// never sees more than its 300 a minute and never says 429, yet the budget
// is used: the busiest minute is close to 290.
func TestPeopleAndScheduledSendsShareTheBudget(t *testing.T) {
	const sends = 450
	gap := DefaultPacing.Message
	t.Run("OKAlone", func(t *testing.T) {
		e := newBudgetEnv(t)
		var last time.Time
		for i := range sends {
			last = e.scheduled(t, i)
		}
		took := last.Sub(paceStart)
		if want := (sends - 1) * gap; took != want {
			t.Errorf("the drain took %v, want %v: one gap per post", took, want)
		}
		busiest := e.check(t)
		if busiest < 285 || busiest > 300 {
			t.Errorf("busiest minute: %d posts, want 285 to 300", busiest)
		}
		t.Logf("%d scheduled posts alone: %v; busiest minute %d posts", sends, took, busiest)
	})
	t.Run("OKRepliesBetweenSends", func(t *testing.T) {
		e := newBudgetEnv(t)
		var last time.Time
		replies := 0
		for i := range sends {
			if i > 0 && i%3 == 0 {
				before := e.clock.now()
				e.reply(t, replies)
				if waited := e.clock.now().Sub(before); waited != 0 {
					t.Errorf("reply %d waited %v for the budget", replies, waited)
				}
				replies++
			}
			last = e.scheduled(t, i)
		}
		took := last.Sub(paceStart)
		if want := (sends - 1 + time.Duration(replies)) * gap; took != want {
			t.Errorf("the drain took %v with %d replies, want %v: one gap more per reply", took, replies, want)
		}
		busiest := e.check(t)
		if busiest < 285 || busiest > 300 {
			t.Errorf("busiest minute: %d posts, want 285 to 300", busiest)
		}
		t.Logf("%d scheduled posts with %d replies between them: %v; busiest minute %d posts", sends, replies, took, busiest)
	})
	t.Run("OKRepliesAlongside", func(t *testing.T) {
		e := newBudgetEnv(t)
		var replies atomic.Int64
		// Each reply comes at its 0.6 s on the virtual clock, during the
		// pacer's sleep that reaches it. (A goroutine polling the clock in
		// real time fell behind whenever the drain ran faster than the
		// goroutine was scheduled: under load, or without -race, it made
		// fewer than 100 replies and the test failed.)
		stop := e.clock.every(600*time.Millisecond, func() { e.reply(t, int(replies.Add(1))) })
		defer stop()
		for i := range sends - 1 {
			e.scheduled(t, i)
		}
		// Every reply so far pushed the last scheduled post back one gap;
		// one made while the last post waits comes after its slot was
		// taken, and pushes nothing.
		before := replies.Load()
		last := e.scheduled(t, sends-1)
		stop()
		during := replies.Load()
		took := last.Sub(paceStart)
		if want := (sends - 1 + time.Duration(before)) * gap; took != want {
			t.Errorf("the drain took %v with %d replies before its last post, want %v: one gap more per reply", took, before, want)
		}
		if during < 100 {
			t.Errorf("only %d replies during the drain: the test did not load the budget", during)
		}
		busiest := e.check(t)
		if busiest < 285 || busiest > 300 {
			t.Errorf("busiest minute: %d posts, want 285 to 300", busiest)
		}
		t.Logf("%d scheduled posts with %d replies alongside: %v; busiest minute %d posts", sends, during, took, busiest)
	})
}
