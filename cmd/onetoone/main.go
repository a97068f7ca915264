// Command onetoone runs the onetoone Slack bot. It is the only place that
// reads the environment and wires the packages together. Its subcommands
// (commands.go; `onetoone help NAME` prints each one's usage):
//
//   - serve: run the bot (the default)
//   - playground: try the bot in a browser, against a built-in fake Slack: no tokens, no workspace
//   - migrate: bring the database schema up to date and exit; `migrate down --yes` rolls back the newest step
//   - run-job: run one scheduled job once, or list the jobs
//   - export: write every one-to-one and reflection as CSV
//   - import: bring people from a spreadsheet (CSV) into a group's roster
//   - forget: forget someone outside Slack, on the roster or an organizer's contact
//   - reseal: re-seal every reflection with the first ONETOONE_ENCRYPTION_KEY key
//   - healthcheck: exit 0 if the local server is ready (for container healthchecks)
//   - version: print the version
//   - help: print the usage, or a command's
//
// Every subcommand answers -h and --help with its usage before it reads the
// environment, and refuses arguments it does not know with exit code 2.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/onetoone/onetoone/models"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own
// environment and cancel ctx to stop it. It exits 0 on success and after
// help, 1 when the command failed, 2 for a command line it cannot read.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help", "-h", "-help", "--help":
		return help(args, stdout, stderr)
	case "-version", "--version":
		name = "version"
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "onetoone: unknown command %q\n%s\n", name, usageText())
		return 2
	}
	err := c.run(ctx, getenv, args, stdout, stderr)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(stdout, c.usage)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "onetoone %s: %s\n%s\n", c.name, ue.problem, c.usage)
		return 2
	}
	fmt.Fprintln(stderr, "onetoone:", oneLine(err))
	return 1
}

// oneLine renders an error for a person at a terminal: our own messages as
// written, never a password.
func oneLine(err error) string {
	var ce *configError
	var me *models.Error
	switch {
	case errors.As(err, &ce):
		return ce.Error()
	case errors.As(err, &me) && me.Message != "":
		return me.Message
	}
	return err.Error()
}

func newLogger(c *config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens and migrates the configured database: serve and
// migrate.
func openStore(ctx context.Context, c *config, now func() time.Time) (*models.Store, error) {
	opts, err := storeOptions(c, now)
	if err != nil {
		return nil, err
	}
	s, err := models.Open(ctx, c.DatabaseURL, opts)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrating the database: %w", err)
	}
	return s, nil
}

// openExistingStore opens the configured database as `onetoone migrate`
// left it: export, reseal and run-job never create or migrate one as a
// side effect.
func openExistingStore(ctx context.Context, c *config, now func() time.Time) (*models.Store, error) {
	opts, err := storeOptions(c, now)
	if err != nil {
		return nil, err
	}
	return models.OpenExisting(ctx, c.DatabaseURL, opts)
}

func storeOptions(c *config, now func() time.Time) (models.Options, error) {
	opts := models.Options{Now: now}
	if len(c.EncryptionKeys) > 0 {
		sealer, err := models.NewAESGCMSealer(c.EncryptionKeys...)
		if err != nil {
			return opts, err
		}
		opts.Sealer = sealer
	}
	return opts, nil
}
