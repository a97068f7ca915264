package scheduler_test

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestPlanningReadsOnlyWhatIsNew shows the three ways a planning pass finds
// work after its first: time moving a row into the window, someone changing
// a row, and the hourly sweep for anything neither brought in. It also shows
// the pass does not re-read the whole window each tick: a row put into the
// middle of the window behind the scheduler's back (an old updated_at)
// waits for the sweep.
func TestPlanningReadsOnlyWhatIsNew(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		day := 24 * time.Hour
		travel(t, clock, sch, f, []step{{t0, "nudges", nil}, {t0, "reminders", nil}})

		// Written as if three weeks ago: in the middle of the nudge
		// window, and unchanged since the last pass.
		clock.Set(t0.Add(-21 * day))
		hidden := request(t, s, "UA", "UB", t0.Add(-21*day))
		edited := request(t, s, "UA", "UC", t0.Add(-21*day))
		// Turns two weeks old between this tick and the next.
		crossing := request(t, s, "UA", "UD", t0.Add(-14*day+30*time.Second))
		clock.Set(t0)
		// Someone touches edited; someone books a meeting for this
		// afternoon, inside the reminder window, not at its edge.
		update(t, s, edited.ID, func(o *models.OneToOne) error { o.Message = "coffee on Friday?"; return nil })
		soon := request(t, s, "UE", "UF", t0)
		update(t, s, soon.ID, func(o *models.OneToOne) error { return o.Schedule(t0.Add(150*time.Minute), time.Hour, "", t0) })

		next := t0.Add(time.Minute)
		travel(t, clock, sch, f, []step{
			{next, "nudges", []string{
				key("nudge_requester", "UA", edited.ID), key("nudge_invitee", "UC", edited.ID),
				key("nudge_requester", "UA", crossing.ID), key("nudge_invitee", "UD", crossing.ID),
			}},
			{t0.Add(30 * time.Minute), "reminders", []string{key("reminder", "UE", soon.ID), key("reminder_invitee", "UF", soon.ID)}},
			{t0.Add(30 * time.Minute), "nudges", nil}, // hidden is not re-read every tick
			// The hourly sweep reads the whole window and finds it.
			{t0.Add(time.Hour), "nudges", []string{key("nudge_requester", "UA", hidden.ID), key("nudge_invitee", "UB", hidden.ID)}},
			{t0.Add(2 * time.Hour), "nudges", nil},
		})

		// A new scheduler (a restart) starts with a sweep.
		clock.Set(t0.Add(-20 * day))
		late := request(t, s, "UG", "UH", t0.Add(-20*day))
		at := t0.Add(2*time.Hour + time.Minute)
		travel(t, clock, sch, f, []step{{at, "nudges", nil}})
		restarted := newScheduler(s, clock, f, nil)
		travel(t, clock, restarted, f, []step{{at, "nudges", []string{key("nudge_requester", "UG", late.ID), key("nudge_invitee", "UH", late.ID)}}})
	})
}
