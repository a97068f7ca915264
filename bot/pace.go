package bot

import (
	"context"
	"sync"
	"time"
)

// Pacing spaces the scheduler's Slack calls so a burst of due messages (a
// Monday of 5,000 nudges) drains inside Slack's limits (SLACK.md) instead of
// meeting a wall of 429s. The bot's own replies to people do not queue
// behind it; the defaults leave them room. Pacing is per process: replicas
// each keep to it, and what they send beyond Slack's limits together meets
// a 429, which is waited out (Retry-After) and retried, that call only.
type Pacing struct {
	// Message is the gap between two scheduled posts or updates across
	// the workspace (chat.postMessage allows several hundred a minute).
	Message time.Duration
	// Channel is the gap between two posts in one conversation (about one
	// a second).
	Channel time.Duration
	// Open is the gap between two conversations.open (Tier 3, 50+ a
	// minute); chat.update is Tier 3 too and shares it.
	Open time.Duration
	// Lookup is the gap between two users.info (Tier 4, 100+ a minute).
	Lookup time.Duration
}

// DefaultPacing keeps to about 200 posts, 40 opens and 80 lookups a
// minute.
var DefaultPacing = Pacing{Message: 300 * time.Millisecond, Channel: 1100 * time.Millisecond, Open: 1500 * time.Millisecond, Lookup: 750 * time.Millisecond}

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

// pacer hands out times for calls so that calls sharing a key are spaced
// out. It measures real elapsed time, not the domain clock: pacing is about
// Slack's clock, and a test that travels in time must not make the bot
// sleep through the years it skipped.
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
// then.
func (p *pacer) wait(ctx context.Context, slots ...slot) error {
	p.mu.Lock()
	now := p.clock()
	at := now
	for _, s := range slots {
		if t := p.next[s.key]; t.After(at) {
			at = t
		}
	}
	for _, s := range slots {
		p.next[s.key] = at.Add(s.every)
	}
	if len(p.next) > 1000 {
		// Per-channel keys pile up in a burst; drop the ones long free.
		for k, t := range p.next {
			if t.Before(now) {
				delete(p.next, k)
			}
		}
	}
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return ctx.Err()
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
