package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestGoalProgressIsTheGoalsOwnWindow: what counts toward a goal is what
// was held from the moment it was set, not in the four weeks before now.
func TestGoalProgressIsTheGoalsOwnWindow(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		day := 24 * time.Hour
		held := func(at time.Time) {
			t.Helper()
			p, err := s.FindOrCreatePerson(ctx, "UA", "Person "+at.Format(time.RFC3339))
			if err != nil {
				t.Fatal(err)
			}
			o, _ := models.NewLogged("UA", "", &p.ID, at, clock.Now())
			if err := s.CreateOneToOne(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		progress := func(now time.Time) (int, int) {
			t.Helper()
			g, n, err := s.GoalProgress(ctx, "UA")
			if err != nil {
				t.Fatal(err)
			}
			if g == nil || !g.Active(now) {
				return 0, n
			}
			return g.Target, n
		}
		if target, n := progress(t0); target != 0 || n != 0 {
			t.Errorf("without a goal: %d of %d", n, target)
		}
		held(t0.Add(-10 * day)) // before the goal: not part of it
		g, _ := models.NewGoal("UA", 4, t0)
		if err := s.SetGoal(ctx, g); err != nil {
			t.Fatal(err)
		}
		if target, n := progress(t0); target != 4 || n != 0 {
			t.Errorf("at the start: %d of %d, want 0 of 4", n, target)
		}
		clock.Advance(3 * day)
		held(clock.Now().Add(-time.Hour))
		if target, n := progress(clock.Now()); target != 4 || n != 1 {
			t.Errorf("after a meeting: %d of %d, want 1 of 4", n, target)
		}
		if target, _ := progress(t0.Add(models.GoalWindow)); target != 0 {
			t.Errorf("a goal whose four weeks are over is still current")
		}
		if g, n, err := s.GoalProgress(ctx, "UA"); err != nil || g == nil || g.Target != 4 || n != 1 {
			t.Errorf("an ended goal: %v, %d held, %v; want the goal of 4 with 1 held", g, n, err)
		}
	})
}
