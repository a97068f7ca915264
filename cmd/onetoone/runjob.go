package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
)

// The bot is the scheduler's notifier, can preview for --dry-run, and
// retires an expired request's buttons when its note is withheld.
var (
	_ scheduler.Notifier   = (*bot.Notifier)(nil)
	_ scheduler.Previewer  = (*bot.Notifier)(nil)
	_ scheduler.Withholder = (*bot.Notifier)(nil)
)

// newScheduler wires the scheduler to the store and the bot, with the
// environment's timing. dryRun, when set, receives what jobs would do.
func newScheduler(c *config, store *models.Store, b *bot.Bot, team models.TeamID, now func() time.Time, log *slog.Logger, reg prometheus.Registerer, dryRun io.Writer) *scheduler.Scheduler {
	return scheduler.New(scheduler.Config{
		DigestChannel: c.DigestChannel, DigestCron: c.DigestCron, Retention: c.Retention,
		Settings: workspaceSettings(store, team),
		Store:    store, Notifier: bot.NewNotifier(b), Now: now, Log: log, Location: c.Timezone,
		Tick: c.Schedule.Tick, ReminderBefore: c.Schedule.ReminderBefore, ReflectionDelay: c.Schedule.ReflectionDelay,
		NudgeAfter: c.Schedule.NudgeAfter, ExpireAfter: c.Schedule.ExpireAfter, Hours: c.Schedule.Hours,
		Registerer: reg, DryRun: dryRun,
	})
}

const runJobUsage = "usage: onetoone run-job NAME [--at RFC3339] [--dry-run]"

// runJob is `onetoone run-job NAME [--at RFC3339] [--dry-run]`: it runs one
// scheduler job once against the configured database and Slack, as if it
// were --at (the whole process believes so: database, bot and scheduler
// share the shifted clock). --dry-run prints what would be queued, sent or
// changed, and does none of it. With no name it lists the jobs.
//
// A job run with --at in the past while replicas serve may claim work they
// consider leased to it already; look first with --dry-run.
func runJob(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run-job", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	at := fs.String("at", "", "run as if it were this time")
	dry := fs.Bool("dry-run", false, "print what would be sent; send and change nothing")
	// The name may come before, between or after the flags.
	var name string
	for rest := args; len(rest) > 0; {
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("run-job: %v; %s", err, runJobUsage)
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
		if name != "" {
			return fmt.Errorf("run-job takes one job name; %s", runJobUsage)
		}
		name, rest = rest[0], rest[1:]
	}
	if name == "" {
		return listJobs(getenv, stdout)
	}
	c, err := loadConfig(getenv, true)
	if err != nil {
		return err
	}
	now := time.Now // the one clock, shifted to --at when given
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return &configError{"--at", fmt.Sprintf("must be a time like 2026-12-01T09:00:00Z (RFC 3339; got %q)", *at)}
		}
		start := time.Now()
		now = func() time.Time { return t.Add(time.Since(start)) }
	}
	if !hasJob(scheduler.New(scheduler.Config{}).Jobs(), name) {
		return fmt.Errorf("no job named %q; run `onetoone run-job` to list them", name)
	}
	log := newLogger(c, stderr)
	store, err := openStore(ctx, c, now)
	if err != nil {
		return err
	}
	defer store.Close()
	api := newSlack(c)
	team, err := checkToken(ctx, api)
	if err != nil {
		return fmt.Errorf("can't learn the bot's workspace from Slack, so nothing ran; try again once Slack answers: %w", err)
	}
	b := newBot(c, store, api, team, now, log, nil)
	var dryRun io.Writer
	if *dry {
		dryRun = stdout
	}
	sch := newScheduler(c, store, b, team, now, log, nil, dryRun)
	when := now()
	if err := sch.RunJob(ctx, name, when); err != nil {
		return err
	}
	done := "ran"
	if *dry {
		done = "dry run of"
	}
	fmt.Fprintf(stdout, "%s %s as of %s\n", done, name, when.UTC().Format(time.RFC3339))
	return nil
}

func hasJob(jobs []scheduler.Job, name string) bool {
	for _, j := range jobs {
		if j.Name == name {
			return true
		}
	}
	return false
}

// listJobs prints every job with its schedule, for operators.
func listJobs(getenv func(string) string, stdout io.Writer) error {
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	sch := scheduler.New(scheduler.Config{Tick: c.Schedule.Tick})
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tRUNS\tWHAT IT DOES")
	for _, j := range sch.Jobs() {
		fmt.Fprintf(w, "%s\t%s\t%s\n", j.Name, j.Schedule(sch.Tick()), j.About)
	}
	w.Flush()
	fmt.Fprintln(stdout, "\nRun one now with: "+strings.TrimPrefix(runJobUsage, "usage: "))
	return nil
}
