package main

import (
	"context"
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
	if err := createPrivateSQLite(c.DatabaseURL); err != nil {
		return err
	}

	// The ops server answers from the start, so /readyz can say what
	// start-up is waiting for.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ready := &readiness{}
	ready.waitFor("the database")
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	if c.MetricsAddr != "" {
		closeMetrics, err := metricsServer(c.MetricsAddr, metrics)
		if err != nil {
			return err
		}
		defer closeMetrics()
		metrics = nil // served there, not beside /slack/*
	}
	mux := opsMux(ready, metrics)
	ln, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return fmt.Errorf("ONETOONE_HTTP_ADDR %s: %w", c.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	go srv.Serve(ln)
	serving := true
	defer func() {
		if serving { // an early return; the orderly stop is below
			srv.Close()
		}
	}()

	now := time.Now // the one clock; everything below receives it
	store, err := openStore(ctx, c, now)
	if err != nil {
		if ctx.Err() != nil {
			log.Info("stopped during start-up, while waiting for the database", "database", models.Redact(c.DatabaseURL))
			return nil
		}
		return err
	}
	defer store.Close()
	log.Info("database ready", "dialect", store.Dialect())

	api := newSlack(c)
	var team models.TeamID // none with OAuth: every workspace that installed the app
	if c.OAuth == nil {
		ready.waitFor("Slack to confirm the bot token")
		if team, err = waitForTeam(ctx, api, log, ready); err != nil {
			if ctx.Err() != nil {
				log.Info("stopped during start-up, while waiting for Slack to confirm the bot token")
				return nil
			}
			return err
		}
		// The one workspace of SLACK_BOT_TOKEN has its row like any other,
		// for its uninstall mark; its token stays in the environment.
		if err := store.EnsureWorkspace(ctx, team); err != nil {
			return err
		}
	} else if c.BotToken != "" {
		log.Warn("SLACK_BOT_TOKEN is ignored: with SLACK_CLIENT_ID each workspace's token comes from its installation")
	}
	b := newBot(c, store, api, team, now, log, reg)
	sch := newScheduler(c, store, b, team, now, log, reg, nil)
	b.UseOutbox(sch) // the messages that follow what people do go through the scheduler's outbox
	if err := sch.Start(); err != nil {
		return err
	}
	defer sch.Stop(context.Background()) // on early returns; the orderly stop is below

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	connected := func() bool { return true } // HTTP mode: Slack calls us
	transportErr := make(chan error, 1)
	if c.Mode == "http" {
		bot.NewHTTP(b, c.SigningSecret, now).Register(mux)
		if o := c.OAuth; o != nil {
			bot.NewOAuth(b, bot.OAuthConfig{ClientID: o.ClientID, ClientSecret: o.ClientSecret, PublicURL: o.PublicURL, APIURL: c.APIURL}).Register(mux)
			log.Info("serving every workspace that installs the app", "install", o.PublicURL+bot.PathInstall)
		}
	} else {
		sm := bot.NewSocketMode(b, socketmode.New(api))
		connected = sm.Connected
		go func() { transportErr <- sm.Run(runCtx) }()
	}
	ready.started(store, connected)
	log.Info("serving", "mode", c.Mode, "addr", ln.Addr().String(), "team", team)

	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing work in flight")
	case err = <-transportErr:
		if err != nil {
			err = socketModeStopped(err)
		}
	}
	cancel()
	grace, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	// Requests stop arriving first, so every one has registered its work
	// with the bot before the bot waits for it. Scheduled sends stop next,
	// between two messages; the store closes last.
	serving = false
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
