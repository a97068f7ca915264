package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// virtualClock is time that passes only when the pacer sleeps, so a burst
// that takes Slack hours drains in milliseconds of test.
type virtualClock struct {
	mu sync.Mutex
	t  time.Time

	// Set by every: the next time a sleep stops at, how far apart those
	// times are, and what runs there.
	tickAt time.Time
	tick   time.Duration
	onTick func()
}

func (c *virtualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// sleep moves the clock on by d, stopping at each of every's times on the
// way to run what the test scheduled there and wait for it.
func (c *virtualClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	to := c.t.Add(d)
	for c.tick > 0 && !c.tickAt.After(to) {
		c.t, c.tickAt = c.tickAt, c.tickAt.Add(c.tick)
		fn := c.onTick
		c.mu.Unlock()
		done := make(chan struct{})
		go func() {
			defer close(done)
			fn()
		}()
		<-done
		c.mu.Lock()
	}
	c.t = to
	c.mu.Unlock()
	return ctx.Err()
}

// every runs fn on a goroutine of its own at every d from now on the
// clock, while the sleep that reached that time waits for it: someone
// acting while the pacer sleeps, at times the test chooses rather than
// whenever the machine's scheduler happens to run them. The clock moves
// only in sleep, so fn runs only there. stop ends it.
func (c *virtualClock) every(d time.Duration, fn func()) (stop func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tickAt, c.tick, c.onTick = c.t.Add(d), d, fn
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.tick, c.onTick = 0, nil
	}
}

// slackLimits plays Slack's rate limits on the virtual clock: per method
// per minute, and chat.postMessage once a second per channel. Over a limit
// a call gets a 429 with Retry-After, as slack-go reports it.
type slackLimits struct {
	clock      *virtualClock
	perMinute  map[string]int
	calls      map[string][]time.Time
	lastInChan map[string]time.Time
	limited    int
}

func newSlackLimits(c *virtualClock) *slackLimits {
	return &slackLimits{clock: c, perMinute: map[string]int{"chat.postMessage": 300, "conversations.open": 50},
		calls: map[string][]time.Time{}, lastInChan: map[string]time.Time{}}
}

func (l *slackLimits) call(method, channel string) error {
	now := l.clock.now()
	var recent []time.Time
	for _, t := range l.calls[method] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.perMinute[method] {
		l.limited++
		return &slack.RateLimitedError{RetryAfter: recent[0].Add(time.Minute).Sub(now).Round(time.Second) + time.Second}
	}
	if channel != "" {
		if last, ok := l.lastInChan[channel]; ok && now.Sub(last) < time.Second {
			l.limited++
			return &slack.RateLimitedError{RetryAfter: time.Second}
		}
		l.lastInChan[channel] = now
	}
	l.calls[method] = append(recent, now)
	return nil
}

// pacedBot is a bot with nothing but its budget of Slack calls, on the
// virtual clock and the default pacing.
func pacedBot(c *virtualClock) *Bot {
	b := &Bot{log: slog.New(slog.NewTextHandler(io.Discard, nil)), metrics: NewMetrics(nil), pacing: DefaultPacing, pace: newPacer()}
	b.pace.clock, b.pace.sleep = c.now, c.sleep
	return b
}

func pacedNotifier(c *virtualClock) *Notifier { return NewNotifier(pacedBot(c)) }

// TestBurstDrainsWithoutRateLimits sends 5,000 nudges, each to a new person
// (so each needs conversations.open first) and 5,000 more to the same
// people (DM channels cached), through the default pacing: Slack never has
// to say 429.
func TestBurstDrainsWithoutRateLimits(t *testing.T) {
	clock := &virtualClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	n := pacedNotifier(clock)
	slackside := newSlackLimits(clock)
	ctx := context.Background()
	const people = 5000
	posted := 0
	for round := range 2 {
		for i := range people {
			ch := fmt.Sprintf("D%05d", i)
			if round == 0 {
				if err := n.call(ctx, n.b.openSlots(), func(context.Context) error { return slackside.call("conversations.open", "") }); err != nil {
					t.Fatalf("open %d: %v", i, err)
				}
			}
			if err := n.call(ctx, n.b.postSlots(ch), func(context.Context) error { return slackside.call("chat.postMessage", ch) }); err != nil {
				t.Fatalf("post %d: %v", i, err)
			}
			posted++
		}
	}
	if slackside.limited != 0 {
		t.Errorf("Slack answered 429 %d times during the burst", slackside.limited)
	}
	if posted != 2*people {
		t.Errorf("posted %d, want %d", posted, 2*people)
	}
	// The opens set the pace of the first round: 40 a minute.
	took := clock.now().Sub(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if want := time.Duration(people) * DefaultPacing.Open; took < want || took > want+time.Duration(people)*DefaultPacing.Message+time.Hour {
		t.Errorf("the burst took %v of Slack's time; want about %v", took, want)
	}
}

// TestRateLimitRetriesOnlyThatCall: a 429 is waited out (Retry-After) and
// only the refused call is made again; the calls after it on the same limit
// wait too, instead of meeting 429s of their own.
func TestRateLimitRetriesOnlyThatCall(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := &virtualClock{t: start}
	n := pacedNotifier(clock)
	ctx := context.Background()
	type attempt struct {
		call int
		at   time.Duration
	}
	var attempts []attempt
	refused := false
	for i := range 4 {
		err := n.call(ctx, n.b.postSlots(fmt.Sprintf("D%d", i)), func(context.Context) error {
			attempts = append(attempts, attempt{i, clock.now().Sub(start)})
			if i == 1 && !refused {
				refused = true
				return &slack.RateLimitedError{RetryAfter: 30 * time.Second}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	gap := DefaultPacing.Message
	want := []attempt{{0, 0}, {1, gap}, {1, 30*time.Second + gap}, {2, 30*time.Second + 2*gap}, {3, 30*time.Second + 3*gap}}
	if fmt.Sprint(attempts) != fmt.Sprint(want) {
		t.Errorf("attempts (call, when) = %v, want %v", attempts, want)
	}

	// A limit that never lifts gives up after maxRateRetries waits.
	tries := 0
	err := n.call(ctx, n.b.openSlots(), func(context.Context) error {
		tries++
		return &slack.RateLimitedError{RetryAfter: time.Second}
	})
	if err == nil || tries != maxRateRetries+1 {
		t.Errorf("a lasting 429: %d tries, err %v; want %d tries and the 429", tries, err, maxRateRetries+1)
	}
}

// TestPacerStopsWaitingOnCancel: a cancelled send waiting for its slot
// returns at once, before any call is made.
func TestPacerStopsWaitingOnCancel(t *testing.T) {
	p := newPacer()
	p.next["chat.postMessage"] = time.Now().Add(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx, slot{"chat.postMessage", time.Second}); err == nil {
		t.Error("wait on a cancelled context returned nil")
	}
}
