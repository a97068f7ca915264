package scheduler_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// Wednesday 2 December 2026, 10:00 UTC: inside the default hours for
// recipients in UTC, which the fake gives everyone unless told otherwise.
var t0 = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// step is one stop of a time-travel test: move the clock to at, run job,
// and see exactly want sent.
type step struct {
	at   time.Time
	job  string
	want []string
}

func travel(t *testing.T, clock *storetest.Clock, sch *scheduler.Scheduler, f *fakeNotifier, steps []step) {
	t.Helper()
	for _, st := range steps {
		clock.Set(st.at)
		mustRun(t, sch, st.job, st.at)
		want := sorted(st.want)
		if want == nil {
			want = []string{}
		}
		if diff := cmp.Diff(want, f.take()); diff != "" {
			t.Errorf("%s at %s sent (-want +got):\n%s", st.job, st.at.Format(time.RFC3339), diff)
		}
	}
}

func TestReminders(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		start := t0.Add(5 * time.Hour) // 15:00
		o := meeting(t, s, "UA", "UB", start, time.Hour)
		cancelled := meeting(t, s, "UA", "UC", start, time.Hour)
		// An 08:00 meeting: two hours before is night, so the reminder
		// comes the evening before.
		early := meeting(t, s, "UA", "UD", time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC), time.Hour)

		travel(t, clock, sch, f, []step{
			{t0, "reminders", nil},
			{start.Add(-2*time.Hour - time.Minute), "reminders", nil},
		})
		update(t, s, cancelled.ID, func(o *models.OneToOne) error { return o.Cancel("UC", "", clock.Now()) })
		travel(t, clock, sch, f, []step{
			{start.Add(-2 * time.Hour), "reminders", []string{key("reminder", "UA", o.ID), key("reminder_invitee", "UB", o.ID)}},
			{start.Add(-time.Hour), "reminders", nil}, // once only
			{time.Date(2026, 12, 2, 18, 45, 0, 0, time.UTC), "reminders", []string{key("reminder", "UA", early.ID), key("reminder_invitee", "UD", early.ID)}},
		})
		if ds := deliveries(t, s, cancelled); len(ds) != 2 || ds[0].State != models.DeliverySkipped || ds[1].State != models.DeliverySkipped {
			t.Errorf("reminders of a cancelled meeting = %+v, want both skipped", ds)
		}

		// Moving a meeting gives it a reminder for the new time.
		moved := start.Add(48 * time.Hour)
		update(t, s, o.ID, func(o *models.OneToOne) error { return o.Schedule(moved, time.Hour, "", clock.Now()) })
		travel(t, clock, sch, f, []step{
			{moved.Add(-2 * time.Hour), "reminders", []string{key("reminder", "UA", o.ID), key("reminder_invitee", "UB", o.ID)}},
			{moved.Add(-time.Hour), "reminders", nil},
		})
	})
}

func TestReflections(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		start := t0.Add(2 * time.Hour) // 12:00, an hour long
		o := meeting(t, s, "UA", "UB", start, time.Hour)
		long := meeting(t, s, "UA", "UC", start, 90*time.Minute)
		reflected := meeting(t, s, "UA", "UD", start, time.Hour)
		end := start.Add(time.Hour)

		travel(t, clock, sch, f, []step{
			{end.Add(time.Hour - time.Minute), "reflections", nil},
		})
		if _, err := s.SaveReflection(context.Background(), &models.Reflection{OneToOneID: reflected.ID, AuthorID: "UA", Answers: map[string]string{"felt": "good"}}); err != nil {
			t.Fatal(err)
		}
		prompt := end.Add(time.Hour) // 14:00
		// Both people are asked, each to write their own; UA has already
		// written theirs on the third, so only UD is.
		travel(t, clock, sch, f, []step{
			{prompt, "reflections", []string{key("reflection_prompt", "UA", o.ID), key("reflection_prompt", "UB", o.ID), key("reflection_prompt", "UD", reflected.ID)}},
			{prompt.Add(30 * time.Minute), "reflections", []string{key("reflection_prompt", "UA", long.ID), key("reflection_prompt", "UC", long.ID)}},
			{prompt.Add(2 * time.Hour), "reflections", nil},
		})
		if _, err := s.SaveReflection(context.Background(), &models.Reflection{OneToOneID: o.ID, AuthorID: "UB", Answers: map[string]string{"felt": "warm"}}); err != nil {
			t.Fatal(err)
		}
		// Two days on, one gentle reminder to each who hasn't written, then
		// silence.
		travel(t, clock, sch, f, []step{
			{prompt.Add(48*time.Hour - time.Minute), "reflections", nil},
			{prompt.Add(48 * time.Hour), "reflections", []string{key("reflection_reminder", "UA", o.ID), key("reflection_reminder", "UD", reflected.ID)}},
			{prompt.Add(48*time.Hour + 30*time.Minute), "reflections", []string{key("reflection_reminder", "UA", long.ID), key("reflection_reminder", "UC", long.ID)}},
			{prompt.Add(5 * 24 * time.Hour), "reflections", nil},
			{prompt.Add(20 * 24 * time.Hour), "reflections", nil},
		})
	})
}

