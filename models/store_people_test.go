package models_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestPeopleNamesMatchInAnyCase: a name typed in another case, or with
// other spaces, is the same person on every path that stores one.
func TestPeopleNamesMatchInAnyCase(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		first, err := s.FindOrCreatePerson(ctx, "UA", "Maria Lopez")
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.FindOrCreatePerson(ctx, "UA", "maria  LOPEZ")
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.Name != "Maria Lopez" {
			t.Errorf("second spelling = %+v, want the first person %+v", again, first)
		}
		if p, err := s.PersonNamed(ctx, "UA", "MARIA LOPEZ"); err != nil || p == nil || p.ID != first.ID {
			t.Errorf("PersonNamed = %+v, %v; want %d", p, err, first.ID)
		}
		if p, err := s.PersonNamed(ctx, "UB", "Maria Lopez"); err != nil || p != nil {
			t.Errorf("another organizer's Maria = %+v, %v; want none", p, err)
		}
		if _, err := s.AddToPlan(ctx, "UA", []models.PlanEntry{{Name: "maria lopez"}}); err != nil {
			t.Fatal(err)
		}
		items, err := s.Plan(ctx, "UA")
		if err != nil || len(items) != 1 || items[0].PersonID == nil || *items[0].PersonID != first.ID {
			t.Fatalf("plan = %+v, %v; want Maria %d", items, err, first.ID)
		}
		o, err := models.NewLogged("UA", "", nil, t0.Add(-time.Hour), t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.LogOneToOne(ctx, o, "MARIA lopez", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"common": "Night shifts"}}); err != nil {
			t.Fatal(err)
		}
		if o.PersonID == nil || *o.PersonID != first.ID {
			t.Errorf("logged with person %v, want %d", o.PersonID, first.ID)
		}
		if items, _ := s.Plan(ctx, "UA"); len(items) != 1 || items[0].Status != models.PlanMet {
			t.Errorf("plan after meeting = %+v, want Maria met", items)
		}
		if removed, err := s.RemoveFromPlan(ctx, "UA", "", "MARIA LOPEZ"); err != nil || !removed {
			t.Errorf("remove in another case = %v, %v", removed, err)
		}
		var n int64
		s.DB().Model(&models.Person{}).Count(&n)
		if n != 1 {
			t.Errorf("%d people stored, want 1", n)
		}
	})
}

// TestMigratePeopleNamesMerges: a database where the same person was stored
// under two spellings keeps one person after the migration, with every
// one-to-one, reflection and list entry of both.
func TestMigratePeopleNamesMerges(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "old.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := models.Open(ctx, tc.dsn(t), models.Options{Now: func() time.Time { return t0 }})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.MigrateBefore(ctx, "0008_people_names"); err != nil {
				t.Fatal(err)
			}
			db := s.DB()
			exec := func(sql string, args ...any) {
				t.Helper()
				if err := db.Exec(sql, args...).Error; err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			// Alex stored Maria three times; Kim has a Maria of her own.
			for i, p := range []struct{ owner, name string }{
				{"UA", "Maria Lopez"}, {"UA", "maria lopez"}, {"UA", "Ana"}, {"UA", "MARIA LOPEZ"}, {"UK", "maria lopez"},
			} {
				exec("INSERT INTO people (id, owner_id, name, created_at) VALUES (?, ?, ?, ?)", i+1, p.owner, p.name, t0)
			}
			for i, o := range []struct {
				person int
				status models.Status
			}{{1, models.StatusReflected}, {2, models.StatusHeld}, {4, models.StatusRequested}, {3, models.StatusHeld}, {5, models.StatusHeld}} {
				owner := "UA"
				if o.person == 5 {
					owner = "UK"
				}
				exec("INSERT INTO one_to_ones (id, requester_id, person_id, status, requested_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					i+1, owner, o.person, o.status, t0, t0, t0)
			}
			exec("INSERT INTO reflections (one_to_one_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", 1, "UA", []byte(`{}`), t0, t0)
			exec("INSERT INTO plan_entries (owner_id, person_id, name, added_at) VALUES (?, ?, ?, ?)", "UA", 4, "MARIA LOPEZ", t0)
			exec("INSERT INTO plan_entries (owner_id, person_id, name, added_at) VALUES (?, ?, ?, ?)", "UA", 3, "Ana", t0)

			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			s = migratedGroup(t, s)

			var people []models.Person
			db.Order("id").Find(&people)
			var got []string
			for _, p := range people {
				got = append(got, string(p.OwnerID)+":"+p.Name+":"+p.NameKey)
			}
			want := []string{"UA:Maria Lopez:maria lopez", "UA:Ana:ana", "UK:maria lopez:maria lopez"}
			if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
				t.Errorf("people = %q, want %q", got, want)
			}
			var os []models.OneToOne
			db.Order("id").Find(&os)
			for i, wantPerson := range []models.PersonID{1, 1, 1, 3, 5} {
				if i >= len(os) || os[i].PersonID == nil || *os[i].PersonID != wantPerson {
					t.Errorf("one-to-one %d: person %v, want %d (all: %d rows)", i+1, personOf(os, i), wantPerson, len(os))
				}
			}
			var reflections int64
			db.Model(&models.Reflection{}).Count(&reflections)
			if reflections != 1 {
				t.Errorf("%d reflections, want 1", reflections)
			}
			items, err := s.Plan(ctx, "UA")
			if err != nil || len(items) != 2 || *items[0].PersonID != 1 || items[0].Status != models.PlanRequested || *items[1].PersonID != 3 {
				t.Errorf("Alex's list = %+v, %v; want Maria (requested) and Ana", items, err)
			}
			if p, err := s.FindOrCreatePerson(ctx, "UA", "maria LOPEZ"); err != nil || p.ID != 1 {
				t.Errorf("Maria after the migration = %+v, %v; want person 1", p, err)
			}
			if err := db.Exec("INSERT INTO people (id, group_id, owner_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?, ?)", 99, s.Scope(), "UA", "Maria lopez", "maria lopez", t0).Error; err == nil {
				t.Errorf("a second Maria for Alex was stored: the names are not unique")
			}
		})
	}
}

func personOf(os []models.OneToOne, i int) any {
	if i >= len(os) || os[i].PersonID == nil {
		return nil
	}
	return *os[i].PersonID
}
