package models

import (
	"context"
	"testing"
	"time"
)

// TestWorkspacesMigration migrates a database at 0017 to 0018_workspaces on
// both stores: every workspace known from settings (with its uninstall
// mark) or from members becomes a row without a token, and settings goes;
// the Down gives settings back with the marks.
func TestWorkspacesMigration(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.MigrateBefore(ctx, "0018_workspaces"); err != nil {
			t.Fatal(err)
		}
		now := testNow
		gone := now.Add(-time.Hour)
		exec := func(q string, args ...any) {
			t.Helper()
			if err := s.db.Exec(q, args...).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		exec(`INSERT INTO settings (team_id, uninstalled_at, updated_at) VALUES ('T1', NULL, ?), ('T2', ?, ?)`, now, gone, now)
		exec(`INSERT INTO members (id, team_id, name, profile_fetched_at, created_at, updated_at) VALUES
			('UA', 'T1', 'a', ?, ?, ?), ('UB', 'T3', 'b', ?, ?, ?), ('UC', '', 'c', ?, ?, ?)`, now, now, now, now, now, now, now, now, now)
		// Up to this step alone, so that its Down is the next one undone.
		if err := s.migrateTo(ctx, 18); err != nil {
			t.Fatal(err)
		}
		var ws []Workspace
		if err := s.db.Order("team_id").Find(&ws).Error; err != nil {
			t.Fatal(err)
		}
		if len(ws) != 3 || ws[0].TeamID != "T1" || ws[1].TeamID != "T2" || ws[2].TeamID != "T3" {
			t.Fatalf("workspaces after the migration = %+v, want T1, T2, T3", ws)
		}
		if ws[0].UninstalledAt != nil || ws[1].UninstalledAt == nil || !ws[1].UninstalledAt.Equal(gone) || ws[0].BotToken != nil {
			t.Errorf("workspaces after the migration = %+v", ws)
		}
		if s.db.Migrator().HasTable("settings") {
			t.Errorf("settings is still there")
		}
		if undone, err := s.MigrateDown(ctx); err != nil || undone != "0018_workspaces" {
			t.Fatalf("down = %s, %v", undone, err)
		}
		var marks []struct {
			TeamID        string
			UninstalledAt *time.Time
		}
		s.db.Raw("SELECT team_id, uninstalled_at FROM settings ORDER BY team_id").Scan(&marks)
		if len(marks) != 3 || marks[1].UninstalledAt == nil || !marks[1].UninstalledAt.Equal(gone) || marks[0].UninstalledAt != nil {
			t.Errorf("settings after the Down = %+v", marks)
		}
	})
}
