package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/playground"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

const playgroundUsage = "usage: onetoone playground [--addr HOST:PORT] [--public]"

// playgroundPeople are the seeded members of the playground's workspace:
// an organizer, a coordinator, members in other timezones and one whose
// Slack speaks Spanish.
var playgroundPeople = []playground.Person{
	{ID: "UALEX", Name: "Alex Rivera", Role: "organizer", TZ: "America/New_York", Locale: "en-US"},
	{ID: "USAM", Name: "Sam Okafor", Role: "coordinator", TZ: "Europe/London", Locale: "en-GB"},
	{ID: "UMAYA", Name: "Maya Chen", Role: "member", TZ: "America/Los_Angeles", Locale: "en-US"},
	{ID: "UKOFI", Name: "Kofi Mensah", Role: "member", TZ: "Africa/Accra", Locale: "en-US"},
	{ID: "ULUCIA", Name: "Lucía Gómez", Role: "member", TZ: "America/Mexico_City", Locale: "es-LA"},
}

// organizersChannel is where the weekly digest goes.
const organizersChannel = "C0ORGANIZERS"

// playgroundOptions are what `onetoone playground` was asked for.
type playgroundOptions struct {
	Addr  string
	Start time.Time // the bot's clock at start
	// Ready, when set, hears the page's URL once it serves.
	Ready func(url string)
}

// playgroundCmd is `onetoone playground [--addr HOST:PORT] [--public]`.
func playgroundCmd(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("playground", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "where the page is served")
	public := fs.Bool("public", false, "allow an address other machines can reach")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("takes no arguments (got %q)", fs.Arg(0))}
	}
	if err := loopbackOnly(*addr, *public); err != nil {
		return err
	}
	// The clock starts at the hour, now; only the page's jumps move it.
	start := time.Now().UTC().Truncate(time.Hour)
	return runPlayground(ctx, getenv, playgroundOptions{Addr: *addr, Start: start, Ready: func(url string) {
		fmt.Fprintf(stdout, "onetoone playground: open %s (Ctrl-C to stop; everything is forgotten then)\n", url)
	}}, stderr)
}

// loopbackOnly refuses an address other machines can reach, unless
// public: the playground has no login.
func loopbackOnly(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return &usageError{fmt.Sprintf("--addr must be host:port, like 127.0.0.1:8080 (got %q)", addr)}
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) || public {
		return nil
	}
	return &usageError{fmt.Sprintf("--addr %s is reachable from other machines and the playground has no login; use a loopback address like 127.0.0.1:8080, or add --public", addr)}
}

// playgroundEnv is the environment the bot is configured from: the fake
// Slack's tokens and URL, a throw-away SQLite file and the seeded roles.
// LOG_LEVEL and LOG_FORMAT come from the real environment.
func playgroundEnv(getenv func(string) string, apiURL, dbPath string) func(string) string {
	env := map[string]string{
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": apiURL,
		"DATABASE_URL": "sqlite:" + dbPath, "ONETOONE_COORDINATORS": "USAM", "ONETOONE_DIGEST_CHANNEL": organizersChannel,
		"ONETOONE_TIMEZONE": "America/New_York", "ONETOONE_SEND_PER_MINUTE": "300",
		"LOG_LEVEL": orDefault(getenv("LOG_LEVEL"), "warn"), "LOG_FORMAT": getenv("LOG_FORMAT"),
	}
	return func(k string) string { return env[k] }
}

// runPlayground serves the playground until ctx ends: the real bot and
// scheduler, wired as serve wires them (newBot, newScheduler, the outbox,
// Socket Mode), against the fake Slack, on the playground's clock.
func runPlayground(ctx context.Context, getenv func(string) string, opts playgroundOptions, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "onetoone-playground-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	clock := playground.NewClock(opts.Start)
	// Slack's 3 s for acks and triggers, stretched: a laptop running
	// the race detector, or a debugger, should not turn a click into an
	// error. The panel shows each ack's real latency.
	fake := slacktest.New(slacktest.Options{TriggerTTL: time.Minute, AckTimeout: 10 * time.Second})
	defer fake.Close()
	for _, p := range playgroundPeople {
		fake.AddUser(seededUser(p, opts.Start))
	}
	c, err := loadConfig(playgroundEnv(getenv, fake.URL(), filepath.Join(dir, "playground.db")), true)
	if err != nil {
		return err
	}
	log := newLogger(c, stderr)
	store, err := openStore(ctx, c, clock.Now)
	if err != nil {
		return err
	}
	defer store.Close()
	api := newSlack(c)
	team, err := checkToken(ctx, api)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	b := newBot(c, store, api, team, clock.Now, log, reg)
	sch := newScheduler(c, store, b, team, clock.Now, log, reg, nil)
	b.UseOutbox(sch)
	if err := sch.Start(); err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	sm := bot.NewSocketMode(b, socketmode.New(api))
	smDone := make(chan error, 1)
	go func() { smDone <- sm.Run(runCtx) }()
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	err = fake.WaitConnected(wctx, 1)
	wcancel()
	if err != nil {
		return fmt.Errorf("the bot did not connect to the playground's Slack: %w", err)
	}

	pg := playground.New(playground.Config{
		Fake: fake, Clock: clock, People: playgroundPeople, Log: log,
		Channels: []playground.Channel{{ID: slacktest.GeneralChannelID, Name: "general"}, {ID: organizersChannel, Name: "organizers"}},
		Tick:     tick(sch),
	})
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", opts.Addr, err)
	}
	srv := &http.Server{Handler: pg.Handler(), ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if opts.Ready != nil {
		opts.Ready("http://" + ln.Addr().String() + "/")
	}
	select {
	case <-ctx.Done():
	case err = <-served:
	case err = <-smDone:
	}
	cancel()
	grace, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	srv.Shutdown(grace)
	sch.Stop(grace)
	b.Shutdown(grace)
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// tick runs what a scheduler tick triggers: every job that looks for due
// work each tick (the calendar ones, like forget-events, wait for their
// hour), at the playground's now.
func tick(sch *scheduler.Scheduler) func(ctx context.Context, now time.Time) error {
	return func(ctx context.Context, now time.Time) error {
		for _, j := range sch.Jobs() {
			if j.Cron != "" {
				continue
			}
			if err := sch.RunJob(ctx, j.Name, now); err != nil {
				return err
			}
		}
		return nil
	}
}

// seededUser is a seeded person as Slack's users.info tells of them.
func seededUser(p playground.Person, at time.Time) slack.User {
	u := slack.User{ID: p.ID, Name: playground.Handle(p), RealName: p.Name, TZ: p.TZ, Locale: p.Locale}
	if loc, err := time.LoadLocation(p.TZ); err == nil {
		u.TZLabel, u.TZOffset = at.In(loc).Zone()
	}
	return u
}
