package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// readiness is what /readyz reports. While serve starts it says what start-up
// waits for; once started, whether the database answers and Slack is
// connected.
type readiness struct {
	mu        sync.Mutex
	waiting   string // what start-up waits for; "" once it is done
	store     *models.Store
	connected func() bool
}

// waitFor records what start-up is waiting for, for /readyz.
func (r *readiness) waitFor(what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiting = what
}

// started makes /readyz check the store and the Slack connection from now
// on.
func (r *readiness) started(store *models.Store, connected func() bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiting, r.store, r.connected = "", store, connected
}

// starting reports what start-up still waits for, "" once it is done.
func (r *readiness) starting() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waiting
}

// check answers /readyz: "" when ready, else why not.
func (r *readiness) check(ctx context.Context) string {
	r.mu.Lock()
	waiting, store, connected := r.waiting, r.store, r.connected
	r.mu.Unlock()
	switch {
	case waiting != "":
		return "starting: waiting for " + waiting
	case store.Ping(ctx) != nil:
		return "database unreachable"
	case !connected():
		return "slack not connected"
	}
	return ""
}

// opsMux serves /healthz, /readyz and metrics (/metrics, unless nil: then
// metricsServer serves it) from the first moment of start-up, and answers
// Slack's request URLs 503 until the bot is built, so Slack retries what it
// sent too early.
func opsMux(ready *readiness, metrics http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if why := ready.check(ctx); why != "" {
			http.Error(w, why, http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	mux.HandleFunc("POST /slack/", func(w http.ResponseWriter, r *http.Request) {
		if what := ready.starting(); what != "" {
			http.Error(w, "starting: waiting for "+what, http.StatusServiceUnavailable)
			return
		}
		http.NotFound(w, r)
	})
	return mux
}

// metricsServer serves /metrics alone on ONETOONE_METRICS_ADDR, so that
// the address Slack calls (ONETOONE_HTTP_ADDR, with /slack/*) can be
// published without the metrics. It serves until close.
func metricsServer(addr string, metrics http.Handler) (close func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("ONETOONE_METRICS_ADDR %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// Bad-auth answers of auth.test: the token is wrong, and waiting will not
// make it right.
var badAuth = map[string]bool{"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true, "token_expired": true}

// checkToken asks Slack who we are, once: a wrong token is a configError
// that stops start-up with a clear line instead of a reconnect loop; any
// other failure (Slack or the network down, a 5xx) is an error worth trying
// again. On success it returns the workspace the bot serves, never "".
func checkToken(ctx context.Context, api *slack.Client) (team models.TeamID, err error) {
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := api.AuthTestContext(actx)
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &se) && badAuth[se.Err]:
		return "", &configError{"SLACK_BOT_TOKEN", fmt.Sprintf("was refused by Slack (%s); check it is the app's current bot token, %s", se.Err, appSetupHint)}
	case err != nil:
		return "", fmt.Errorf("auth.test: %w", err)
	case resp.TeamID == "":
		return "", &configError{"SLACK_BOT_TOKEN", "belongs to no single workspace (auth.test named none); onetoone serves one workspace: install the app to a workspace and use that workspace's bot token"}
	}
	return models.TeamID(resp.TeamID), nil
}

// socketModeStopped explains why Socket Mode gave up for good. slack-go
// retries every failure but a refused app-level token, which it returns:
// that one names SLACK_APP_TOKEN and where to make a new one.
func socketModeStopped(err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && badAuth[se.Err] {
		return &configError{"SLACK_APP_TOKEN", fmt.Sprintf("was refused by Slack (%s); check it is the app's current app-level token (xapp-…) with the connections:write scope, %s, step 6", se.Err, appSetupHint)}
	}
	return fmt.Errorf("socket mode stopped: %w", err)
}

// authRetryMax caps the wait between two auth.test attempts at start.
const authRetryMax = 30 * time.Second

// waitForTeam asks Slack which workspace the bot serves until it answers,
// for settings, the uninstall mark and every request are kept to that one
// workspace: the bot never runs without knowing it. Meanwhile /readyz says
// why it is not ready and each failure leaves a log line saying what to
// check. A wrong token stops start-up at once; a cancelled ctx (SIGTERM)
// stops the wait with ctx's error.
func waitForTeam(ctx context.Context, api *slack.Client, log *slog.Logger, ready *readiness) (models.TeamID, error) {
	delay := 500 * time.Millisecond
	for {
		team, err := checkToken(ctx, api)
		var ce *configError
		switch {
		case err == nil:
			return team, nil
		case errors.As(err, &ce):
			return "", err
		case ctx.Err() != nil:
			return "", ctx.Err()
		}
		ready.waitFor(fmt.Sprintf("Slack to confirm the bot token (%v)", err))
		log.Warn("not ready: Slack did not confirm the bot token, so the bot does not know its workspace yet; trying again",
			"err", err, "retry_in", delay.String(),
			"what_to_do", "check that this host reaches Slack (SLACK_API_URL, proxy, firewall) and https://slack-status.com; the bot starts by itself once Slack answers")
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, authRetryMax)
	}
}
