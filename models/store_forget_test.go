package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestForgetPeople: someone outside Slack is forgotten with their
// one-to-ones, the reflections on them, their scheduled messages and list
// entries; an organizer forgets only their own contacts, a coordinator
// anyone's; names match whatever their case.
func TestForgetPeople(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		alex, sam := &models.Member{ID: "UA"}, &models.Member{ID: "US"}
		robin := &models.Member{ID: "UR", Role: models.RoleCoordinator}
		contact := func(owner models.UserID, name string) *models.Person {
			p, err := s.FindOrCreatePerson(ctx, owner, name)
			if err != nil {
				t.Fatal(err)
			}
			o, err := models.NewLogged(owner, "", &p.ID, t0.Add(-time.Hour), t0)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.LogOneToOne(ctx, o, "", &models.Reflection{AuthorID: owner, Answers: map[string]string{"cares": "x"}}); err != nil {
				t.Fatal(err)
			}
			s.DB().Create(&models.Delivery{Kind: models.KindFollowUp, Subject: models.AboutOneToOne(o.ID), Recipient: string(owner), DueAt: t0, State: models.DeliveryPending})
			if _, err := s.AddToPlan(ctx, owner, []models.PlanEntry{{Name: name}}); err != nil {
				t.Fatal(err)
			}
			return p
		}
		alexs := contact("UA", "María López")
		sams := contact("US", "maría lópez")
		kept := contact("UA", "Dana")

		named, err := s.PeopleNamed(ctx, alex, " MARÍA   LÓPEZ ")
		if err != nil || len(named) != 1 || named[0].ID != alexs.ID {
			t.Errorf("Alex's Marías = %+v, %v", named, err)
		}
		if named, _ := s.PeopleNamed(ctx, robin, "María López"); len(named) != 2 {
			t.Errorf("a coordinator's Marías = %+v", named)
		}
		if named, _ := s.PeopleNamed(ctx, robin, "Mar"); len(named) != 0 {
			t.Errorf("a partial name matched %+v", named)
		}

		// Alex may not forget Sam's contact, even by its id.
		if _, _, err := s.ForgetPeople(ctx, alex, []models.PersonID{sams.ID}); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("forgetting someone else's contact = %v", err)
		}
		gone, n, err := s.ForgetPeople(ctx, alex, []models.PersonID{alexs.ID, sams.ID})
		if err != nil || len(gone) != 1 || gone[0].ID != alexs.ID || n != 5 {
			t.Errorf("forget = %+v, %d rows, %v; want Alex's María, 5 rows", gone, n, err)
		}
		if _, _, err := s.ForgetPeople(ctx, sam, []models.PersonID{alexs.ID}); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("forgetting again = %v", err)
		}
		if gone, _, err := s.ForgetPeople(ctx, robin, []models.PersonID{sams.ID}); err != nil || len(gone) != 1 {
			t.Errorf("a coordinator's forget = %+v, %v", gone, err)
		}

		left := map[string]int64{}
		for name, model := range map[string]any{"people": &models.Person{}, "one_to_ones": &models.OneToOne{}, "reflections": &models.Reflection{}, "deliveries": &models.Delivery{}, "plan_entries": &models.PlanEntry{}} {
			var n int64
			s.DB().Model(model).Count(&n)
			left[name] = n
		}
		if diff := cmp.Diff(map[string]int64{"people": 1, "one_to_ones": 1, "reflections": 1, "deliveries": 1, "plan_entries": 1}, left); diff != "" {
			t.Errorf("rows left, Dana's only (-want +got):\n%s", diff)
		}
		if p, _ := s.People(ctx, []models.PersonID{kept.ID}); len(p) != 1 {
			t.Errorf("Dana went too")
		}
	})
}

