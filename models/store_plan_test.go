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

func TestGoals(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if g, err := s.CurrentGoal(ctx, "UA", clock.Now()); err != nil || g != nil {
			t.Fatalf("no goal yet = %v, %v", g, err)
		}
		for _, n := range []int{3, 5} {
			g, err := models.NewGoal("UA", n, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetGoal(ctx, g); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		g, err := s.CurrentGoal(ctx, "UA", clock.Now())
		if err != nil || g == nil || g.Target != 5 {
			t.Fatalf("current = %+v, %v; want the newer goal of 5", g, err)
		}
		if gs, err := s.ActiveGoals(ctx, clock.Now()); err != nil || len(gs) != 1 || gs[0].Target != 5 {
			t.Errorf("active = %+v, %v", gs, err)
		}
		if g, _ := s.CurrentGoal(ctx, "UA", clock.Now().Add(29*24*time.Hour)); g != nil {
			t.Errorf("goal still current after 4 weeks: %+v", g)
		}
		for _, n := range []int{0, 51, -1} {
			if _, err := models.NewGoal("UA", n, t0); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("NewGoal(%d) = %v", n, err)
			}
		}
	})
}

func TestPlanMovesAlongByItself(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		out, err := s.AddToPlan(ctx, "UA", []models.PlanEntry{{InviteeID: "UB"}, {InviteeID: "UC"}, {Name: "Maria Lopez"}, {InviteeID: "UB"}})
		if err != nil {
			t.Fatal(err)
		}
		var reasons []string
		for _, o := range out {
			reasons = append(reasons, o.Reason)
		}
		if diff := cmp.Diff([]string{"", "", "", "already on your list"}, reasons); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
		// Requesting UB, and logging Maria, move their entries along.
		o, _ := models.NewRequest("UA", "UB", "", clock.Now())
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		maria := out[2].Entry.PersonID
		logged, _ := models.NewLogged("UA", "", maria, t0.Add(-time.Hour), clock.Now())
		if err := s.LogOneToOne(ctx, logged, "Maria Lopez", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"common": "x"}}); err != nil {
			t.Fatal(err)
		}
		items, err := s.Plan(ctx, "UA")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, it := range items {
			got[string(it.InviteeID)+it.Name] = it.Status
		}
		want := map[string]string{"UB": models.PlanRequested, "UC": models.PlanNotAsked, "Maria Lopez": models.PlanMet}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
		if ok, err := s.RemoveFromPlan(ctx, "UA", "", "maria lopez"); !ok || err != nil {
			t.Errorf("remove by name = %v, %v", ok, err)
		}
		if ok, _ := s.RemoveFromPlan(ctx, "UA", "UZ", ""); ok {
			t.Errorf("removed someone not on the list")
		}
		// Ten at most.
		var more []models.PlanEntry
		for i := 0; i < 10; i++ {
			more = append(more, models.PlanEntry{Name: fmt.Sprintf("Person %d", i)})
		}
		out, err = s.AddToPlan(ctx, "UA", more)
		if err != nil {
			t.Fatal(err)
		}
		var refused int
		for _, o := range out {
			if o.Reason != "" {
				refused++
			}
		}
		if refused != 2 { // 2 already there (UB, UC) + 8 added
			t.Errorf("refused %d, want 2", refused)
		}
	})
}

func TestDigestCountsNeverContent(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		g, _ := models.NewGoal("UA", 4, t0.Add(-24*time.Hour))
		s.SetGoal(ctx, g)
		g2, _ := models.NewGoal("UC", 2, t0.Add(-24*time.Hour))
		s.SetGoal(ctx, g2)
		for i, at := range []time.Duration{-2 * 24 * time.Hour, -10 * 24 * time.Hour, -40 * 24 * time.Hour} {
			o, _ := models.NewLogged("UA", models.UserID(fmt.Sprintf("UX%d", i)), nil, t0.Add(at), clock.Now())
			if err := s.CreateOneToOne(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		old, _ := models.NewRequest("UC", "UD", "", t0.Add(-15*24*time.Hour))
		s.CreateOneToOne(ctx, old)
		fresh, _ := models.NewRequest("UC", "UE", "", t0.Add(-1*24*time.Hour))
		s.CreateOneToOne(ctx, fresh)
		for _, m := range []models.Member{{ID: "UNEW1", Name: "New One"}, {ID: "UE", Name: "Asked Already"}, {ID: "UOLD", Name: "Old Timer"}} {
			at := t0.Add(-3 * 24 * time.Hour)
			if m.ID == "UOLD" {
				at = t0.Add(-60 * 24 * time.Hour)
			}
			m := m
			if err := s.MarkJoined(ctx, &m, at); err != nil {
				t.Fatal(err)
			}
		}
		d, err := s.Digest(ctx, t0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if d.HeldWeek != 1 || d.HeldWindow != 2 || d.GoalSum != 6 || d.Waiting != 1 {
			t.Errorf("digest = %+v", d)
		}
		// A held one-to-one counts for both people, the team's total once.
		want := []models.Progress{{ID: "UA", Held: 2, Goal: 4}, {ID: "UX0", Held: 1}, {ID: "UX1", Held: 1}, {ID: "UC", Held: 0, Goal: 2}}
		if diff := cmp.Diff(want, d.Organizers); diff != "" {
			t.Errorf("organizers (-want +got):\n%s", diff)
		}
		if d.NewcomersAll != 1 || len(d.Newcomers) != 1 || d.Newcomers[0].ID != "UNEW1" {
			t.Errorf("newcomers = %+v (%d)", d.Newcomers, d.NewcomersAll)
		}
	})
}
