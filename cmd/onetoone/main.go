// Command onetoone runs the onetoone Slack bot: `serve` (the default),
// `migrate` and `version`. It is the only place that reads the environment
// and wires the packages together.
package main

import (
	"context"
	"errors"
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
// environment and cancel ctx to stop it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	sub := "serve"
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	var err error
	switch sub {
	case "serve":
		err = serve(ctx, getenv, stderr)
	case "migrate":
		err = migrate(ctx, getenv, args, stdout)
	case "run-job":
		err = runJob(ctx, getenv, args, stdout, stderr)
	case "export":
		err = exportCmd(ctx, getenv, args, stdout)
	case "reseal":
		err = resealCmd(ctx, getenv, stdout)
	case "healthcheck":
		err = healthcheck(ctx, getenv)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "onetoone", version)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usageText)
	default:
		fmt.Fprintf(stderr, "onetoone: unknown command %q\n%s\n", sub, usageText)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "onetoone:", oneLine(err))
		return 1
	}
	return 0
}

const usageText = `usage: onetoone [serve | migrate | run-job | export | reseal | healthcheck | version]
  serve     run the bot (the default)
  migrate   bring the database schema up to date and exit; migrate down --yes rolls back the newest step
  run-job   run one scheduled job once: run-job NAME [--at RFC3339] [--dry-run]; alone, list the jobs
  export    write every one-to-one and reflection as CSV: export --format csv [--out FILE]
  reseal    re-seal every reflection with the first ONETOONE_ENCRYPTION_KEY key (key rotation)
  healthcheck  exit 0 if the local server is ready (for container healthchecks)
  version   print the version
Configuration comes from the environment; see README.md.`

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
