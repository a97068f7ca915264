package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/onetoone/onetoone/models"
)

// operator is who `onetoone export` acts as. Whoever can run the binary
// against the database can already read it, so the command does not ask
// Slack who they are; the store's coordinator check still runs, and the
// reflections' authors see that the operator exported them.
var operator = &models.Member{ID: models.OperatorID, Role: models.RoleCoordinator}

const exportUsage = "usage: onetoone export [--format csv] [--out FILE] [--roster [--group NAME] [--team TEAMID]]"

// exportCmd writes every one-to-one and its reflection as CSV, to stdout or
// to --out. Reflections are private: a file is created readable by its
// owner only, and written aside then renamed, so a failed export never
// leaves half a file where a complete one is expected.
func exportCmd(ctx context.Context, getenv func(string) string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "csv", "output format; only csv")
	out := fs.String("out", "", "file to write; stdout when empty")
	roster := fs.Bool("roster", false, "write a group's roster instead, with the columns import reads")
	group := fs.String("group", "", "with --roster: the group's name, when the workspace has several")
	team := fs.String("team", "", "with --roster: the workspace's id, when the database has several")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" {
		return &usageError{fmt.Sprintf("--format %q is not supported; use csv", *format)}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if !*roster && (*group != "" || *team != "") {
		return &usageError{"--group and --team go with --roster"}
	}
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	s, err := openExistingStore(ctx, c, time.Now)
	if err != nil {
		return err
	}
	defer s.Close()
	write := func(w io.Writer) error { return s.ExportCSV(ctx, w, operator) }
	if *roster {
		g, err := pickGroup(ctx, s, models.TeamID(*team), *group, false)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error { return s.In(g.ID).ExportRosterCSV(ctx, w, operator) }
	}
	if *out == "" {
		return write(stdout)
	}
	return exportToFile(*out, write)
}

func exportToFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	// CreateTemp already makes it 0600; say so for whoever reads this.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
