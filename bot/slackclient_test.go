package bot_test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/slack-go/slack"
)

// TestSlackHTTPClientKeepsConnections sends waves of concurrent calls
// through the fake and counts the connections dialled: the bot's client
// opens one per call in flight once, then reuses them; Go's default of 2
// idle connections per host (what slack-go uses without it) dials again
// for every wave.
func TestSlackHTTPClientKeepsConnections(t *testing.T) {
	c := bot.SlackHTTPClient()
	tr, ok := c.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T, want *http.Transport", c.Transport)
	}
	if tr.MaxIdleConnsPerHost < 32 || c.Timeout < time.Minute {
		t.Errorf("MaxIdleConnsPerHost %d, Timeout %v: want ≥ 32 idle connections and a timeout above Slack's slowest calls", tr.MaxIdleConnsPerHost, c.Timeout)
	}
	if bot.SlackHTTPClient().Transport == c.Transport {
		t.Errorf("clients share a transport")
	}

	const inFlight, waves = 32, 3
	for _, tc := range []struct {
		name   string
		client *http.Client
		reuse  bool
	}{
		{"OK", c, true},
		{"GoDefault", &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := slacktest.New(slacktest.Options{})
			defer fake.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			tr := tc.client.Transport.(*http.Transport)
			defer tr.CloseIdleConnections()
			var dials atomic.Int64
			dial := tr.DialContext
			tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				dials.Add(1)
				return dial(ctx, network, addr)
			}
			api := slack.New(slacktest.BotToken, slack.OptionHTTPClient(tc.client), slack.OptionAPIURL(fake.URL()))
			for range waves {
				// Slack holds every call until all are in flight at once.
				release := fake.Hold("auth.test")
				var wg sync.WaitGroup
				for range inFlight {
					wg.Go(func() {
						if _, err := api.AuthTestContext(ctx); err != nil {
							t.Error(err)
						}
					})
				}
				if err := fake.WaitFor(ctx, func() bool { return fake.Held("auth.test") == inFlight }); err != nil {
					t.Fatalf("only %d calls in flight", fake.Held("auth.test"))
				}
				release()
				wg.Wait()
			}
			got := dials.Load()
			if tc.reuse && got != inFlight {
				t.Errorf("%d connections dialled for %d waves of %d calls, want %d: one per call in flight, reused", got, waves, inFlight, inFlight)
			}
			if !tc.reuse && got <= inFlight {
				t.Errorf("%d connections dialled with 2 idle per host: the test no longer sees connections being dropped", got)
			}
			t.Logf("%d connections for %d calls", got, waves*inFlight)
		})
	}
}
