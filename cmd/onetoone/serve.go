package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// shutdownGrace is how long in-flight work may take after SIGTERM.
const shutdownGrace = 20 * time.Second

func serve(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	c, err := loadConfig(getenv, true)
	if err != nil {
		return err
	}
	log := newLogger(c, stderr)
	if len(c.EncryptionKeys) == 0 {
		log.Warn(unencryptedWarning)
	}
	unlock, err := lockSQLite(c.DatabaseURL)
	if err != nil {
		return err
	}
	defer unlock()
	now := time.Now // the one clock; everything below receives it
	store, err := openStore(ctx, c, now)
	if err != nil {
		return err
	}
	defer store.Close()
	log.Info("database ready", "dialect", store.Dialect())

	api := newSlack(c)
	team, err := checkToken(ctx, api)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	b := newBot(c, store, api, team, now, log, reg)
	sch := newScheduler(c, store, b, team, now, log, reg, nil)
	b.UseOutbox(sch) // the messages that follow what people do go through the scheduler's outbox
	if err := sch.Start(); err != nil {
		return err
	}
	defer sch.Stop(context.Background()) // on early returns; the orderly stop is below

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var conn readiness = alwaysConnected{}
	transportErr := make(chan error, 1)
	mux := opsMux(store, func() bool { return conn.Connected() }, reg)
	if c.Mode == "http" {
		bot.NewHTTP(b, c.SigningSecret, now).Register(mux)
	} else {
		sm := bot.NewSocketMode(b, socketmode.New(api))
		conn = sm
		go func() { transportErr <- sm.Run(runCtx) }()
	}
	ln, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return fmt.Errorf("ONETOONE_HTTP_ADDR %s: %w", c.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("serving", "mode", c.Mode, "addr", ln.Addr().String())

	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing work in flight")
	case err = <-transportErr:
		if err != nil {
			err = fmt.Errorf("socket mode stopped: %w", err)
		}
	}
	cancel()
	grace, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	// Requests stop arriving first, so every one has registered its work
	// with the bot before the bot waits for it. Scheduled sends stop next,
	// between two messages; the store closes last.
	srv.Shutdown(grace)
	if serr := sch.Stop(grace); serr != nil {
		log.Warn("scheduled sends did not stop in time", "err", serr)
	}
	if serr := b.Shutdown(grace); serr != nil {
		log.Warn("work in flight did not finish in time", "err", serr)
	}
	log.Info("stopped")
	return err
}

// unencryptedWarning is said once at start-up without
// ONETOONE_ENCRYPTION_KEY; coordinators read the same in their settings.
const unencryptedWarning = "reflections are stored unencrypted: set ONETOONE_ENCRYPTION_KEY to encrypt them (see README.md, \"Encryption and key rotation\")"

// alwaysConnected is HTTP mode's readiness: Slack calls us.
type alwaysConnected struct{}

func (alwaysConnected) Connected() bool { return true }

// checkToken asks Slack who we are, so a wrong token stops start-up with a
// clear line instead of a reconnect loop, and learns the workspace id.
// Slack being unreachable is not fatal: Socket Mode keeps trying.
func checkToken(ctx context.Context, api *slack.Client) (team string, err error) {
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := api.AuthTestContext(actx)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "invalid_auth" || se.Err == "not_authed" || se.Err == "account_inactive" || se.Err == "token_revoked") {
		return "", &configError{"SLACK_BOT_TOKEN", fmt.Sprintf("was refused by Slack (%s); check it is the app's current bot token, %s", se.Err, appSetupHint)}
	}
	if err != nil || resp == nil {
		return "", nil
	}
	return resp.TeamID, nil
}

// readiness is what /readyz needs to know.
type readiness interface{ Connected() bool }

func opsMux(store *models.Store, connected func() bool, reg *prometheus.Registry) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := store.Ping(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		if !connected() {
			http.Error(w, "slack not connected", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return mux
}
