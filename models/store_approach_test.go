package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// digestWith builds the digest as the bot does, with the nudge delay in
// effect and the workspace's choice of names.
func digestWith(t *testing.T, s *models.Store, now time.Time, nudgeAfter time.Duration, names string) *models.Digest {
	t.Helper()
	d, err := s.Digest(context.Background(), now, models.DigestOptions{NudgeAfter: nudgeAfter, Names: names, NewcomerLimit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// coordinator sees the team's picture in these tests.
var coordinator = &models.Member{ID: "UCOORD", Role: models.RoleCoordinator}

func unmetIDs(t *testing.T, s *models.Store, now time.Time) []models.UserID {
	t.Helper()
	team, err := s.TeamPicture(context.Background(), coordinator, now, 50)
	if err != nil {
		t.Fatal(err)
	}
	var ids []models.UserID
	for _, m := range team.Unmet {
		ids = append(ids, m.ID)
	}
	if int64(len(ids)) != team.UnmetAll {
		t.Errorf("unmet count %d, listed %v", team.UnmetAll, ids)
	}
	return ids
}

// saveMembers stores members who joined (the digest's newcomers) a few
// days before now.
func saveMembers(t *testing.T, s *models.Store, now time.Time, ids ...models.UserID) {
	t.Helper()
	for _, id := range ids {
		m := &models.Member{ID: id, Name: string(id), ProfileFetchedAt: now}
		if err := s.MarkJoined(context.Background(), m, now.Add(-3*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNobodyHasMetCountsBothSides: someone who asked for a one-to-one and
// held it has met someone, just as the person they met has.
func TestNobodyHasMetCountsBothSides(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		saveMembers(t, s, t0, "UASKER", "UMET", "UNOBODY", "UPENDING")
		held, _ := models.NewLogged("UASKER", "UMET", nil, t0.Add(-time.Hour), t0)
		if err := s.CreateOneToOne(ctx, held); err != nil {
			t.Fatal(err)
		}
		open, _ := models.NewRequest("UPENDING", "UNOBODY", "", t0) // asked, not met
		if err := s.CreateOneToOne(ctx, open); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]models.UserID{"UNOBODY", "UPENDING"}, unmetIDs(t, s, t0)); diff != "" {
			t.Errorf("nobody has met (-want +got):\n%s", diff)
		}
	})
}

// TestPeopleToApproachLeaveOutOptOutsAndNotNow: the coordinators' "nobody
// has met" and the digest's newcomers never suggest approaching someone who
// opted out, nor someone who said "Not now" within models.NotNowFor.
func TestPeopleToApproachLeaveOutOptOutsAndNotNow(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		saveMembers(t, s, t0, "UOPEN", "UOPTEDOUT", "UNOTNOW", "UASKER")
		if err := s.SetOptedOut(ctx, "UOPTEDOUT", true); err != nil {
			t.Fatal(err)
		}
		r, _ := models.NewRequest("UASKER", "UNOTNOW", "", t0.Add(-24*time.Hour))
		if err := s.CreateOneToOne(ctx, r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateOneToOne(ctx, r.ID, func(o *models.OneToOne) error { return o.Decline("UNOTNOW", "", t0) }); err != nil {
			t.Fatal(err)
		}
		want := []models.UserID{"UASKER", "UOPEN"}
		if diff := cmp.Diff(want, unmetIDs(t, s, t0)); diff != "" {
			t.Errorf("nobody has met (-want +got):\n%s", diff)
		}
		d := digestWith(t, s, t0, 0, "")
		var newcomers []models.UserID
		for _, m := range d.Newcomers {
			newcomers = append(newcomers, m.ID)
		}
		if diff := cmp.Diff(want, newcomers); diff != "" || d.NewcomersAll != 2 {
			t.Errorf("digest newcomers (%d) (-want +got):\n%s", d.NewcomersAll, diff)
		}
		// A "Not now" is not forever: after NotNowFor they may be
		// approached again, while an opt-out holds.
		later := t0.Add(models.NotNowFor + time.Hour)
		if diff := cmp.Diff([]models.UserID{"UASKER", "UNOTNOW", "UOPEN"}, unmetIDs(t, s, later)); diff != "" {
			t.Errorf("nobody has met, after the Not now (-want +got):\n%s", diff)
		}
	})
}

// TestDigestWaitingIsASlackRequestPastTheNudge: a request counts as waiting
// once it has gone unanswered as long as the nudge delay in effect; a plan
// with someone outside Slack waits on nobody.
func TestDigestWaitingIsASlackRequestPastTheNudge(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		day := 24 * time.Hour
		for _, at := range []time.Duration{-6 * day, -3 * day} {
			r, _ := models.NewRequest("UA", models.UserID("UB"+at.String()), "", t0.Add(at))
			if err := s.CreateOneToOne(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.FindOrCreatePerson(ctx, "UA", "Maria Lopez")
		if err != nil {
			t.Fatal(err)
		}
		plan, _ := models.NewPlanned("UA", p, "", t0.Add(-30*day))
		if err := s.CreateOneToOne(ctx, plan); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			nudge time.Duration
			want  int64
		}{
			{"DefaultTwoWeeks", 0, 0},
			{"NudgeAfterFiveDays", 5 * day, 1},
			{"NudgeAfterThreeDays", 3 * day, 2}, // exactly the delay: nudged, so waiting
			{"NudgeAfterOneDay", day, 2},
		} {
			d := digestWith(t, s, t0, c.nudge, "")
			if d.Waiting != c.want {
				t.Errorf("%s: waiting = %d, want %d", c.name, d.Waiting, c.want)
			}
			if c.nudge > 0 && d.WaitingAfter != c.nudge {
				t.Errorf("%s: waiting after %v", c.name, d.WaitingAfter)
			}
		}
	})
}
