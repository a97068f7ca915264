package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Pacing is the process's budget of Slack calls: one budget per Bot, shared
// by the scheduler's sends and people's own requests (docs/slack.md "Rate
// limits"). Scheduled sends wait for a slot, so a burst of due messages (a
// Monday of 5,000 nudges) drains inside Slack's limits instead of meeting a
// wall of 429s. People's own calls (the bot's replies, invitations, button
// updates) never wait: they take their slot at once and the scheduled sends
// behind them move back by as much, so the two together keep to the
// budget.
//
// The budget is per process. Replicas each keep to their own, so with N
// replicas each should get 1/N of Slack's limit; what they send beyond it
// together meets a 429, which is waited out (Retry-After) and retried,
// that call only.
type Pacing struct {
	// Message is the gap between two posts or updates across the
	// workspace: the process's chat.postMessage budget.
	Message time.Duration
	// Channel is the gap between two posts in one conversation (about one
	// a second).
	Channel time.Duration
	// Open is the gap between two conversations.open (Tier 3, 50+ a
	// minute); chat.update is Tier 3 too and gets its own budget at the
	// same gap.
	Open time.Duration
	// Lookup is the gap between two users.info (Tier 4, 100+ a minute).
	Lookup time.Duration
}

// DefaultPostsPerMinute is the default chat.postMessage budget. docs/slack.md
// says "several hundred per minute per workspace"; 300 is the floor of
// that reading, and the one the benchmarks' fake enforces. 290 keeps 10 a
// minute in hand: people's calls take their slots without waiting, so a
// few of them can land ahead of the slot they were counted in, and the
// budget must absorb that without Slack seeing more than 300 in a minute.
// At this pace 500 due messages take 103 s, against the 100 s Slack's
// limits allow (BENCHMARKS.md §4).
const DefaultPostsPerMinute = 290

// DefaultPacing keeps to about 290 posts, 40 opens, 40 updates and 80
// lookups a minute, and a post a conversation every 1.1 s.
var DefaultPacing = Pacing{Message: time.Minute / DefaultPostsPerMinute, Channel: 1100 * time.Millisecond, Open: 1500 * time.Millisecond, Lookup: 750 * time.Millisecond}

func (p Pacing) withDefaults() Pacing {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&p.Message, DefaultPacing.Message)
	def(&p.Channel, DefaultPacing.Channel)
	def(&p.Open, DefaultPacing.Open)
	def(&p.Lookup, DefaultPacing.Lookup)
	return p
}

// slot is one limit a call must fit: calls with the same key are spaced
// every apart.
type slot struct {
	key   string
	every time.Duration
}

// The limits each kind of call must fit. The first slot's key names the
// Slack method, for logs.
func (b *Bot) postSlots(ch string) []slot {
	return []slot{{postKey, b.pacing.Message}, {"channel:" + ch, b.pacing.Channel}}
}

// postKey is the workspace's chat.postMessage budget.
const postKey = "chat.postMessage"

func (b *Bot) updateSlots(ch string) []slot {
	return []slot{{"chat.update", b.pacing.Open}, {"channel:" + ch, b.pacing.Channel}}
}

func (b *Bot) openSlots() []slot   { return []slot{{"conversations.open", b.pacing.Open}} }
func (b *Bot) lookupSlots() []slot { return []slot{{"users.info", b.pacing.Lookup}} }

// pacedCall runs one Slack call in its slots: Bot.promptly for people's
// requests, Notifier.call for scheduled sends.
type pacedCall func(ctx context.Context, slots []slot, fn func(ctx context.Context) error) error

// promptly makes a call for someone waiting on the bot: at once, with its
// slots spent in the budget so that scheduled sends make room. A 429 holds
// the budget for Retry-After, so scheduled sends stop meeting it too; the
// call itself is not retried here (see patiently).
func (b *Bot) promptly(ctx context.Context, slots []slot, fn func(ctx context.Context) error) error {
	b.paceOf(ctx).use(slots...)
	err := fn(ctx)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		b.paceOf(ctx).hold(max(rl.RetryAfter, time.Second), slots...)
	}
	return err
}

