package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/onetoone/onetoone/models"
)

// migrate brings the schema up to date, or with `down --yes` rolls back its
// newest step: the way back from a release whose migration went wrong.
func migrate(ctx context.Context, getenv func(string) string, args []string, stdout io.Writer) error {
	down := len(args) > 0 && args[0] == "down"
	if down {
		args = args[1:]
	}
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "confirm rolling back the newest migration")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *yes && !down {
		return &usageError{"--yes confirms `migrate down` only"}
	}
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	if down {
		return migrateDown(ctx, c, *yes, stdout)
	}
	if err := createPrivateSQLite(c.DatabaseURL); err != nil {
		return err
	}
	s, err := openStore(ctx, c, time.Now)
	if err != nil {
		return err
	}
	defer s.Close()
	ids, err := s.AppliedMigrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s is up to date (%d migrations: %s … %s)\n", models.Redact(c.DatabaseURL), len(ids), ids[0], ids[len(ids)-1])
	return nil
}

// migrateDown rolls back the newest step once the operator confirmed it:
// some steps' Downs lose data (each file under models/migrations says).
func migrateDown(ctx context.Context, c *config, yes bool, stdout io.Writer) error {
	s, err := models.OpenExisting(ctx, c.DatabaseURL, models.Options{Now: time.Now, AnyVersion: true})
	if err != nil {
		return err
	}
	defer s.Close()
	ids, err := s.AppliedMigrations(ctx)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("migrate down: the database at %s has no migration this onetoone applied; if an older onetoone migrated it, run `onetoone migrate` first", models.Redact(c.DatabaseURL))
	}
	newest := ids[len(ids)-1]
	if !yes {
		return fmt.Errorf("migrate down would roll back %s, and may lose what it stored (models/migrations/*/%s.sql says what); back the database up, stop every onetoone serving it, then run `onetoone migrate down --yes`", newest, newest)
	}
	undone, err := s.MigrateDown(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s: rolled back %s; run the release that matches the schema, or `onetoone migrate` to apply it again\n", models.Redact(c.DatabaseURL), undone)
	return nil
}
