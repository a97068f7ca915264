package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestHeldCountsBothSides: a held one-to-one counts toward both people's
// goals, whoever asked; one with someone outside Slack counts for its
// organizer; the team's total counts each meeting once.
func TestHeldCountsBothSides(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		log := func(requester, invitee models.UserID, person string, at time.Time) {
			t.Helper()
			o, err := models.NewLogged(requester, invitee, nil, at, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if person != "" {
				err = s.LogOneToOne(ctx, o, person, &models.Reflection{AuthorID: requester, Answers: map[string]string{"cares": "x"}})
			} else {
				err = s.CreateOneToOne(ctx, o)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		log("UA", "UB", "", t0.Add(-time.Hour))
		log("UB", "UC", "", t0.Add(-2*time.Hour))
		log("UA", "", "Maria Lopez", t0.Add(-3*time.Hour))
		log("UA", "UC", "", t0.Add(-40*24*time.Hour)) // before the window
		from := t0.Add(-models.GoalWindow)

		got, err := s.HeldCounts(ctx, from, t0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[models.UserID]int{"UA": 2, "UB": 2, "UC": 1}, got); diff != "" {
			t.Errorf("held counts (-want +got):\n%s", diff)
		}
		got, err = s.HeldCounts(ctx, from, t0, "UC")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[models.UserID]int{"UC": 1}, got); diff != "" {
			t.Errorf("UC's count, asked for alone (-want +got):\n%s", diff)
		}
		if n, err := s.CountHeld(ctx, from, t0); err != nil || n != 3 {
			t.Errorf("held total = %d, %v; want 3 meetings", n, err)
		}
	})
}

// TestLatestGoal: an ended goal is no longer current, but stays the latest,
// so people hear how it went instead of "no goal".
func TestLatestGoal(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if g, err := s.LatestGoal(ctx, "UA"); err != nil || g != nil {
			t.Fatalf("latest before any = %+v, %v", g, err)
		}
		g, _ := models.NewGoal("UA", 4, t0)
		if err := s.SetGoal(ctx, g); err != nil {
			t.Fatal(err)
		}
		later := t0.Add(models.GoalWindow)
		if cur, err := s.CurrentGoal(ctx, "UA", later); err != nil || cur != nil {
			t.Errorf("current after four weeks = %+v, %v", cur, err)
		}
		got, err := s.LatestGoal(ctx, "UA")
		if err != nil || got == nil || got.Target != 4 {
			t.Fatalf("latest = %+v, %v", got, err)
		}
		if got.Ended(later.Add(-time.Second)) || !got.Ended(later) {
			t.Errorf("Ended: a second before the end %v, at the end %v", got.Ended(later.Add(-time.Second)), got.Ended(later))
		}
	})
}
