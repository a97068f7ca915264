package models_test

import (
	"context"
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
