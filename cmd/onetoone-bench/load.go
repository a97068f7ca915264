package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/slack-go/slack"
)

// steadyLoad sends modal-opening slash commands at rate per second until
// stop is closed (open loop), each user sending two at most, and returns
// the ack latencies the fake measured.
func steadyLoad(ctx context.Context, fake *slacktest.Server, rate float64, prefix string, stop <-chan struct{}) phaseResult {
	r := phaseResult{label: "steady"}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; ; i++ {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		select {
		case <-stop:
			wg.Wait()
			r.achieved = float64(len(r.lat)) / time.Since(start).Seconds()
			return r
		case <-ctx.Done():
			wg.Wait()
			return r
		case <-time.After(time.Until(at)):
		}
		u := benchUser(prefix, i/2)
		fake.AddUser(slack.User{ID: u, TZ: "Europe/Paris"})
		wg.Add(1)
		go func() {
			defer wg.Done()
			ack, err := fake.SlashCommand(ctx, u, "")
			mu.Lock()
			defer mu.Unlock()
			r.sent++
			switch {
			case errors.Is(err, slacktest.ErrNoAck):
				r.missing++
			case err != nil && ack.EnvelopeID == "":
				r.errs++
			default:
				r.lat = append(r.lat, ack.Latency)
				if ack.Latency > 3*time.Second {
					r.late++
				}
			}
		}()
	}
}

// loadFor runs steadyLoad for d.
func loadFor(ctx context.Context, fake *slacktest.Server, rate float64, prefix string, d time.Duration) phaseResult {
	stop := make(chan struct{})
	t := time.AfterFunc(d, func() { close(stop) })
	defer t.Stop()
	return steadyLoad(ctx, fake, rate, prefix, stop)
}
