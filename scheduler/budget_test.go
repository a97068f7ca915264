package scheduler_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// fourRequests has requester ask four people at once, so that two weeks
// later they are due four nudges in one go; it returns the requests, oldest
// first.
func fourRequests(t *testing.T, s *models.Store, requester models.UserID, at time.Time) []*models.OneToOne {
	t.Helper()
	var os []*models.OneToOne
	for _, inv := range []models.UserID{"UB", "UC", "UD", "UE"} {
		os = append(os, request(t, s, requester, inv+requester, at))
	}
	return os
}

// TestWeeklyBudget: a person gets at most three unasked messages in their
// week; a fourth waits for their next week, and the coordinators' number
// applies from the next run.
func TestWeeklyBudget(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		t.Run("FourthWaitsForNextWeek", func(t *testing.T) {
			clock.Set(t0)
			f := newFake(s, clock.Now)
			f.setLoc(t, "UA", "America/New_York")
			sch := newScheduler(s, clock, f, nil)
			os := fourRequests(t, s, "UA", t0.Add(-scheduler.DefaultNudgeAfter))
			morning := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC) // Wednesday 09:00 in New York
			monday := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)  // next Monday 09:00 in New York
			var invitees []string
			for _, o := range os {
				invitees = append(invitees, key("nudge_invitee", string(o.InviteeID), o.ID))
			}
			travel(t, clock, sch, f, []step{
				{t0, "nudges", invitees},
				{morning, "nudges", []string{key("nudge_requester", "UA", os[0].ID), key("nudge_requester", "UA", os[1].ID), key("nudge_requester", "UA", os[2].ID)}},
				{morning.Add(24 * time.Hour), "nudges", nil},
				// Sunday evening in New York is still the same week.
				{time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC), "nudges", nil},
				{monday.Add(-time.Minute), "nudges", nil},
				{monday, "nudges", []string{key("nudge_requester", "UA", os[3].ID)}},
			})
			for _, d := range deliveries(t, s, os[3]) {
				if d.Kind == models.KindNudgeRequester && (d.State != models.DeliverySent || d.Attempts != 1 || d.BudgetWeek != "2026-12-07") {
					t.Errorf("the fourth nudge = %+v; want sent on its first attempt, in the week of 2026-12-07", d)
				}
			}
		})

		t.Run("CoordinatorsNumberWithoutRestart", func(t *testing.T) {
			start := t0.Add(28 * 24 * time.Hour) // a fresh week, Wednesday
			clock.Set(start)
			f := newFake(s, clock.Now)
			sch := newScheduler(s, clock, f, nil)
			save := func(n int) {
				t.Helper()
				if err := s.SaveSettings(ctx, &models.SavedSettings{UnaskedPerWeek: &n}); err != nil {
					t.Fatal(err)
				}
			}
			save(4)
			os := fourRequests(t, s, "UI", start.Add(-scheduler.DefaultNudgeAfter))
			var want []string
			for _, o := range os {
				want = append(want, key("nudge_invitee", string(o.InviteeID), o.ID), key("nudge_requester", "UI", o.ID))
			}
			travel(t, clock, sch, f, []step{{start, "nudges", want}})

			// Zero: none of these kinds at all, not even later.
			save(0)
			o := request(t, s, "UF", "UG", start.Add(-scheduler.DefaultNudgeAfter+time.Hour))
			travel(t, clock, sch, f, []step{
				{start.Add(time.Hour), "nudges", nil},
				{start.Add(8 * 24 * time.Hour), "nudges", nil},
			})
			for _, d := range deliveries(t, s, o) {
				if d.State != models.DeliverySkipped {
					t.Errorf("%s under a budget of 0 = %s, want skipped", d.Kind, d.State)
				}
			}
			// The group's setting stays for the next subtests' schedulers,
			// which read it too: back to the default.
			if err := s.SaveSettings(ctx, &models.SavedSettings{}); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("MeetingsOwnMessagesDoNotCount", func(t *testing.T) {
			start := t0.Add(56 * 24 * time.Hour)
			clock.Set(start)
			f := newFake(s, clock.Now)
			sch := newScheduler(s, clock, f, nil)
			var want []string
			for _, inv := range []models.UserID{"UB", "UC", "UD", "UE"} {
				m := meeting(t, s, "UH", inv, start.Add(5*time.Hour), time.Hour)
				want = append(want, key("reminder", "UH", m.ID), key("reminder_invitee", string(inv), m.ID))
			}
			travel(t, clock, sch, f, []step{{start.Add(3 * time.Hour), "reminders", want}})
		})

		t.Run("DryRunSaysItWaits", func(t *testing.T) {
			start := t0.Add(84 * 24 * time.Hour)
			clock.Set(start)
			f := newFake(s, clock.Now)
			sch := newScheduler(s, clock, f, nil)
			fourRequests(t, s, "UJ", start.Add(-scheduler.DefaultNudgeAfter))
			mustRun(t, sch, "nudges", start)
			f.take()
			// The fourth is put off; a fifth request comes due the next day.
			fifth := request(t, s, "UJ", "UF", start.Add(-scheduler.DefaultNudgeAfter+24*time.Hour))
			var out bytes.Buffer
			dry := newScheduler(s, clock, f, func(c *scheduler.Config) { c.DryRun = &out })
			clock.Set(start.Add(24 * time.Hour))
			mustRun(t, dry, "nudges", clock.Now())
			want := fmt.Sprintf("wait   nudge_requester for UJ about %d until 2027-03-01T09:00:00Z (3 unasked messages this week already)", fifth.ID)
			if !strings.Contains(out.String(), want) {
				t.Errorf("dry run output lacks %q:\n%s", want, out.String())
			}
		})
	})
}

// TestExpiredNoteDespiteNoBudget: the note that a request closed is news
// about the requester's own request, so even a group that chose no unasked
// messages at all tells them how it ended.
func TestExpiredNoteDespiteNoBudget(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		none := 0
		if err := s.SaveSettings(ctx, &models.SavedSettings{UnaskedPerWeek: &none}); err != nil {
			t.Fatal(err)
		}
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		o := request(t, s, "UA", "UB", t0)
		due := t0.Add(scheduler.DefaultExpireAfter)
		travel(t, clock, sch, f, []step{{due, "expire", []string{key("expired", "UA", o.ID)}}})
	})
}
