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

const exportUsage = "usage: onetoone export [--format csv] [--out FILE]"

// exportCmd writes every one-to-one and its reflection as CSV, to stdout or
// to --out. Reflections are private: a file is created readable by its
// owner only, and written aside then renamed, so a failed export never
// leaves half a file where a complete one is expected.
func exportCmd(ctx context.Context, getenv func(string) string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "csv", "output format; only csv")
	out := fs.String("out", "", "file to write; stdout when empty")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" {
		return &usageError{fmt.Sprintf("--format %q is not supported; use csv", *format)}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
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
	if *out == "" {
		return s.ExportCSV(ctx, stdout, operator)
	}
	return exportToFile(ctx, s, *out)
}

func exportToFile(ctx context.Context, s *models.Store, path string) (err error) {
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
	if err := s.ExportCSV(ctx, f, operator); err != nil {
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
