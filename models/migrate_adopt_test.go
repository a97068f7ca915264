package models

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMigrateAdoptsOldRunner: a database the runner before goose left at
// each earlier version, with rows in it, is adopted and migrated to the
// same schema as a fresh one; its rows survive, and the old runner's record
// is left as it was.
func TestMigrateAdoptsOldRunner(t *testing.T) {
	fresh := map[string][]string{}
	eachDialect(t, func(t *testing.T, s *Store) {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fresh[s.dialect] = schemaOf(t, s)
	})
	for n := 1; n <= len(legacySteps); n++ {
		at := legacySteps[n-1].ID
		t.Run(at, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *Store) {
				ctx := context.Background()
				if err := s.legacyMigrate(ctx, legacySteps[:n]); err != nil {
					t.Fatal(err)
				}
				// Rows every version can hold.
				for _, q := range []string{
					`INSERT INTO settings (team_id, digest_channel, updated_at) VALUES ('T1', 'C1', ?)`,
					`INSERT INTO members (id, team_id, name, profile_fetched_at, created_at, updated_at) VALUES ('UA', 'T1', 'Ana', ?, ?, ?)`,
					`INSERT INTO one_to_ones (requester_id, invitee_id, status, requested_at, created_at, updated_at) VALUES ('UA', 'UB', 'requested', ?, ?, ?)`,
				} {
					args := make([]any, strings.Count(q, "?"))
					for i := range args {
						args[i] = testNow
					}
					if err := s.db.Exec(q, args...).Error; err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}

				if err := s.Migrate(ctx); err != nil {
					t.Fatalf("migrate from %s: %v", at, err)
				}
				if diff := cmp.Diff(fresh[s.dialect], schemaOf(t, s)); diff != "" {
					t.Errorf("schema after adopting %s (-fresh +adopted):\n%s", at, diff)
				}
				applied, err := s.AppliedMigrations(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, st := range s.knownSteps() {
					want = append(want, st.Name)
				}
				if diff := cmp.Diff(want, applied); diff != "" {
					t.Errorf("applied migrations (-want +got):\n%s", diff)
				}
				var old []string
				s.db.Table(legacyTable).Order("id").Pluck("id", &old)
				if len(old) != n || old[n-1] != at {
					t.Errorf("schema_migrations = %v, want it left at %s", old, at)
				}

				g, err := s.DefaultGroup(ctx, "T1")
				if err != nil {
					t.Fatal(err)
				}
				set, err := s.In(g.ID).Settings(ctx)
				if err != nil || set.DigestChannel == nil || *set.DigestChannel != "C1" {
					t.Errorf("settings after migrating: %+v, %v", set, err)
				}
				m, err := s.Member(ctx, "UA")
				if err != nil || m.Name != "Ana" {
					t.Errorf("member after migrating: %+v, %v", m, err)
				}
				var o OneToOne
				if err := s.db.Where("requester_id = ? AND invitee_id = ?", "UA", "UB").First(&o).Error; err != nil || o.Status != StatusRequested || !o.RequestedAt.Equal(testNow) {
					t.Errorf("one-to-one after migrating: %+v, %v", o, err)
				}
			})
		})
	}
}

// TestMigrateRefusesNewerDatabase: a database a newer onetoone migrated is
// refused, untouched, with both versions named: whether goose recorded the
// newer step or the runner before goose did.
func TestMigrateRefusesNewerDatabase(t *testing.T) {
	t.Run("Goose", func(t *testing.T) {
		eachDialect(t, func(t *testing.T, s *Store) {
			ctx := context.Background()
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (22, ?)`, true).Error; err != nil {
				t.Fatal(err)
			}
			before := schemaOf(t, s)
			for name, call := range map[string]func() error{
				"Migrate":     func() error { return s.Migrate(ctx) },
				"MigrateDown": func() error { _, err := s.MigrateDown(ctx); return err },
				"CheckSchema": func() error { return s.CheckSchema(ctx) },
			} {
				err := call()
				msg := ErrorMessage(err)
				if ErrorCode(err) != EINVALID || !strings.Contains(msg, "the database is at version 22") || !strings.Contains(msg, "up to 21 (0021_campaign)") || !strings.Contains(msg, "upgrade onetoone") {
					t.Errorf("%s on a newer database = %v, want EINVALID naming both versions", name, err)
				}
			}
			if diff := cmp.Diff(before, schemaOf(t, s)); diff != "" {
				t.Errorf("the refused database changed:\n%s", diff)
			}
		})
	})
	t.Run("OldRunner", func(t *testing.T) {
		eachDialect(t, func(t *testing.T, s *Store) {
			ctx := context.Background()
			if err := s.legacyMigrate(ctx, legacySteps); err != nil {
				t.Fatal(err)
			}
			if err := s.db.Exec(`INSERT INTO schema_migrations (id) VALUES ('0017_x')`).Error; err != nil {
				t.Fatal(err)
			}
			err := s.Migrate(ctx)
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "0017_x") {
				t.Errorf("Migrate = %v, want EINVALID naming 0017_x", err)
			}
			if ok, _ := s.tableExists(ctx, versionTable); ok {
				t.Error("the refused database has a goose_db_version table")
			}
		})
	})
}

// TestCheckSchema: only a database at exactly this onetoone's version
// passes; the others are told to run `onetoone migrate`, and stay as they
// were.
func TestCheckSchema(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(ctx context.Context, s *Store) error
		want    string // "" when it passes
	}{
		{"OK", func(ctx context.Context, s *Store) error { return s.Migrate(ctx) }, ""},
		{"ErrEmpty", func(ctx context.Context, s *Store) error { return nil }, "has not been migrated by this onetoone"},
		{"ErrOldRunner", func(ctx context.Context, s *Store) error { return s.legacyMigrate(ctx, legacySteps) }, "has not been migrated by this onetoone"},
		{"ErrPartly", func(ctx context.Context, s *Store) error { return s.MigrateBefore(ctx, "0013_reflections_by_author") },
			"is at version 12 (0012_weekly_budget) but this onetoone needs 21 (0021_campaign), missing 0013_reflections_by_author, 0014_outbox, 0015_delivery_one_to_one, 0016_language, 0017_groups, 0018_workspaces, 0019_proposed_times, 0020_welcome, 0021_campaign"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *Store) {
				ctx := context.Background()
				if err := tc.prepare(ctx, s); err != nil {
					t.Fatal(err)
				}
				before := schemaOf(t, s)
				err := s.CheckSchema(ctx)
				if tc.want == "" {
					if err != nil {
						t.Errorf("CheckSchema = %v", err)
					}
					return
				}
				if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.want) || !strings.Contains(ErrorMessage(err), "run `onetoone migrate`") {
					t.Errorf("CheckSchema = %v, want EINVALID saying %q and to run onetoone migrate", err, tc.want)
				}
				if diff := cmp.Diff(before, schemaOf(t, s)); diff != "" {
					t.Errorf("CheckSchema changed the schema:\n%s", diff)
				}
				if ok, _ := s.tableExists(ctx, versionTable); ok != (tc.name == "ErrPartly") {
					t.Errorf("goose_db_version exists: %v", ok)
				}
			})
		})
	}
}
