package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// TestSettingsTiming: the scheduler acts on the settings in effect, as the
// bot reads them: a 36-hour nudge and a 30-minute reflection prompt come
// when chosen, and a nudge chosen under a longer expiry gives way to the
// environment's when the environment's expiry later comes before it,
// instead of never being sent.
func TestSettingsTiming(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		f := newFake(s, clock.Now)
		// The environment closes requests after 20 days.
		sch := newScheduler(s, clock, f, func(c *scheduler.Config) { c.ExpireAfter = 20 * 24 * time.Hour })
		save := func(edit func(shown, next *models.Settings)) {
			t.Helper()
			saved, err := s.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			def := models.Settings{Timezone: "UTC", ExpireAfter: 20 * 24 * time.Hour}.WithDefaults()
			shown := saved.Effective(def)
			next := shown
			edit(&shown, &next)
			saved.Choose(shown, next)
			if err := s.SaveSettings(ctx, saved); err != nil {
				t.Fatal(err)
			}
		}
		save(func(_, next *models.Settings) {
			next.NudgeAfter, next.ReflectionDelay, next.DeliveryHours = 36*time.Hour, 30*time.Minute, models.AllDay
		})

		o := request(t, s, "UA", "UB", t0)
		start := t0.Add(2 * time.Hour)
		m := meeting(t, s, "UA", "UC", start, time.Hour)
		prompt := start.Add(time.Hour + 30*time.Minute)
		nudge := t0.Add(36 * time.Hour) // 22:00 UTC: the chosen hours are always
		travel(t, clock, sch, f, []step{
			{prompt.Add(-time.Minute), "reflections", nil},
			{prompt, "reflections", []string{key("reflection_prompt", "UA", m.ID), key("reflection_prompt", "UC", m.ID)}}, // both people are asked
			{nudge.Add(-time.Minute), "nudges", nil},
			{nudge, "nudges", []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}},
		})

		// A nudge of 30 days was chosen when requests stayed open longer;
		// under the environment's 20 days it gives way to the environment's
		// 14-day nudge.
		thirty := int64(30 * 24 * time.Hour / time.Second)
		saved, _ := s.Settings(ctx)
		saved.NudgeAfterSec = &thirty
		if err := s.SaveSettings(ctx, saved); err != nil {
			t.Fatal(err)
		}
		late := request(t, s, "UA", "UD", clock.Now())
		due := late.RequestedAt.Add(scheduler.DefaultNudgeAfter)
		travel(t, clock, sch, f, []step{
			{due.Add(-time.Minute), "nudges", nil},
			{due, "nudges", []string{key("nudge_invitee", "UD", late.ID), key("nudge_requester", "UA", late.ID)}},
		})
	})
}
