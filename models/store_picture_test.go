package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// onRoster stores people of the group's roster (owner ""), as the import
// would.
func onRoster(t *testing.T, s *models.Store, people ...models.Person) []models.Person {
	t.Helper()
	for i := range people {
		people[i].GroupID = s.Scope()
		if err := s.DB().Create(&people[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return people
}

// heldWith logs a one-to-one organizer held at at, with person (outside
// Slack) or invitee, rated step (0: not rated) by the organizer.
func heldWith(t *testing.T, s *models.Store, organizer, invitee models.UserID, person *models.PersonID, at time.Time, step int) models.OneToOne {
	t.Helper()
	ctx := context.Background()
	o, err := models.NewLogged(organizer, invitee, person, at, at.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOneToOne(ctx, o); err != nil {
		t.Fatal(err)
	}
	if step > 0 {
		if _, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: organizer, Engagement: step, Answers: map[string]string{"cares": "x"}}); err != nil {
			t.Fatal(err)
		}
	}
	return *o
}

func TestCoverage(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ps := onRoster(t, s,
			models.Person{Name: "Ana", Site: "Ward 3", Department: "Nursing"},
			models.Person{Name: "Ben", Site: "Ward 3", SlackID: "UBEN"},
			models.Person{Name: "Cy", Site: "Ward 3"},
			models.Person{Name: "Di", Site: "Ward 5"},
			models.Person{Name: "Ed"},
			models.Person{Name: "Fay", Site: "ward  3"}, // the same place, typed otherwise
		)
		// An organizer's own contact is not on the roster.
		s.DB().Create(&models.Person{GroupID: s.Scope(), OwnerID: "UORG", Name: "Own", Site: "Ward 3"})
		// Ana: met twice, rated 2 then 4 (the newest counts).
		clock.Advance(time.Hour)
		heldWith(t, s, "UORG", "", &ps[0].ID, t0, 2)
		clock.Advance(time.Hour)
		heldWith(t, s, "UORG2", "", &ps[0].ID, t0.Add(time.Hour), 4)
		// Ben, linked to Slack: met in Slack, not rated.
		heldWith(t, s, "UORG", "UBEN", nil, t0, 0)
		// Cy: only asked, never met.
		r, _ := models.NewPlanned("UORG", &ps[2], "", t0)
		if err := s.CreateOneToOne(ctx, r); err != nil {
			t.Fatal(err)
		}
		// Di: met and rated 1.
		heldWith(t, s, "UORG", "", &ps[3].ID, t0, 1)

		if _, err := s.Coverage(ctx, &models.Member{ID: "UORG"}, models.FieldSite); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("an organizer's coverage = %v", err)
		}
		if _, err := s.Coverage(ctx, coordinator, "notes; DROP TABLE people"); models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("coverage by a made-up field = %v", err)
		}
		c, err := s.Coverage(ctx, coordinator, models.FieldSite)
		if err != nil {
			t.Fatal(err)
		}
		want := []models.CoverageRow{
			{Value: "Ward 3", People: 4, Met: 2, Steps: [6]int64{3, 0, 0, 0, 1, 0}},
			{Value: "Ward 5", People: 1, Met: 1, Steps: [6]int64{0, 1, 0, 0, 0, 0}},
			{Value: "", People: 1, Met: 0, Steps: [6]int64{1, 0, 0, 0, 0, 0}},
		}
		if d := cmp.Diff(want, c.Rows); d != "" {
			t.Errorf("rows (-want +got):\n%s", d)
		}
		if c.Total.People != 6 || c.Total.Met != 3 || c.Rows[0].Share() != 0.5 {
			t.Errorf("total = %+v, share = %v", c.Total, c.Rows[0].Share())
		}
		d, err := s.Coverage(ctx, coordinator, models.FieldDepartment)
		if err != nil || len(d.Rows) != 2 || d.Rows[0].Value != "Nursing" || d.Rows[1].Value != "" || d.Rows[1].People != 5 {
			t.Errorf("by department = %+v, %v", d, err)
		}
	})
}

