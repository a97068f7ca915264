package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// choose saves edit's settings for the group s is scoped to.
func choose(t *testing.T, s *models.Store, edit func(next *models.Settings)) {
	t.Helper()
	ctx := context.Background()
	saved, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shown := saved.Effective(models.Settings{Timezone: "UTC"}.WithDefaults())
	next := shown
	edit(&next)
	saved.Choose(shown, next)
	if err := s.SaveSettings(ctx, saved); err != nil {
		t.Fatal(err)
	}
}

// TestGroupsPlannedTogether: one pass plans every group's rows, each with
// its own group's settings. Group A nudges after 36 hours at any hour;
// group B after 3 days, between 12:00 and 14:00. Each request is nudged
// on its own group's clock, including on the passes that read only what
// is new since the last one (the window is the widest of the groups', and
// B's requests cross its edge a day and a half before their time).
func TestGroupsPlannedTogether(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		b, err := s.CreateGroup(ctx, storetest.TeamID, "Design", "UA")
		if err != nil {
			t.Fatal(err)
		}
		sb := s.In(b.ID)
		choose(t, s, func(next *models.Settings) { next.NudgeAfter, next.DeliveryHours = 36*time.Hour, models.AllDay })
		choose(t, sb, func(next *models.Settings) {
			next.NudgeAfter, next.DeliveryHours = 72*time.Hour, models.Hours{From: 12, To: 14}
		})

		oa := request(t, s, "UA", "UB", t0)
		ob := request(t, sb, "UC", "UD", t0)
		nudgeA := t0.Add(36 * time.Hour) // 22:00: A's hours are always
		nudgeB := t0.Add(72 * time.Hour) // 10:00: B's hours open at noon
		travel(t, clock, sch, f, []step{
			{nudgeA.Add(-time.Minute), "nudges", nil},
			{nudgeA, "nudges", []string{key("nudge_invitee", "UB", oa.ID), key("nudge_requester", "UA", oa.ID)}},
			{nudgeB.Add(-30 * time.Minute), "nudges", nil}, // reads the whole window
			{nudgeB.Add(-time.Minute), "nudges", nil},      // reads what is new
			{nudgeB, "nudges", nil},                        // queued for B's noon
		})
		if ds := deliveries(t, sb, ob); len(ds) != 2 {
			t.Errorf("B's request has %d deliveries at %s; want both nudges queued", len(ds), nudgeB.Format(time.RFC3339))
		}
		travel(t, clock, sch, f, []step{
			{nudgeB.Add(time.Hour), "nudges", nil},
			{nudgeB.Add(2 * time.Hour), "nudges", []string{key("nudge_invitee", "UD", ob.ID), key("nudge_requester", "UC", ob.ID)}},
		})
		for _, d := range deliveries(t, sb, ob) {
			if d.GroupID != b.ID {
				t.Errorf("%s queued in group %d; want B's, %d", d.Kind, d.GroupID, b.ID)
			}
		}
	})
}

// TestUninstalledNotPlanned: a workspace the app was removed from, and
// with Config.Team set another workspace, have nothing planned, while the
// scheduler's own workspace's rows are.
func TestUninstalledNotPlanned(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		f := newFake(s, clock.Now)
		in := func(team models.TeamID) *models.Store {
			g, err := s.DefaultGroup(ctx, team)
			if err != nil {
				t.Fatal(err)
			}
			return s.In(g.ID)
		}
		gone, other := in("T0GONE"), in("T0OTHER")
		if err := s.MarkUninstalled(ctx, "T0GONE", t0); err != nil {
			t.Fatal(err)
		}
		o := request(t, s, "UA", "UB", t0)
		og := request(t, gone, "UC", "UD", t0)
		oo := request(t, other, "UE", "UF", t0)
		due := t0.Add(scheduler.DefaultNudgeAfter) // 10:00, in hours
		mine := []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}
		all := newScheduler(s, clock, f, nil)
		travel(t, clock, all, f, []step{{due, "nudges", append(mine, key("nudge_invitee", "UF", oo.ID), key("nudge_requester", "UE", oo.ID))}})
		if ds := deliveries(t, gone, og); len(ds) != 0 {
			t.Errorf("uninstalled workspace got %d deliveries planned", len(ds))
		}

		o2 := request(t, s, "UA", "UG", t0.Add(time.Hour))
		og2 := request(t, gone, "UC", "UH", t0.Add(time.Hour))
		oo2 := request(t, other, "UE", "UI", t0.Add(time.Hour))
		team := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Team = storetest.TeamID })
		travel(t, clock, team, f, []step{{due.Add(time.Hour), "nudges", []string{key("nudge_invitee", "UG", o2.ID), key("nudge_requester", "UA", o2.ID)}}})
		for _, x := range []struct {
			s *models.Store
			o *models.OneToOne
		}{{gone, og2}, {other, oo2}} {
			if ds := deliveries(t, x.s, x.o); len(ds) != 0 {
				t.Errorf("one-to-one %d of another workspace got %d deliveries planned", x.o.ID, len(ds))
			}
		}
	})
}

// TestGroupChangesSeenNextTick: the scheduler keeps the groups it read at
// one tick for the next ones while nothing changed; a group created, a
// group's settings saved and a workspace uninstalled between two ticks one
// minute apart are each acted on at the second.
func TestGroupChangesSeenNextTick(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		choose(t, s, func(next *models.Settings) { next.DeliveryHours = models.AllDay })
		o := request(t, s, "UA", "UB", t0)
		due := t0.Add(scheduler.DefaultNudgeAfter)
		travel(t, clock, sch, f, []step{{due.Add(-3 * time.Minute), "nudges", nil}})

		// Only A's settings change: its nudge moves a day later.
		choose(t, s, func(next *models.Settings) { next.NudgeAfter = scheduler.DefaultNudgeAfter + 24*time.Hour })
		travel(t, clock, sch, f, []step{{due.Add(-2 * time.Minute), "nudges", nil}})
		// A new group, with a request as old as A's.
		b, err := s.CreateGroup(ctx, storetest.TeamID, "Design", "UA")
		if err != nil {
			t.Fatal(err)
		}
		sb := s.In(b.ID)
		ob := request(t, sb, "UC", "UD", t0)
		travel(t, clock, sch, f, []step{
			{due.Add(-time.Minute), "nudges", nil},
			{due, "nudges", []string{key("nudge_invitee", "UD", ob.ID), key("nudge_requester", "UC", ob.ID)}},
		})
		if ds := deliveries(t, s, o); len(ds) != 0 {
			t.Errorf("A's request got %d deliveries at its old nudge time; its new setting says a day later", len(ds))
		}

		// Uninstalled between two ticks: nothing more for its groups.
		oc := request(t, sb, "UC", "UE", t0.Add(time.Minute))
		if err := s.MarkUninstalled(ctx, storetest.TeamID, due); err != nil {
			t.Fatal(err)
		}
		travel(t, clock, sch, f, []step{{due.Add(time.Minute), "nudges", nil}})
		if ds := deliveries(t, sb, oc); len(ds) != 0 {
			t.Errorf("a request of an uninstalled workspace got %d deliveries", len(ds))
		}
	})
}
