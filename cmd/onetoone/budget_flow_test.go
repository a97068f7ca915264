package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
)

// TestFourthNudgeWaitsForNextWeek asks four people at once through Slack;
// two weeks later nobody has answered. The organizer's weekly budget holds
// three nudges, so the fourth reaches them on the Monday morning of their
// next week, on both stores.
func TestFourthNudgeWaitsForNextWeek(t *testing.T) {
	// Wednesday November 18, 2026, 15:00 in New York; the nudges fall due
	// two weeks later at the same hour.
	start := time.Date(2026, 11, 18, 20, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(start)
	users := []slack.User{{ID: "UALEX", Name: "alex", TZ: "America/New_York"}}
	for _, id := range []string{"UB", "UC", "UD", "UE"} {
		users = append(users, slack.User{ID: "U" + id, Name: id, TZ: "Europe/Paris"})
	}
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(start)
		w := newWorld(t, s, clock, users, nil)
		for _, u := range users[1:] {
			w.command("UALEX", fmt.Sprintf("<@%s> coffee one evening?", u.ID))
		}
		const nudge = "hasn't picked a time"
		due := start.Add(scheduler.DefaultNudgeAfter)
		monday := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC) // 09:00 in New York
		for _, step := range []struct {
			at   time.Time
			want int
		}{
			{due, 3},                     // 15:00 in New York: three go
			{due.Add(20 * time.Hour), 3}, // Thursday
			{time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC), 3}, // Sunday night in New York, Monday in Paris
			{monday.Add(-time.Hour), 3},                       // before their morning
			{monday, 4},
		} {
			clock.Set(step.at)
			w.runJobs()
			if got := w.dmsContaining("UALEX", nudge); got != step.want {
				t.Fatalf("at %s Alex has %d nudges, want %d", step.at.Format(time.RFC3339), got, step.want)
			}
		}
		// Each invitee had room for their own nudge on the day.
		for _, u := range users[1:] {
			if got := w.dmsContaining(u.ID, "would still love to meet"); got != 1 {
				t.Errorf("%s got %d nudges, want 1", u.ID, got)
			}
		}
	})
}
