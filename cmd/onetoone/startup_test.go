package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// startServe runs `onetoone serve` in this process with env (plus a free
// ONETOONE_HTTP_ADDR). done is closed when serve returns, by itself or
// after stop, which cancels its context as SIGTERM does; stop returns the
// exit code either way.
func startServe(t *testing.T, env map[string]string) (addr string, log *faultBuffer, done <-chan struct{}, stop func() int) {
	t.Helper()
	addr = freeAddr(t)
	env["ONETOONE_HTTP_ADDR"] = addr
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	var code int
	log = &faultBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", log.String())
		}
	})
	go func() {
		defer close(finished)
		code = run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, log)
	}()
	stop = func() int {
		cancel()
		select {
		case <-finished:
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop within 30 s of cancellation")
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return addr, log, finished, stop
}

// readyz returns /readyz's status and body, 0 when nothing answers.
func readyz(addr string) (int, string) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitReadyz waits until /readyz answers status with a body containing
// want.
func waitReadyz(t *testing.T, ctx context.Context, addr string, status int, want string) {
	t.Helper()
	var code int
	var body string
	err := slacktest.WaitFor(ctx, func() bool {
		code, body = readyz(addr)
		return code == status && strings.Contains(body, want)
	})
	if err != nil {
		t.Fatalf("/readyz never answered %d %q; last %d %q", status, want, code, body)
	}
}

// silentPostgres is a URL whose server accepts TCP connections and never
// answers, as a frozen Postgres does. accepted is closed once the first
// connection is in.
func silentPostgres(t *testing.T) (dbURL string, accepted <-chan struct{}) {
	addr, accepted := storetest.SilentServer(t)
	return "postgres://postgres@" + addr + "/onetoone?sslmode=disable", accepted
}

// waitAccepted waits for serve to connect to the silent database.
func waitAccepted(t *testing.T, accepted <-chan struct{}, within time.Duration) {
	t.Helper()
	select {
	case <-accepted:
	case <-time.After(within):
		t.Fatalf("serve did not connect to the database within %v", within)
	}
}

// flakyAuth puts a proxy in front of the fake's Web API that answers
// auth.test with HTTP 500 while failing is set, and counts the attempts.
type flakyAuth struct {
	failing  atomic.Bool
	attempts atomic.Int32
	url      string // the SLACK_API_URL to give serve
}

func newFlakyAuth(t *testing.T, fake *slacktest.Server) *flakyAuth {
	t.Helper()
	target, err := url.Parse(strings.TrimSuffix(fake.URL(), "api/"))
	if err != nil {
		t.Fatal(err)
	}
	f := &flakyAuth{}
	f.failing.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/auth.test" {
			f.attempts.Add(1)
			if f.failing.Load() {
				http.Error(w, "upstream unavailable", http.StatusInternalServerError)
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/api/"
	return f
}

// TestServeWaitsForSlackToConfirmToken: while auth.test fails for a reason
// other than a bad token (a 500, then a Slack error), serve stays unready,
// says why on /readyz and in its log, and tries again; once Slack answers,
// it serves the workspace Slack named, and never one with an empty id.
func TestServeWaitsForSlackToConfirmToken(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	flaky := newFlakyAuth(t, fake)
	addr, log, _, stop := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": flaky.url,
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "w.db"),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	waitReadyz(t, ctx, addr, http.StatusServiceUnavailable, "waiting for Slack to confirm the bot token (auth.test: slack server error: 500")
	if err := slacktest.WaitFor(ctx, func() bool { return flaky.attempts.Load() >= 2 }); err != nil {
		t.Fatalf("auth.test was not tried again: %d attempts", flaky.attempts.Load())
	}
	if got := log.String(); !strings.Contains(got, "not ready: Slack did not confirm the bot token") || !strings.Contains(got, "slack-status.com") {
		t.Errorf("no log line saying what is wrong and what to check")
	}
	if fake.Connections() != 0 {
		t.Errorf("connected to Slack before knowing the workspace")
	}

	// Slack answers, with an error first that is not about the token.
	fake.FailNext("auth.test", "internal_error")
	flaky.failing.Store(false)
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected once Slack answered: %v", err)
	}
	waitReadyz(t, ctx, addr, http.StatusOK, "ready")
	if got := log.String(); !strings.Contains(got, "internal_error") || !strings.Contains(got, "team="+slacktest.TeamID) {
		t.Errorf("the log does not show the Slack error, then serving %s", slacktest.TeamID)
	}
	// A bot with no workspace would refuse this as coming from elsewhere.
	ack, err := fake.SlashCommand(ctx, "UALEX", "help")
	if err != nil || !strings.Contains(string(ack.Payload), "/one-to-one") {
		t.Errorf("help: %s, %v", ack.Payload, err)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestServeStopsWhileWaitingForSlack: SIGTERM while auth.test keeps failing
// stops serve at once, cleanly, saying where it was.
func TestServeStopsWhileWaitingForSlack(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	flaky := newFlakyAuth(t, fake)
	addr, log, _, stop := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": flaky.url,
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "s.db"),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitReadyz(t, ctx, addr, http.StatusServiceUnavailable, "auth.test")
	start := time.Now()
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v to stop", took)
	}
	if !strings.Contains(log.String(), "stopped during start-up, while waiting for Slack") {
		t.Errorf("no log line saying where start-up stopped")
	}
}

// TestServeGivesUpOnSilentDatabase: against a Postgres that accepts the
// connection and never answers, serve says so on /readyz while it waits,
// and stops within the connect timeout with one clear line.
func TestServeGivesUpOnSilentDatabase(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	dbURL, accepted := silentPostgres(t)
	started := time.Now()
	addr, log, done, stop := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": fake.URL(),
		"DATABASE_URL": dbURL,
	})
	waitAccepted(t, accepted, 5*time.Second)
	if code, body := readyz(addr); code != http.StatusServiceUnavailable || !strings.Contains(body, "starting: waiting for the database") {
		t.Errorf("/readyz while waiting for the database = %d %q", code, body)
	}
	select {
	case <-done:
		code := stop()
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		last := lines[len(lines)-1]
		if code != 1 || !strings.Contains(last, "did not answer within") {
			t.Errorf("exit %d, last line %q", code, last)
		}
		if took := time.Since(started); took > models.ConnectTimeout+3*time.Second {
			t.Errorf("gave up after %v, want about %v", took, models.ConnectTimeout)
		}
	case <-time.After(models.ConnectTimeout + 10*time.Second):
		t.Fatalf("serve still waiting for the database after %v", models.ConnectTimeout+10*time.Second)
	}
}

// TestServeSIGTERMWhileDatabaseSilent sends a real SIGTERM to a serve
// process waiting on a Postgres that never answers: it stops at once,
// cleanly, saying so.
func TestServeSIGTERMWhileDatabaseSilent(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	dbURL, accepted := silentPostgres(t)
	p := startBot(t, "bot", faultEnv(fake, dbURL))
	waitAccepted(t, accepted, 30*time.Second)
	if code, body := readyz(p.addr); code != http.StatusServiceUnavailable || !strings.Contains(body, "starting: waiting for the database") {
		t.Errorf("/readyz while waiting for the database = %d %q", code, body)
	}
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(3 * time.Second):
		t.Fatalf("still running 3 s after SIGTERM")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v to stop after SIGTERM", took)
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 || !strings.Contains(p.log.String(), "stopped during start-up, while waiting for the database") {
		t.Errorf("exit %d; log:\n%s", code, p.log.tail(2000))
	}
	p.checkRaces()
}
