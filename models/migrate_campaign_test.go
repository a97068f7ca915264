package models

import (
	"context"
	"testing"
)

// TestCampaignMigration migrates a database at 0020 with an organizer's
// contacts to 0021_campaign on both stores: the contacts keep their names
// and owners, and the roster (owner "") may then hold two people of one
// name while an organizer still may not; the Down refuses nothing it can
// keep and gives the old unique index back.
func TestCampaignMigration(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.MigrateBefore(ctx, "0021_campaign"); err != nil {
			t.Fatal(err)
		}
		now := testNow
		exec := func(q string, args ...any) error {
			t.Helper()
			return s.db.Exec(q, args...).Error
		}
		if err := exec(`INSERT INTO groups (id, team_id, name, is_default, created_at, updated_at) VALUES (1, 'T1', 'Local 12', ?, ?, ?)`, true, now, now); err != nil {
			t.Fatal(err)
		}
		if err := exec(`INSERT INTO people (group_id, owner_id, name, name_key, created_at) VALUES (1, 'UA', 'Maria Lopez', 'maria lopez', ?)`, now); err != nil {
			t.Fatal(err)
		}
		if err := s.migrateTo(ctx, 21); err != nil {
			t.Fatal(err)
		}
		var p Person
		if err := s.db.First(&p).Error; err != nil {
			t.Fatal(err)
		}
		if p.Name != "Maria Lopez" || p.OwnerID != "UA" || p.SlackID != "" || !p.UpdatedAt.Equal(p.CreatedAt) {
			t.Errorf("contact after the migration = %+v", p)
		}
		for i, email := range []string{"maria@example.org", "m.lopez@example.org"} {
			if err := s.db.Create(&Person{GroupID: 1, Name: "John Smith", Email: email}).Error; err != nil {
				t.Fatalf("roster person %d: %v", i, err)
			}
		}
		if err := s.db.Create(&Person{GroupID: 1, OwnerID: "UA", Name: "maria  LOPEZ"}).Error; err == nil {
			t.Errorf("an organizer's second Maria Lopez was stored")
		}
		var keys []string
		s.db.Model(&Person{}).Where("email <> ''").Order("id").Pluck("email_key", &keys)
		if len(keys) != 2 || keys[0] != "maria@example.org" {
			t.Errorf("email keys = %q", keys)
		}
		a := Assignment{GroupID: 1, PersonID: p.ID, OrganizerID: "UB", AssignedBy: "UA", CreatedAt: now}
		if err := s.db.Create(&a).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.db.Create(&Assignment{GroupID: 1, PersonID: p.ID, OrganizerID: "UC", AssignedBy: "UA", CreatedAt: now}).Error; err == nil {
			t.Errorf("a second open assignment of one person was stored")
		}
		// The roster's two John Smiths must go before the old index comes back.
		if err := exec(`DELETE FROM people WHERE owner_id = ''`); err != nil {
			t.Fatal(err)
		}
		if undone, err := s.MigrateDown(ctx); err != nil || undone != "0021_campaign" {
			t.Fatalf("down = %s, %v", undone, err)
		}
		if s.db.Migrator().HasTable("assignments") || s.db.Migrator().HasColumn(&Person{}, "email") {
			t.Errorf("the Down left the campaign's table or columns")
		}
		var n int64
		s.db.Table("people").Where("name = 'Maria Lopez' AND owner_id = 'UA'").Count(&n)
		if n != 1 {
			t.Errorf("the contact did not survive the Down: %d rows", n)
		}
	})
}
