package models

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMigrationFiles: both dialects have the same steps under the same
// names, numbered in order, each with an Up and a Down.
func TestMigrationFiles(t *testing.T) {
	names := map[string][]string{}
	for _, dialect := range []string{SQLite, Postgres} {
		entries, err := fs.ReadDir(migrationsOf(dialect), ".")
		if err != nil {
			t.Fatal(err)
		}
		var prev int64
		for _, e := range entries {
			names[dialect] = append(names[dialect], e.Name())
			name, ok := strings.CutSuffix(e.Name(), ".sql")
			if !ok {
				t.Errorf("%s/%s: every file is a step named NNNN_what.sql", dialect, e.Name())
				continue
			}
			v, err := stepVersion(name)
			if err != nil {
				t.Errorf("%s/%s: %v", dialect, e.Name(), err)
			}
			if v != prev+1 {
				t.Errorf("%s/%s: version %d follows %d; number steps one after another", dialect, e.Name(), v, prev)
			}
			prev = v
			body, _ := fs.ReadFile(migrationsOf(dialect), e.Name())
			for _, want := range []string{"-- +goose Up\n", "-- +goose Down\n"} {
				if !strings.Contains(string(body), want) {
					t.Errorf("%s/%s: no %q section", dialect, e.Name(), strings.TrimSpace(want))
				}
			}
		}
	}
	if diff := cmp.Diff(names[SQLite], names[Postgres]); diff != "" {
		t.Errorf("models/migrations/sqlite and postgres differ (-sqlite +postgres): every step needs a file in both\n%s", diff)
	}
}

// TestMigrateSameSchemaOnBothStores: SQLite and Postgres end with the same
// tables, columns and indexes.
func TestMigrateSameSchemaOnBothStores(t *testing.T) {
	names := map[string][]string{}
	eachDialect(t, func(t *testing.T, s *Store) {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		var cols, idx []string
		if s.dialect == SQLite {
			s.db.Raw(`SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT IN ('goose_db_version', 'sqlite_sequence')`).Scan(&cols)
			s.db.Raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'`).Scan(&idx)
		} else {
			s.db.Raw(`SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`).Scan(&cols)
			s.db.Raw(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT IN (SELECT conname FROM pg_constraint)`).Scan(&idx)
		}
		all := append(cols, idx...)
		slices.Sort(all)
		names[s.dialect] = all
	})
	if names[Postgres] == nil {
		return // skipped
	}
	if diff := cmp.Diff(names[SQLite], names[Postgres]); diff != "" {
		t.Errorf("the stores' schemas differ (-sqlite +postgres):\n%s", diff)
	}
}

// TestMigrateUpDownUp: from empty, the steps go up one by one, come down
// one by one, each Down leaving the schema its Up found, to an empty
// database, and go up again to the same schema.
func TestMigrateUpDownUp(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		steps := s.knownSteps()
		at := [][]string{schemaOf(t, s)} // at[v]: the schema at version v
		for _, st := range steps {
			if err := s.migrateTo(ctx, st.Version); err != nil {
				t.Fatalf("up to %s: %v", st.Name, err)
			}
			at = append(at, schemaOf(t, s))
		}
		fresh := at[len(at)-1]
		if len(fresh) < 100 || len(at[0]) > 0 {
			t.Fatalf("schemaOf read %d lines when migrated, %d when empty", len(fresh), len(at[0]))
		}
		for i := len(steps) - 1; i >= 0; i-- {
			undone, err := s.MigrateDown(ctx)
			if err != nil {
				t.Fatalf("down from %s: %v", steps[i].Name, err)
			}
			if undone != steps[i].Name {
				t.Errorf("down rolled back %s, want %s", undone, steps[i].Name)
			}
			if diff := cmp.Diff(at[i], schemaOf(t, s)); diff != "" {
				t.Errorf("the Down of %s left (-before its Up +after its Down):\n%s", steps[i].Name, diff)
			}
		}
		if _, err := s.MigrateDown(ctx); ErrorCode(err) != EINVALID {
			t.Errorf("down from nothing = %v, want EINVALID", err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if diff := cmp.Diff(fresh, schemaOf(t, s)); diff != "" {
			t.Errorf("up, down and up again (-fresh +again):\n%s", diff)
		}
		applied, err := s.AppliedMigrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != len(steps) || applied[len(applied)-1] != steps[len(steps)-1].Name {
			t.Errorf("applied = %v", applied)
		}
	})
}
