package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
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
		Team:  team,
		Store: store, Notifier: bot.NewNotifier(b), Now: now, Log: log, Location: c.Timezone,
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
	at := fs.String("at", "", "run as if it were this time")
	dry := fs.Bool("dry-run", false, "print what would be sent; send and change nothing")
	// The name may come before, between or after the flags.
	var name string
	for rest := args; len(rest) > 0; {
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
		if name != "" {
			return &usageError{fmt.Sprintf("takes one job name (got %q and %q)", name, rest[0])}
		}
		name, rest = rest[0], rest[1:]
	}
	var asOf time.Time
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return &usageError{fmt.Sprintf("--at must be a time like 2026-12-01T09:00:00Z (RFC 3339; got %q)", *at)}
		}
		asOf = t
	}
	if name == "" {
		return listJobs(getenv, stdout)
	}
	if !hasJob(scheduler.New(scheduler.Config{}).Jobs(), name) {
		return &usageError{fmt.Sprintf("no job named %q; run `onetoone run-job` to list them", name)}
	}
	c, err := loadConfig(getenv, !*dry)
	if err != nil {
		return err
	}
	now := time.Now // the one clock, shifted to --at when given
	if !asOf.IsZero() {
		start := time.Now()
		now = func() time.Time { return asOf.Add(time.Since(start)) }
	}
	log := newLogger(c, stderr)
	store, err := openExistingStore(ctx, c, now)
	if err != nil {
		return err
	}
	defer store.Close()
	api, team, err := runJobSlack(ctx, c, store, *dry)
	if err != nil {
		return err
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

// runJobSlack is the Slack client a job runs with, and the workspace whose
// settings apply. A dry run without SLACK_BOT_TOKEN asks Slack nothing: its
// client refuses every call without sending it (a preview then falls back,
// a recipient's timezone to the workspace's), and the workspace is the
// database's only one.
func runJobSlack(ctx context.Context, c *config, store *models.Store, dry bool) (*slack.Client, models.TeamID, error) {
	if !dry || c.BotToken != "" {
		api := newSlack(c)
		team, err := checkToken(ctx, api)
		if err != nil {
			return nil, "", fmt.Errorf("can't learn the bot's workspace from Slack, so nothing ran; try again once Slack answers: %w", err)
		}
		return api, team, nil
	}
	teams, err := store.Workspaces(ctx)
	if err != nil {
		return nil, "", err
	}
	if len(teams) > 1 {
		return nil, "", &configError{"SLACK_BOT_TOKEN", fmt.Sprintf("is not set, and the database holds settings for %d workspaces (%s): set it so Slack says which one this bot serves", len(teams), teamList(teams))}
	}
	var team models.TeamID
	if len(teams) == 1 {
		team = teams[0]
	}
	api := slack.New("", slack.OptionHTTPClient(offline{}), slack.OptionAPIURL(c.APIURL))
	return api, team, nil
}

// offline is the HTTP client of a dry run without a token: every call to
// Slack fails here, unsent.
type offline struct{}

func (offline) Do(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("%s: not asked: a dry run without SLACK_BOT_TOKEN calls no Slack method", r.URL.Path)
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

func teamList(teams []models.TeamID) string {
	s := make([]string, len(teams))
	for i, t := range teams {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