func TestNudges(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		o := request(t, s, "UA", "UB", t0)
		scheduled := request(t, s, "UA", "UC", t0)
		update(t, s, scheduled.ID, func(o *models.OneToOne) error { return o.Schedule(t0.Add(30*24*time.Hour), time.Hour, "", t0) })
		due := t0.Add(scheduler.DefaultNudgeAfter)

		travel(t, clock, sch, f, []step{
			{due.Add(-time.Minute), "nudges", nil},
			{due, "nudges", []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}},
			{due.Add(time.Hour), "nudges", nil},
			{due.Add(7 * 24 * time.Hour), "nudges", nil},
		})

		// The meeting is set, then missed: the reopened request is a new
		// window, nudged once more two weeks after reopening.
		meet := due.Add(8 * 24 * time.Hour)
		update(t, s, o.ID, func(o *models.OneToOne) error { return o.Schedule(meet, time.Hour, "", clock.Now()) })
		clock.Set(meet.Add(2 * time.Hour))
		reopened := update(t, s, o.ID, func(o *models.OneToOne) error { return o.MarkMissed("UA", clock.Now()) })
		again := reopened.RequestedAt.Add(scheduler.DefaultNudgeAfter)
		travel(t, clock, sch, f, []step{
			{again.Add(-time.Minute), "nudges", nil},
			{again, "nudges", []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}},
			{again.Add(24 * time.Hour), "nudges", nil},
		})
	})
}

func TestFollowUps(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		f := newFake(s, clock.Now)
		f.setLoc(t, "UA", "Pacific/Auckland")    // UTC+13 in December
		f.setLoc(t, "UC", "America/Los_Angeles") // UTC-8
		sch := newScheduler(s, clock, f, nil)
		day := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
		var ids []models.OneToOneID
		for _, author := range []models.UserID{"UA", "UC"} {
			o, _ := models.NewLogged(author, "UB", nil, t0.Add(-time.Hour), t0)
			if err := s.LogOneToOne(ctx, o, "", &models.Reflection{AuthorID: author, Answers: map[string]string{"ask": "come to the meeting"}, FollowUpOn: &day}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		// 09:00 on the 10th is 20:00 UTC on the 9th in Auckland, 17:00
		// UTC on the 10th in Los Angeles.
		travel(t, clock, sch, f, []step{
			{time.Date(2026, 12, 9, 19, 59, 0, 0, time.UTC), "follow-ups", nil},
			{time.Date(2026, 12, 9, 20, 0, 0, 0, time.UTC), "follow-ups", []string{key("follow_up", "UA", ids[0])}},
			{time.Date(2026, 12, 10, 16, 59, 0, 0, time.UTC), "follow-ups", nil},
			{time.Date(2026, 12, 10, 17, 0, 0, 0, time.UTC), "follow-ups", []string{key("follow_up", "UC", ids[1])}},
			{time.Date(2026, 12, 11, 17, 0, 0, 0, time.UTC), "follow-ups", nil},
		})
	})
}

func TestExpire(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		o := request(t, s, "UA", "UB", t0)
		due := t0.Add(scheduler.DefaultExpireAfter)
		travel(t, clock, sch, f, []step{
			{due.Add(-time.Minute), "expire", nil},
			{due, "expire", []string{key("expired", "UA", o.ID)}},
			{due.Add(time.Hour), "expire", nil},
		})
		got, err := s.OneToOne(context.Background(), o.ID)
		if err != nil || got.Status != models.StatusExpired {
			t.Errorf("after expiry: %+v, %v", got, err)
		}
	})
}

