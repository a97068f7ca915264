package bot

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

var paceStart = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// virtualPacer is a pacer on a virtual clock that moves only when the
// pacer sleeps or the test says.
func virtualPacer() (*pacer, *virtualClock) {
	c := &virtualClock{t: paceStart}
	p := newPacer()
	p.clock, p.sleep = c.now, c.sleep
	return p, c
}

func (c *virtualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestPacerPeopleSpendPushesScheduledBack: a person's call made while
// scheduled sends wait moves the next scheduled send back by exactly one
// gap of each limit it used, and by nothing when the budget was free
// again by the time the scheduled send comes.
func TestPacerPeopleSpendPushesScheduledBack(t *testing.T) {
	b := &Bot{pacing: DefaultPacing}
	post, posts := DefaultPacing.Message, b.postSlots
	tests := []struct {
		name string
		run  func(p *pacer, c *virtualClock)
		want time.Duration // when the last scheduled send went, from the start
	}{
		{"OKNoPeopleOneGapApart", func(p *pacer, c *virtualClock) {
			p.wait(context.Background(), posts("D1")...)
			c.advance(10 * time.Millisecond)
			p.wait(context.Background(), posts("D2")...)
		}, post},
		{"OKOneReplyPushesOneGap", func(p *pacer, c *virtualClock) {
			p.wait(context.Background(), posts("D1")...)
			c.advance(10 * time.Millisecond)
			p.use(posts("D9")...)
			c.advance(10 * time.Millisecond)
			p.wait(context.Background(), posts("D2")...)
		}, 2 * post},
		{"OKThreeRepliesPushThreeGaps", func(p *pacer, c *virtualClock) {
			p.wait(context.Background(), posts("D1")...)
			for i := range 3 {
				p.use(posts(fmt.Sprintf("D9%d", i))...)
			}
			p.wait(context.Background(), posts("D2")...)
		}, 4 * post},
		{"OKReplyOnAnIdleBudget", func(p *pacer, c *virtualClock) {
			p.use(posts("D9")...)
			c.advance(10 * time.Millisecond)
			p.wait(context.Background(), posts("D2")...)
		}, post},
		{"OKReplyLongAgoCostsNothing", func(p *pacer, c *virtualClock) {
			p.use(posts("D9")...)
			c.advance(time.Minute)
			p.wait(context.Background(), posts("D9")...)
		}, time.Minute},
		{"OKReplyInTheSameConversationHoldsItsSecond", func(p *pacer, c *virtualClock) {
			p.use(posts("D1")...)
			p.wait(context.Background(), posts("D1")...)
		}, DefaultPacing.Channel},
		{"OKUpdatesAndOpensHaveTheirOwnBudgets", func(p *pacer, c *virtualClock) {
			p.wait(context.Background(), posts("D1")...)
			p.use(b.updateSlots("D8")...)
			p.use(b.openSlots()...)
			p.use(b.lookupSlots()...)
			p.wait(context.Background(), posts("D2")...)
		}, post},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, c := virtualPacer()
			tt.run(p, c)
			if got := c.now().Sub(paceStart); got != tt.want {
				t.Errorf("the last scheduled send went at +%v, want +%v", got, tt.want)
			}
		})
	}
}

