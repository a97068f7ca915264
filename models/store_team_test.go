package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func TestTeamPictureIsForCoordinators(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, m := range []models.Member{{ID: "UA", Name: "Alex"}, {ID: "UB", Name: "Sam"}, {ID: "UC", Name: "Cy"}, {ID: "UBOT", Name: "bot", IsBot: true}} {
			m := m
			m.ProfileFetchedAt = t0
			s.SaveMember(ctx, &m)
		}
		o, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), t0)
		s.CreateOneToOne(ctx, o)
		s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"cares": "x"}})
		r, _ := models.NewRequest("UC", "UA", "", t0)
		s.CreateOneToOne(ctx, r)
		g, _ := models.NewGoal("UC", 2, t0)
		s.SetGoal(ctx, g)

		if _, err := s.TeamPicture(ctx, &models.Member{ID: "UA"}, t0, 10); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("non-coordinator = %v", err)
		}
		team, err := s.TeamPicture(ctx, &models.Member{ID: "UX", Role: models.RoleCoordinator}, t0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if team.ByStatus[models.StatusReflected] != 1 || team.ByStatus[models.StatusRequested] != 1 || len(team.Recent) != 2 || !team.Reflected[o.ID] {
			t.Errorf("team = %+v", team)
		}
		if team.UnmetAll != 1 || team.Unmet[0].ID != "UC" { // UA and UB met each other
			t.Errorf("unmet = %d %+v", team.UnmetAll, team.Unmet)
		}
		if len(team.NoGoal) != 1 || team.NoGoal[0] != "UA" {
			t.Errorf("no goal = %v", team.NoGoal)
		}
	})
}

func TestForgetMember(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, id := range []models.UserID{"UA", "UB", "UC"} {
			s.SaveMember(ctx, &models.Member{ID: id, ProfileFetchedAt: t0})
		}
		o, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), t0)
		s.CreateOneToOne(ctx, o)
		s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"cares": "her family"}})
		other, _ := models.NewLogged("UA", "UC", nil, t0.Add(-time.Hour), t0)
		s.CreateOneToOne(ctx, other)
		s.AddToPlan(ctx, "UA", []models.PlanEntry{{InviteeID: "UB"}, {InviteeID: "UC"}})
		s.RecordOnce(ctx, "manual_nudge", models.AboutOneToOne(1), "UB", "w")
		if _, err := s.ForgetMember(ctx, "UB"); err != nil {
			t.Fatal(err)
		}
		count := func(model any, where string, args ...any) int64 {
			var n int64
			s.DB().Model(model).Where(where, args...).Count(&n)
			return n
		}
		for name, n := range map[string]int64{
			"member":      count(&models.Member{}, "id = ?", "UB"),
			"one-to-ones": count(&models.OneToOne{}, "invitee_id = ? OR requester_id = ?", "UB", "UB"),
			"reflections": count(&models.Reflection{}, "one_to_one_id = ?", o.ID),
			"plan":        count(&models.PlanEntry{}, "invitee_id = ?", "UB"),
			"deliveries":  count(&models.Delivery{}, "recipient = ?", "UB"),
		} {
			if n != 0 {
				t.Errorf("%d %s left about UB", n, name)
			}
		}
		if n := count(&models.OneToOne{}, "invitee_id = ?", "UC"); n != 1 {
			t.Errorf("forgetting UB removed UC's one-to-one")
		}
	})
}