// TestQuietHours sends the same nudge to people around the world and checks
// each gets it at nine in their own morning, daylight-saving changes
// included.
func TestQuietHours(t *testing.T) {
	tests := []struct {
		name, zone string
		due, at    time.Time // when the nudge falls due; when it may go
	}{
		{"InHoursAtOnce", "Europe/London", time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)},
		{"TokyoNextMorning", "Asia/Tokyo", time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)},
		{"LosAngelesLaterToday", "America/Los_Angeles", time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)},
		{"NewYorkDSTStarts", "America/New_York", time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC)},
		{"ParisDSTEnds", "Europe/Paris", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requested := tt.due.Add(-scheduler.DefaultNudgeAfter)
			clock := storetest.NewClock(requested)
			s := storetest.MustSQLite(t, clock.Now)
			f := newFake(s, clock.Now)
			f.setLoc(t, "UA", tt.zone)
			f.setLoc(t, "UB", tt.zone)
			sch := newScheduler(s, clock, f, nil)
			o := request(t, s, "UA", "UB", requested)
			both := []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}
			steps := []step{{tt.due, "nudges", both}}
			if !tt.due.Equal(tt.at) {
				steps = []step{{tt.due, "nudges", nil}, {tt.at.Add(-time.Minute), "nudges", nil}, {tt.at, "nudges", both}}
			}
			travel(t, clock, sch, f, steps)
		})
	}

	t.Run("DeferredAtClaimWhenTimezoneChanged", func(t *testing.T) {
		clock := storetest.NewClock(t0)
		s := storetest.MustSQLite(t, clock.Now)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		o := request(t, s, "UA", "UB", t0)
		due := t0.Add(scheduler.DefaultNudgeAfter)
		clock.Set(due.Add(-time.Hour))
		mustRun(t, sch, "nudges", clock.Now()) // nothing due yet
		// UB moves to Tokyo, where it is now night, before the nudge goes.
		f.setLoc(t, "UB", "Asia/Tokyo")
		travel(t, clock, sch, f, []step{
			{due, "nudges", []string{key("nudge_requester", "UA", o.ID)}},
			{time.Date(2026, 12, 17, 0, 0, 0, 0, time.UTC), "nudges", []string{key("nudge_invitee", "UB", o.ID)}},
		})
		for _, d := range deliveries(t, s, o) {
			if d.Attempts != 1 {
				t.Errorf("%s took %d attempts; a deferral must not count", d.Kind, d.Attempts)
			}
		}
	})
}

// TestOnceOnly runs every job every six hours over seven weeks, with
// meetings and requests along the way, and checks each message goes out
// exactly once however often the jobs look.
func TestOnceOnly(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		var want []string
		for i := range 4 {
			inv := models.UserID("UM" + strconv.Itoa(i))
			// At 17:00: the reminder falls due at 15:00, the prompt at
			// 19:00, outside the hours, so it waits for the morning.
			m := meeting(t, s, "UA", inv, t0.Add(time.Duration(24*(i+1))*time.Hour+7*time.Hour), time.Hour)
			want = append(want, key("reminder", "UA", m.ID), key("reminder_invitee", string(inv), m.ID),
				key("reflection_prompt", "UA", m.ID), key("reflection_reminder", "UA", m.ID),
				key("reflection_prompt", string(inv), m.ID), key("reflection_reminder", string(inv), m.ID))
			inv = models.UserID("UR" + strconv.Itoa(i))
			r := request(t, s, "UA", inv, t0)
			want = append(want, key("nudge_requester", "UA", r.ID), key("nudge_invitee", string(inv), r.ID), key("expired", "UA", r.ID))
		}
		var got []string
		for at := t0; at.Before(t0.Add(50 * 24 * time.Hour)); at = at.Add(6 * time.Hour) {
			clock.Set(at)
			runAll(t, sch, clock)
			got = append(got, f.take()...)
		}
		if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
			t.Errorf("sent over seven weeks (-want +got):\n%s", diff)
		}
	})
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
