package bot_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// recordHandler hands every log record to the test as one line of text.
type recordHandler struct{ lines chan string }

func (h recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h recordHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h recordHandler) WithGroup(string) slog.Handler            { return h }
func (h recordHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.String())
		return true
	})
	select {
	case h.lines <- b.String():
	default: // a test that stopped reading
	}
	return nil
}

// runSocketMode runs a bot's Socket Mode against apiURL and returns its log
// lines as they come.
func runSocketMode(t *testing.T, apiURL string) <-chan string {
	t.Helper()
	lines := make(chan string, 100)
	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(apiURL))
	b := bot.New(bot.Config{Slack: api, Now: time.Now, Log: slog.New(recordHandler{lines})})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); bot.NewSocketMode(b, socketmode.New(api)).Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return lines
}

// nextLine waits for the next log line holding want, failing after a
// generous bound on slack-go's retries.
func nextLine(t *testing.T, lines <-chan string, want string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l := <-lines:
			if strings.Contains(l, want) {
				return l
			}
		case <-timeout:
			t.Fatalf("no log line saying %q within 30 s", want)
		}
	}
}

// TestSocketModeSaysWhyItCannotConnect: with Slack unreachable, each
// failed attempt logs its cause; the third in a row says once what to
// check, and the next attempts do not say it again.
func TestSocketModeSaysWhyItCannotConnect(t *testing.T) {
	t.Parallel()
	lines := runSocketMode(t, "http://127.0.0.1:1/api/") // nothing listens on port 1
	var seen []string
	for attempt := 1; attempt <= 5; attempt++ {
		for {
			l := nextLine(t, lines, "")
			seen = append(seen, l)
			if strings.Contains(l, "socket mode connection failed") {
				if !strings.Contains(l, "connection refused") || !strings.Contains(l, "retry_in=") {
					t.Errorf("attempt %d: %q does not say why it failed and when it tries again", attempt, l)
				}
				break
			}
		}
	}
	var hints []string
	for _, l := range seen {
		if strings.Contains(l, "what_to_do=") {
			hints = append(hints, l)
		}
	}
	if len(hints) != 1 {
		t.Fatalf("after 5 failed attempts, %d lines say what to check, want 1:\n%s", len(hints), strings.Join(seen, "\n"))
	}
	for _, w := range []string{"3 times in a row", "proxy", "SLACK_API_URL", "slack-status.com"} {
		if !strings.Contains(hints[0], w) {
			t.Errorf("the hint %q does not mention %q", hints[0], w)
		}
	}
}

// TestSocketModeNamesTheAppToken: when Slack refuses the app-level token
// (apps.connections.open answering 404 makes slack-go report invalid auth),
// the log names SLACK_APP_TOKEN and where to get a new one.
func TestSocketModeNamesTheAppToken(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	l := nextLine(t, runSocketMode(t, srv.URL+"/api/"), "socket mode")
	for _, w := range []string{"SLACK_APP_TOKEN", "step 6"} {
		if !strings.Contains(l, w) {
			t.Errorf("%q does not mention %q", l, w)
		}
	}
}