// TestPacerPeopleNeverWait: with the budget booked an hour ahead, a
// person's calls go at once, and every one of them still counts.
func TestPacerPeopleNeverWait(t *testing.T) {
	p, c := virtualPacer()
	b := &Bot{pacing: DefaultPacing, pace: p}
	p.hold(time.Hour, b.postSlots("D1")...)
	p.sleep = func(context.Context, time.Duration) error {
		t.Error("a person's call slept")
		return nil
	}
	for range 100 {
		err := b.promptly(context.Background(), b.postSlots("D1"), func(context.Context) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := c.now(); !got.Equal(paceStart) {
		t.Errorf("the clock moved %v during people's calls", got.Sub(paceStart))
	}
	p.sleep = c.sleep
	p.wait(context.Background(), b.postSlots("D2")...)
	if got, want := c.now().Sub(paceStart), time.Hour+100*DefaultPacing.Message; got != want {
		t.Errorf("the next scheduled send went at +%v, want +%v (the hold, then 100 posts)", got, want)
	}
}

// TestPacerCountsEveryCallAcrossGoroutines: people's calls and scheduled
// sends from many goroutines at once each take exactly one slot.
func TestPacerCountsEveryCallAcrossGoroutines(t *testing.T) {
	p := newPacer()
	p.clock = func() time.Time { return paceStart }
	p.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	b := &Bot{pacing: DefaultPacing, pace: p}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				ch := fmt.Sprintf("D%d-%d", g, i)
				if g%2 == 0 {
					p.use(b.postSlots(ch)...)
				} else if err := p.wait(context.Background(), b.postSlots(ch)...); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if got, want := p.next["chat.postMessage"], paceStart.Add(200*DefaultPacing.Message); !got.Equal(want) {
		t.Errorf("after 200 calls the budget is free at +%v, want +%v", got.Sub(paceStart), want.Sub(paceStart))
	}
}

// TestPacerSweepsExpiredKeys: the per-conversation keys a burst leaves
// behind are dropped once they are free, whichever kind of call comes
// next; keys still booked stay.
func TestPacerSweepsExpiredKeys(t *testing.T) {
	b := &Bot{pacing: DefaultPacing}
	for _, tt := range []struct {
		name string
		next func(p *pacer)
	}{
		{"OKOnAPersonsCall", func(p *pacer) { p.use(b.postSlots("Dnew")...) }},
		{"OKOnAScheduledSend", func(p *pacer) { p.wait(context.Background(), b.postSlots("Dnew")...) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, c := virtualPacer()
			for i := range 1000 {
				p.use(b.postSlots(fmt.Sprintf("D%04d", i))...)
			}
			p.hold(time.Hour, slot{"channel:Dbusy", DefaultPacing.Channel})
			c.advance(time.Hour - time.Minute) // the 1,000 posts' budget is long free
			tt.next(p)
			p.mu.Lock()
			defer p.mu.Unlock()
			if len(p.next) != 3 || p.next["channel:Dbusy"].IsZero() || p.next["channel:Dnew"].IsZero() || p.next["chat.postMessage"].IsZero() {
				t.Errorf("%d keys left; want 3: the workspace's, Dbusy's and Dnew's", len(p.next))
			}
		})
	}
}

// TestPeoplesRateLimitHoldsScheduledSends: a 429 on a person's call keeps
// the scheduled sends on the same limits back for Retry-After.
func TestPeoplesRateLimitHoldsScheduledSends(t *testing.T) {
	p, c := virtualPacer()
	b := &Bot{pacing: DefaultPacing, pace: p, metrics: NewMetrics(nil)}
	err := b.promptly(context.Background(), b.postSlots("D1"), func(context.Context) error {
		return &slack.RateLimitedError{RetryAfter: 30 * time.Second}
	})
	if err == nil {
		t.Fatal("the 429 was not returned")
	}
	p.wait(context.Background(), b.postSlots("D2")...)
	if got := c.now().Sub(paceStart); got != 30*time.Second {
		t.Errorf("the next scheduled send went at +%v, want +30s", got)
	}
}

// TestPacerFreeWaitsWithoutTaking: free sleeps until the budget has room
// and leaves that room to the call that follows, which goes at once; with
// room already, it does not sleep.
func TestPacerFreeWaitsWithoutTaking(t *testing.T) {
	b := &Bot{pacing: DefaultPacing}
	p, c := virtualPacer()
	ctx := context.Background()
	if err := p.free(ctx, slot{key: postKey}); err != nil || !c.now().Equal(paceStart) {
		t.Fatalf("free on an idle budget slept until %s (err %v)", c.now().Sub(paceStart), err)
	}
	p.wait(ctx, b.postSlots("D1")...)
	if err := p.free(ctx, slot{key: postKey}); err != nil {
		t.Fatal(err)
	}
	if got := c.now().Sub(paceStart); got != DefaultPacing.Message {
		t.Fatalf("free returned after %s, want one gap (%s)", got, DefaultPacing.Message)
	}
	p.wait(ctx, b.postSlots("D2")...)
	if got := c.now().Sub(paceStart); got != DefaultPacing.Message {
		t.Errorf("the post after free went at %s, want at once (%s): free took the slot", got, DefaultPacing.Message)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.free(cctx, slot{key: postKey}); err == nil {
		t.Error("free with a cancelled context = nil")
	}
}

// TestPacerKeepsItsRateWhenCallsComeLate: scheduled sends that each come a
// little after their slot (the claim and settle between them) still go
// one gap apart on average, not a gap plus that overhead; after a pause
// longer than a gap the budget starts anew from now.
func TestPacerKeepsItsRateWhenCallsComeLate(t *testing.T) {
	b := &Bot{pacing: DefaultPacing}
	gap := DefaultPacing.Message
	p, c := virtualPacer()
	ctx := context.Background()
	for i := range 100 {
		// As the scheduler does: wait for room, claim (5 ms), send.
		p.free(ctx, slot{key: postKey})
		c.advance(5 * time.Millisecond)
		p.wait(ctx, b.postSlots(fmt.Sprintf("D%d", i))...)
	}
	// The 100th send left at 99 gaps, give or take one claim.
	if got, want := c.now().Sub(paceStart), 99*gap+5*time.Millisecond; got > want+gap/2 {
		t.Errorf("100 late sends took %s, want about %s: the overhead accumulated", got, want)
	}
	c.advance(10 * gap)
	start := c.now()
	p.wait(ctx, b.postSlots("D1")...)
	p.wait(ctx, b.postSlots("D2")...)
	if got := c.now().Sub(start); got != gap {
		t.Errorf("after a pause, two sends went %s apart, want one gap (%s)", got, gap)
	}
}