func TestTrends(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ps := onRoster(t, s, models.Person{Name: "Ana"}, models.Person{Name: "Ben", SlackID: "UBEN"})
		week := 7 * 24 * time.Hour
		// Thirteen weeks ago: outside the window, but Ana's first rating.
		clock.Set(t0.Add(-13 * week))
		heldWith(t, s, "UORG", "", &ps[0].ID, clock.Now(), 2)
		// Ten weeks ago: Ana up to 3 (week 2 of 12).
		clock.Set(t0.Add(-10*week + time.Hour))
		heldWith(t, s, "UORG", "", &ps[0].ID, clock.Now(), 3)
		// Last week: Ben, rated in Slack then through his roster row: down.
		clock.Set(t0.Add(-week + time.Hour))
		heldWith(t, s, "UORG", "UBEN", nil, clock.Now(), 4)
		clock.Advance(time.Hour)
		heldWith(t, s, "UORG2", "", &ps[1].ID, clock.Now(), 3)
		// Held, not rated, this week; a rating equal to the last moves nothing.
		clock.Set(t0.Add(-time.Hour))
		heldWith(t, s, "UORG", "", &ps[0].ID, clock.Now(), 3)
		clock.Set(t0)

		tr, err := s.Trends(ctx, t0, models.TrendWeeks)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Weeks) != 12 || !tr.Weeks[11].Start.Equal(t0.Add(-week)) {
			t.Fatalf("weeks = %+v", tr.Weeks)
		}
		var got []string
		for i, w := range tr.Weeks {
			if w.Held+w.Up+w.Down > 0 {
				got = append(got, fmt.Sprintf("%d: held %d up %d down %d", i, w.Held, w.Up, w.Down))
			}
		}
		want := []string{"2: held 1 up 1 down 0", "11: held 3 up 0 down 1"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("weeks (-want +got):\n%s", d)
		}
	})
}

func TestSearchPeople(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		s.SaveMember(ctx, &models.Member{ID: "UORG", Name: "Rosa Parks", ProfileFetchedAt: t0})
		s.SaveMember(ctx, &models.Member{ID: "UORG2", Name: "Cesar", ProfileFetchedAt: t0})
		var people []models.Person
		for i := range 30 {
			people = append(people, models.Person{Name: fmt.Sprintf("Person %02d", i), Site: "Plant", Shift: "Day"})
		}
		people = append(people,
			models.Person{Name: "Maria 100%", Department: "Loading dock", Notes: "SECRET", NotesBody: []byte("SECRET")},
			models.Person{Name: "Noor", Shift: "Night"},
			models.Person{Name: "Omar", SlackID: "UOMAR"},
		)
		ps := onRoster(t, s, people...)
		maria, noor, omar := ps[30], ps[31], ps[32]
		s.DB().Create(&models.Person{GroupID: s.Scope(), OwnerID: "UORG", Name: "Own contact"})
		if err := s.DB().Create(&models.Assignment{GroupID: s.Scope(), PersonID: noor.ID, OrganizerID: "UORG", AssignedBy: "UCOORD", CreatedAt: t0}).Error; err != nil {
			t.Fatal(err)
		}
		o := heldWith(t, s, "UORG2", "UOMAR", nil, t0, 3)
		var r models.Reflection
		s.DB().Where("one_to_one_id = ?", o.ID).First(&r)
		if err := s.DB().Create(&models.ReflectionTag{ReflectionID: r.ID, GroupID: s.Scope(), Tag: "Safety"}).Error; err != nil {
			t.Fatal(err)
		}

		if _, err := s.SearchPeople(ctx, &models.Member{ID: "UORG"}, models.PeopleFilter{}, models.PeoplePage{Limit: 25}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("an organizer's search = %v", err)
		}
		names := func(f models.PeopleFilter, p models.PeoplePage) ([]string, int64) {
			t.Helper()
			res, err := s.SearchPeople(ctx, coordinator, f, p)
			if err != nil {
				t.Fatal(err)
			}
			var ns []string
			for _, p := range res.People {
				if p.NotesBody != nil || p.Notes != "" {
					t.Errorf("%s came with notes", p.Name)
				}
				ns = append(ns, p.Name)
			}
			return ns, res.Total
		}
		first, total := names(models.PeopleFilter{}, models.PeoplePage{Limit: 25})
		if len(first) != 25 || total != 33 || first[0] != "Maria 100%" {
			t.Errorf("first page = %d of %d: %q", len(first), total, first)
		}
		last, _ := names(models.PeopleFilter{}, models.PeoplePage{Offset: 25, Limit: 25})
		if len(last) != 8 || last[7] != "Person 29" {
			t.Errorf("second page = %q", last)
		}
		if beyond, total := names(models.PeopleFilter{}, models.PeoplePage{Offset: 33, Limit: 25}); len(beyond) != 0 || total != 33 {
			t.Errorf("past the end = %q, %d", beyond, total)
		}
		for _, c := range []struct {
			name string
			f    models.PeopleFilter
			want []string
		}{
			{"ByName", models.PeopleFilter{Text: "  NOOR "}, []string{"Noor"}},
			{"ByPercentLiterally", models.PeopleFilter{Text: "100%"}, []string{"Maria 100%"}},
			{"ByField", models.PeopleFilter{Text: "loading"}, []string{"Maria 100%"}},
			{"ByShift", models.PeopleFilter{Text: "night"}, []string{"Noor"}},
			{"ByTag", models.PeopleFilter{Text: "safe"}, []string{"Omar"}},
			{"ByAssignedOrganizerName", models.PeopleFilter{Text: "rosa"}, []string{"Noor"}},
			{"ByOrganizerWhoMet", models.PeopleFilter{Text: "cesar"}, []string{"Omar"}},
			{"ByOrganizerID", models.PeopleFilter{Organizer: "UORG"}, []string{"Noor"}},
			{"ByOrganizerIDWhoMet", models.PeopleFilter{Organizer: "UORG2"}, []string{"Omar"}},
			{"NotTheOwnContacts", models.PeopleFilter{Text: "own contact"}, nil},
			{"Nobody", models.PeopleFilter{Text: "zzz"}, nil},
		} {
			got, n := names(c.f, models.PeoplePage{Limit: 25})
			if d := cmp.Diff(c.want, got); d != "" || n != int64(len(c.want)) {
				t.Errorf("%s: (-want +got) %s, total %d", c.name, d, n)
			}
		}
		_ = maria
		_ = omar
	})
}

