package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models/storetest"
)

// freeAddr finds a loopback port for the ops server.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveAgainst runs the real wiring of `onetoone serve` against the fake
// Slack with the given database, until the test ends.
func serveAgainst(t *testing.T, fake *slacktest.Server, databaseURL string) (addr string, stop func() int) {
	t.Helper()
	addr = freeAddr(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN":    slacktest.BotToken,
		"SLACK_APP_TOKEN":    slacktest.AppToken,
		"SLACK_API_URL":      fake.URL(),
		"DATABASE_URL":       databaseURL,
		"ONETOONE_HTTP_ADDR": addr,
		"LOG_LEVEL":          "debug",
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	stderr := &faultBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", stderr.String())
		}
	})
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, stderr)
	}()
	var once bool
	var code int
	stop = func() int {
		if !once {
			once = true
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop within 30 s of cancellation")
			}
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return addr, stop
}

// TestServeEndToEnd starts the binary's own wiring against the fake Slack and
// Postgres: it connects, answers help within 3 s, survives a
// refresh_requested disconnect, and stops cleanly.
func TestServeEndToEnd(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	addr, stop := serveAgainst(t, fake, storetest.PostgresURL(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	waitReadyz(t, ctx, addr, http.StatusOK, "")
	if code := faultStatus("http://" + addr + "/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	help := func() {
		ack, err := fake.SlashCommand(ctx, "UALEX", "help")
		if err != nil {
			t.Fatalf("help: %v", err)
		}
		if ack.Latency > 3*time.Second || !strings.Contains(string(ack.Payload), "one-to-one") {
			t.Fatalf("help ack after %v: %s", ack.Latency, ack.Payload)
		}
	}
	help()

	opened := fake.ConnectionsOpened()
	fake.Disconnect("refresh_requested")
	if err := fake.WaitFor(ctx, func() bool { return fake.ConnectionsOpened() > opened && fake.Connections() == 1 }); err != nil {
		t.Fatalf("no reconnect after refresh_requested: %v", err)
	}
	help()

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"onetoone_ack_seconds_bucket", `onetoone_socketmode_connects_total 2`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d after cancellation, want 0", code)
	}
}

// TestServeDefaultsToSQLite runs with two tokens and no database configured:
// onetoone.db appears in the working directory and the bot connects.
func TestServeDefaultsToSQLite(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	_, stop := serveAgainst(t, fake, "")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "onetoone.db")); err != nil {
		t.Errorf("onetoone.db not created: %v", err)
	}
	if _, err := fake.SlashCommand(ctx, "UALEX", "help"); err != nil {
		t.Errorf("help: %v", err)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestServeRefusesBadToken stops at start-up with one line naming the token.
func TestServeRefusesBadToken(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-wrong", "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": fake.URL(),
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "ONETOONE_HTTP_ADDR": freeAddr(t),
	}
	var stderr strings.Builder
	code := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, &stderr)
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	if code == 0 || !strings.Contains(last, "SLACK_BOT_TOKEN") || !strings.Contains(last, "invalid_auth") || strings.Contains(stderr.String(), "xoxb-wrong") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

// TestServeRefusesBadAppToken: an app-level token Slack refuses stops
// serve with one line naming SLACK_APP_TOKEN and the README step that makes
// one, never the token itself.
func TestServeRefusesBadAppToken(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	env := map[string]string{
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": "xapp-wrong", "SLACK_API_URL": fake.URL(),
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "ONETOONE_HTTP_ADDR": freeAddr(t),
	}
	var stderr strings.Builder
	code := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, &stderr)
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	if code == 0 || strings.Contains(stderr.String(), "xapp-wrong") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	for _, w := range []string{"SLACK_APP_TOKEN", "invalid_auth", `"Create the Slack app", step 6`} {
		if !strings.Contains(last, w) {
			t.Errorf("last line %q does not say %q", last, w)
		}
	}
}

// TestSecondSQLiteServeRefused: two serves on one SQLite file would both
// take every event; the second is refused in one line, while migrate still
// works.
func TestSecondSQLiteServeRefused(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	db := "sqlite:" + filepath.Join(t.TempDir(), "one.db")
	_, stop := serveAgainst(t, fake, db)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": fake.URL(), "DATABASE_URL": db, "ONETOONE_HTTP_ADDR": freeAddr(t)}
	var stderr strings.Builder
	if code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, &stderr); code == 0 || !strings.Contains(stderr.String(), "already served by another onetoone serve") {
		t.Errorf("second serve: exit %d, %q", code, stderr.String())
	}
	var out strings.Builder
	if code := run(ctx, []string{"migrate"}, func(k string) string { return env[k] }, &out, io.Discard); code != 0 {
		t.Errorf("migrate beside a serve: exit %d", code)
	}
	if code := stop(); code != 0 {
		t.Errorf("first serve exit %d", code)
	}
}

// TestServeHTTPMode serves the Events API on the ops address.
func TestServeHTTPMode(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	addr := freeAddr(t)
	env := map[string]string{"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_API_URL": fake.URL(), "ONETOONE_MODE": "http", "SLACK_SIGNING_SECRET": "shh",
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "h.db"), "ONETOONE_HTTP_ADDR": addr}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	ready, readyCancel := context.WithTimeout(ctx, 15*time.Second)
	defer readyCancel()
	waitReadyz(t, ready, addr, http.StatusOK, "")
	// Unsigned requests are refused.
	resp, err := http.Post("http://"+addr+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("command=%2Fone-to-one&text=help&user_id=UA"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned command = %d", resp.StatusCode)
	}
	if code := run(context.Background(), []string{"healthcheck"}, func(k string) string { return env[k] }, io.Discard, io.Discard); code != 0 {
		t.Errorf("healthcheck = %d", code)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestServeMetricsAddr moves /metrics to ONETOONE_METRICS_ADDR: it is
// served there alone, and no longer beside /slack/* and the probes.
func TestServeMetricsAddr(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	env := map[string]string{"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_API_URL": fake.URL(), "ONETOONE_MODE": "http", "SLACK_SIGNING_SECRET": "shh",
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "m.db"), "ONETOONE_HTTP_ADDR": addr, "ONETOONE_METRICS_ADDR": metricsAddr}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	wctx, wcancel := context.WithTimeout(ctx, 15*time.Second)
	defer wcancel()
	if err := slacktest.WaitFor(wctx, func() bool { return faultStatus("http://"+addr+"/readyz") == 200 }); err != nil {
		t.Fatalf("/readyz never answered 200: %v", err)
	}
	for _, c := range []struct {
		url  string
		want int
	}{
		{"http://" + addr + "/metrics", http.StatusNotFound},
		{"http://" + metricsAddr + "/metrics", http.StatusOK},
		{"http://" + metricsAddr + "/readyz", http.StatusNotFound},
		{"http://" + metricsAddr + "/healthz", http.StatusNotFound},
	} {
		if got := faultStatus(c.url); got != c.want {
			t.Errorf("GET %s = %d, want %d", c.url, got, c.want)
		}
	}
	resp, err := http.Post("http://"+metricsAddr+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("command=%2Fone-to-one"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /slack/commands on the metrics address = %d, want 404", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