// pacer hands out times for calls so that calls sharing a key are spaced
// out. It measures real elapsed time, not the domain clock: pacing is about
// Slack's clock, and a test that travels in time must not make the bot
// sleep through the years it skipped.
//
// It is ours, not golang.org/x/time/rate's token bucket, for what a
// rate.Limiter per key cannot do:
//   - a call a little late for its slot keeps the slot's time, yet after a
//     pause two calls still go a gap apart (TestPacerKeepsItsRateWhenCallsComeLate).
//     With burst 1 a limiter drops the lateness: 100 sends each claimed 5 ms
//     after their slot take 99 × 5 ms longer. With burst 2 it keeps the rate
//     but lets two calls go at once after a pause.
//   - one call takes several limits at the same time (the workspace's and
//     the conversation's), each booked from the latest of them; a limiter
//     books only from the time it is asked at, and asking it at a future
//     time (ReserveN(at, …)) breaks its refill once a call asks at now.
//   - hold keeps a limit shut for Retry-After, seconds or minutes; a
//     limiter cannot book more than its burst at once.
type pacer struct {
	clock func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	next map[string]time.Time // earliest time of the next call, by key
}

func newPacer() *pacer {
	return &pacer{clock: time.Now, sleep: sleepCtx, next: map[string]time.Time{}}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait reserves the earliest time that fits every slot and sleeps until
// then: how scheduled sends use the budget.
func (p *pacer) wait(ctx context.Context, slots ...slot) error {
	p.mu.Lock()
	now := p.clock()
	at := p.earliest(now, slots)
	for _, s := range slots {
		// A call a little late for its slot (by less than a gap: the
		// claim and settle around each scheduled send) keeps the slot's
		// time, so a drain keeps the budget's rate instead of drifting by
		// that overhead on every message. Idle longer, and it starts anew.
		from := at
		if t := p.next[s.key]; t.Before(at) && at.Sub(t) < s.every {
			from = t
		}
		p.next[s.key] = from.Add(s.every)
	}
	p.sweep(now)
	p.mu.Unlock()
	return p.sleepUntil(ctx, now, at)
}

// free sleeps until every slot is free, without taking it: for a caller
// about to commit to a call (the scheduler, before it claims a delivery),
// so that what waits after the commitment is short.
func (p *pacer) free(ctx context.Context, slots ...slot) error {
	p.mu.Lock()
	now := p.clock()
	at := p.earliest(now, slots)
	p.mu.Unlock()
	return p.sleepUntil(ctx, now, at)
}

// earliest is the first time from now when every slot is free. Callers
// hold p.mu.
func (p *pacer) earliest(now time.Time, slots []slot) time.Time {
	at := now
	for _, s := range slots {
		if t := p.next[s.key]; t.After(at) {
			at = t
		}
	}
	return at
}

func (p *pacer) sleepUntil(ctx context.Context, now, at time.Time) error {
	if d := at.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return ctx.Err()
}

// use records a call made now without waiting: how people's own calls use
// the budget. Each slot's key gives up one gap, from now or from the end of
// what is already reserved, so whatever waits on that key next goes that
// much later.
func (p *pacer) use(slots ...slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock()
	for _, s := range slots {
		p.next[s.key] = later(p.next[s.key], now).Add(s.every)
	}
	p.sweep(now)
}

// sweep drops the keys long free once they pile up (one per channel in a
// burst). Callers hold p.mu.
func (p *pacer) sweep(now time.Time) {
	if len(p.next) <= 1000 {
		return
	}
	for k, t := range p.next {
		if t.Before(now) {
			delete(p.next, k)
		}
	}
}

// hold keeps every slot's key free of calls for d: Slack said Retry-After,
// and any call on the same limit would be refused too.
func (p *pacer) hold(d time.Duration, slots ...slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	until := p.clock().Add(d)
	for _, s := range slots {
		if p.next[s.key].Before(until) {
			p.next[s.key] = until
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// busyWait is how long a scheduled send may wait for its workspace's post
// budget before it is deferred instead (models.ErrBusy), when the bot
// serves many workspaces: the scheduler sends one message at a time, and
// a message waiting out one workspace's Retry-After would hold up every
// other workspace's behind it.
const busyWait = 2 * time.Second

// busy refuses a scheduled send whose workspace's post budget is spent for
// longer than busyWait. With one workspace Ready has waited already, and
// a send someone is waiting on (prompt) takes its slot at once.
// It looks at the post budget, or at slots when given.
func (n *Notifier) busy(ctx context.Context, slots ...slot) error {
	if !n.b.manyWorkspaces() || isPrompt(ctx) {
		return nil
	}
	if len(slots) == 0 {
		slots = []slot{{key: postKey}}
	}
	if d := n.b.paceOf(ctx).delay(slots...); d > busyWait {
		return fmt.Errorf("workspace %s: next slot in %v: %w", teamOf(ctx), d.Round(time.Second), models.ErrBusy)
	}
	return nil
}

// delay is how long from now until every slot is free.
func (p *pacer) delay(slots ...slot) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock()
	return p.earliest(now, slots).Sub(now)
}