func TestFunnel(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		week := 7 * 24 * time.Hour
		// Long ago: one held by UA, outside a 4-week period.
		clock.Set(t0.Add(-10 * week))
		heldWith(t, s, "UA", "UX", nil, clock.Now(), 0)
		clock.Set(t0.Add(-week))
		heldWith(t, s, "UA", "UY", nil, clock.Now(), 3) // reflected
		r1, _ := models.NewRequest("UA", "UZ", "", clock.Now())
		s.CreateOneToOne(ctx, r1)
		at := t0.Add(week)
		if _, err := s.UpdateOneToOne(ctx, r1.ID, func(o *models.OneToOne) error { o.Status, o.ScheduledAt = models.StatusScheduled, &at; return nil }); err != nil {
			t.Fatal(err)
		}
		r2, _ := models.NewRequest("UA", "UW", "", clock.Now())
		s.CreateOneToOne(ctx, r2)
		r3, _ := models.NewRequest("UB", "UA", "", clock.Now())
		s.CreateOneToOne(ctx, r3)
		g, _ := models.NewGoal("UA", 3, clock.Now())
		s.SetGoal(ctx, g)
		clock.Set(t0)

		if _, err := s.Funnel(ctx, &models.Member{ID: "UA"}, t0.Add(-4*week), t0); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("an organizer's funnel = %v", err)
		}
		f, err := s.Funnel(ctx, coordinator, t0.Add(-4*week), t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Rows) != 2 {
			t.Fatalf("rows = %+v", f.Rows)
		}
		a, b := f.Rows[0], f.Rows[1]
		if a.Organizer != "UA" || a.Asked != 3 || a.Scheduled != 2 || a.Held != 1 || a.Reflected != 1 || a.Goal == nil || a.Goal.Target != 3 || a.GoalHeld != 1 {
			t.Errorf("UA = %+v", a)
		}
		if b.Organizer != "UB" || b.Asked != 1 || b.Scheduled != 0 || b.Goal != nil {
			t.Errorf("UB = %+v", b)
		}
		all, _ := s.Funnel(ctx, coordinator, time.Time{}, t0)
		if all.Rows[0].Asked != 4 || all.Rows[0].Held != 2 {
			t.Errorf("since the start = %+v", all.Rows[0])
		}
	})
}