// TestForgetRosterPerson: a coordinator forgets a person of the roster
// with everything about them, whoever met them: one-to-ones, reflections,
// their issue tags and reads, deliveries, list entries and assignments.
// An organizer who met them may not; a member forgotten takes their row
// on the roster with them.
func TestForgetRosterPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		robin := &models.Member{ID: "UR", Role: models.RoleCoordinator}
		rep, err := s.ImportRoster(ctx, robin, strings.NewReader("Name,Email,Notes\nMaria Lopez,maria@example.org,Knows everyone\nKim Park,kim@example.org,\n"), models.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		maria, kim := rep.Added[0].PersonID, rep.Added[1].PersonID
		story := func(owner models.UserID, name string, p models.PersonID) {
			o, err := models.NewLogged(owner, "", nil, t0.Add(-time.Hour), t0)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.LogOneToOne(ctx, o, name, &models.Reflection{AuthorID: owner, Answers: map[string]string{"cares": "wages"}}); err != nil {
				t.Fatal(err)
			}
			if o.PersonID == nil || *o.PersonID != p {
				t.Fatalf("%s's one-to-one with %s is with %v, want the roster's %d", owner, name, o.PersonID, p)
			}
			var r models.Reflection
			if err := s.DB().Where("one_to_one_id = ?", o.ID).First(&r).Error; err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s, &models.ReflectionTag{ReflectionID: r.ID, GroupID: s.Scope(), Tag: "wages"})
			mustCreate(t, s, &models.ReflectionRead{ReflectionID: r.ID, ReaderID: "UR", Via: models.ReadExported, ReadAt: t0})
			mustCreate(t, s, &models.Delivery{Kind: models.KindFollowUp, Subject: models.AboutOneToOne(o.ID), Recipient: string(owner), DueAt: t0, State: models.DeliveryPending})
			if _, err := s.AddToPlan(ctx, owner, []models.PlanEntry{{Name: name}}); err != nil {
				t.Fatal(err)
			}
		}
		story("UA", "Maria Lopez", maria)
		story("UB", "maria lopez", maria)
		story("UA", "Kim Park", kim)
		mustCreate(t, s, &models.Assignment{GroupID: s.Scope(), PersonID: maria, OrganizerID: "UA", AssignedBy: "UR", CreatedAt: t0})
		mustCreate(t, s, &models.Assignment{GroupID: s.Scope(), PersonID: kim, OrganizerID: "UB", AssignedBy: "UR", CreatedAt: t0})

		if _, _, err := s.ForgetPeople(ctx, &models.Member{ID: "UA"}, []models.PersonID{maria}); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("an organizer forgetting a person of the roster = %v, want ENOTFOUND", err)
		}
		named, err := s.PeopleNamed(ctx, robin, "MARIA LOPEZ")
		if err != nil || len(named) != 1 || named[0].ID != maria {
			t.Fatalf("PeopleNamed = %+v, %v; want the roster's Maria", named, err)
		}
		gone, n, err := s.ForgetPeople(ctx, robin, []models.PersonID{maria})
		if err != nil || len(gone) != 1 || n != 14 {
			t.Errorf("forget = %+v, %d rows, %v; want Maria, 14 rows", gone, n, err)
		}
		want := map[string]int64{"people": 1, "one_to_ones": 1, "reflections": 1, "reflection_tags": 1, "reflection_reads": 1, "deliveries": 1, "plan_entries": 1, "assignments": 1}
		if diff := cmp.Diff(want, rowsLeft(t, s)); diff != "" {
			t.Errorf("rows left, Kim's only (-want +got):\n%s", diff)
		}

		// Kim's row on the roster is linked to her Slack account: forgetting
		// her as a member forgets it too.
		if err := s.DB().Model(&models.Person{}).Where("id = ?", kim).Update("slack_id", "UK").Error; err != nil {
			t.Fatal(err)
		}
		if _, err := s.ForgetMember(ctx, "UK"); err != nil {
			t.Fatal(err)
		}
		want = map[string]int64{"people": 0, "one_to_ones": 0, "reflections": 0, "reflection_tags": 0, "reflection_reads": 0, "deliveries": 0, "plan_entries": 0, "assignments": 0}
		if diff := cmp.Diff(want, rowsLeft(t, s)); diff != "" {
			t.Errorf("rows left after forgetting Kim as a member (-want +got):\n%s", diff)
		}
	})
}

// TestForgetMemberEndsTheirAssignments: an organizer forgotten leaves the
// people they had unassigned, and the assignments they made unsigned.
func TestForgetMemberEndsTheirAssignments(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		rep, err := s.ImportRoster(ctx, &models.Member{ID: "UR", Role: models.RoleCoordinator}, strings.NewReader("Name\nMaria Lopez\nKim Park\n"), models.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		mustCreate(t, s, &models.Assignment{GroupID: s.Scope(), PersonID: rep.Added[0].PersonID, OrganizerID: "UA", AssignedBy: "UR", CreatedAt: t0})
		mustCreate(t, s, &models.Assignment{GroupID: s.Scope(), PersonID: rep.Added[1].PersonID, OrganizerID: "UB", AssignedBy: "UA", CreatedAt: t0})
		if _, err := s.ForgetMember(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		var as []models.Assignment
		s.DB().Order("id").Find(&as)
		if len(as) != 1 || as[0].OrganizerID != "UB" || as[0].AssignedBy != "" {
			t.Errorf("assignments = %+v, want UB's of Kim, assigned by nobody named", as)
		}
		if n := rowsLeft(t, s)["people"]; n != 2 {
			t.Errorf("people = %d, want both still on the roster", n)
		}
	})
}

func mustCreate(t *testing.T, s *models.Store, v any) {
	t.Helper()
	if err := s.DB().Create(v).Error; err != nil {
		t.Fatal(err)
	}
}

// rowsLeft counts the rows of the tables a forget empties.
func rowsLeft(t *testing.T, s *models.Store) map[string]int64 {
	t.Helper()
	left := map[string]int64{}
	for _, table := range []string{"people", "one_to_ones", "reflections", "reflection_tags", "reflection_reads", "deliveries", "plan_entries", "assignments"} {
		var n int64
		if err := s.DB().Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		left[table] = n
	}
	return left
}
