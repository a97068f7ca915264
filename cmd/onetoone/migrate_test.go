package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

// TestCommandsNeverMigrate: export, import, forget, reseal and run-job use the database
// `onetoone migrate` made and never make or migrate one themselves: a
// missing SQLite file is refused and stays missing, an unmigrated or partly
// migrated one is refused, unchanged, with the way out.
func TestCommandsNeverMigrate(t *testing.T) {
	roster := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(roster, []byte("Name\nMaria Lopez\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	commands := map[string][]string{
		"export":  {"export", "--format", "csv"},
		"import":  {"import", roster, "--team", "T0123ABC"},
		"forget":  {"forget", "Maria Lopez", "--yes"},
		"reseal":  {"reseal"},
		"run-job": {"run-job", "nudges"},
	}
	base := slackEnv.with("ONETOONE_ENCRYPTION_KEY", keyA, "SLACK_API_URL", "http://127.0.0.1:1/api/")
	for name, args := range commands {
		t.Run(name, func(t *testing.T) {
			t.Run("ErrMissingFile", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "onetoone.db")
				code, _, errOut := runCmd(t, base.with("DATABASE_URL", "sqlite:"+path), args...)
				if code != 1 || !strings.Contains(errOut, "there is no database at "+path) || !strings.Contains(errOut, "run `onetoone migrate`") {
					t.Errorf("exit %d, stderr %q: want 1 and a line saying there is no database and to run onetoone migrate", code, errOut)
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("%s created %s (stat: %v)", name, path, err)
				}
			})
			for _, tc := range []struct {
				name   string
				partly bool // migrated then one step rolled back; else empty
				says   string
			}{
				{"ErrUnmigrated", false, "has not been migrated by this onetoone"},
				{"ErrPartlyMigrated", true, "missing 0021_campaign"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					path := filepath.Join(t.TempDir(), "onetoone.db")
					s, err := models.Open(context.Background(), "sqlite:"+path, models.Options{Now: time.Now})
					if err != nil {
						t.Fatal(err)
					}
					if tc.partly {
						if err := s.Migrate(context.Background()); err != nil {
							t.Fatal(err)
						}
						if _, err := s.MigrateDown(context.Background()); err != nil {
							t.Fatal(err)
						}
					}
					tables := func() []string {
						var names []string
						s.DB().Raw(`SELECT name FROM sqlite_master ORDER BY name`).Scan(&names)
						return names
					}
					before := strings.Join(tables(), ",")
					code, _, errOut := runCmd(t, base.with("DATABASE_URL", "sqlite:"+path), args...)
					if code != 1 || !strings.Contains(errOut, tc.says) || !strings.Contains(errOut, "run `onetoone migrate` first") {
						t.Errorf("exit %d, stderr %q: want 1 and a line saying %q and to run onetoone migrate", code, errOut, tc.says)
					}
					if after := strings.Join(tables(), ","); after != before {
						t.Errorf("%s changed the schema: %s, was %s", name, after, before)
					}
					s.Close()
				})
			}
		})
	}
}

// TestMigrateDown: `migrate down` asks for --yes, then rolls back the newest
// step and says so; `migrate` applies it again.
func TestMigrateDown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onetoone.db")
	e := env{"DATABASE_URL": "sqlite:" + path}
	if code, _, errOut := runCmd(t, e, "migrate", "down", "--yes"); code != 1 || !strings.Contains(errOut, "there is no database") {
		t.Errorf("down on no database: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("migrate down created %s", path)
	}
	if code, _, errOut := runCmd(t, e, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut := runCmd(t, e, "migrate", "down")
	if code != 1 || !strings.Contains(errOut, "would roll back 0021_campaign") || !strings.Contains(errOut, "--yes") {
		t.Errorf("down without --yes: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"0021_campaign", "0020_welcome"} {
		code, out, errOut := runCmd(t, e, "migrate", "down", "--yes")
		if code != 0 || !strings.Contains(out, "rolled back "+want) {
			t.Errorf("down --yes: exit %d, stdout %q, stderr %q; want it to roll back %s", code, out, errOut, want)
		}
	}
	if code, out, errOut := runCmd(t, e, "migrate"); code != 0 || !strings.Contains(out, "21 migrations: 0001_initial … 0021_campaign") {
		t.Errorf("migrate again: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, e, "migrate", "--yes"); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("migrate --yes: exit %d, stderr %q", code, errOut)
	}
}
