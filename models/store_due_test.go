package models_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// tNanos has sub-second digits, so windows computed in SQL must truncate
// the same way WindowAt does.
var tNanos = time.Date(2026, 11, 27, 15, 0, 0, 987654321, time.UTC)

func mustRequest(t *testing.T, s *models.Store, requester, invitee models.UserID, at time.Time) *models.OneToOne {
	t.Helper()
	o, err := models.NewRequest(requester, invitee, "", at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOneToOne(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func mustSchedule(t *testing.T, s *models.Store, o *models.OneToOne, at, now time.Time) *models.OneToOne {
	t.Helper()
	got, err := s.UpdateOneToOne(context.Background(), o.ID, func(o *models.OneToOne) error { return o.Schedule(at, time.Hour, "", now) })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ids(os []models.OneToOne) []models.OneToOneID {
	out := []models.OneToOneID{}
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

func sentFor(t *testing.T, s *models.Store, kind string, o *models.OneToOne, recipient models.UserID, window string) {
	t.Helper()
	if _, err := s.RecordOnce(context.Background(), kind, models.AboutOneToOne(o.ID), string(recipient), window); err != nil {
		t.Fatal(err)
	}
}

func TestRequestsToNudgeAndExpire(t *testing.T) {
	clock := storetest.NewClock(tNanos)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		day := 24 * time.Hour
		old := mustRequest(t, s, "UA", "UB", tNanos)      // 20 days old at now
		nudged := mustRequest(t, s, "UA", "UC", tNanos)   // same age, already nudged
		mustRequest(t, s, "UA", "UD", tNanos.Add(10*day)) // too young to nudge
		scheduled := mustRequest(t, s, "UA", "UE", tNanos)
		mustSchedule(t, s, scheduled, tNanos.Add(40*day), tNanos)
		ancient := mustRequest(t, s, "UF", "UB", tNanos.Add(-30*day)) // 50 days old
		sentFor(t, s, models.KindNudgeRequester, nudged, "UA", models.WindowAt(nudged.RequestedAt))
		// A nudge for another window (an earlier life of the request) does
		// not count.
		sentFor(t, s, models.KindNudgeRequester, old, "UA", models.WindowAt(tNanos.Add(-time.Second)))

		now := tNanos.Add(20 * day)
		got, err := s.RequestsToNudge(ctx, now.Add(-42*day), now.Add(-14*day), models.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]models.OneToOneID{old.ID}, ids(got)); diff != "" {
			t.Errorf("to nudge (-want +got):\n%s", diff)
		}
		page, err := s.RequestsToNudge(ctx, now.Add(-42*day), now.Add(-14*day), models.Page{}.After(old.RequestedAt, int64(old.ID)))
		if err != nil || len(page) != 0 {
			t.Errorf("page after the last = %v, %v", ids(page), err)
		}

		expire, err := s.RequestsToExpire(ctx, now.Add(-42*day), models.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]models.OneToOneID{ancient.ID}, ids(expire)); diff != "" {
			t.Errorf("to expire (-want +got):\n%s", diff)
		}
	})
}

func TestExpireRequest(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o := mustRequest(t, s, "UA", "UB", t0)
		moved := mustRequest(t, s, "UA", "UC", t0)
		mustSchedule(t, s, moved, t0.Add(time.Hour), t0)
		now := t0.Add(50 * 24 * time.Hour)
		before := now.Add(-42 * 24 * time.Hour)
		note := models.Delivery{Kind: models.KindExpired, Subject: models.AboutOneToOne(o.ID), Recipient: "UA", Window: models.WindowAt(o.RequestedAt), DueAt: now}

		t.Run("OK", func(t *testing.T) {
			got, err := s.ExpireRequest(ctx, o.ID, before, now, note)
			if err != nil || got.Status != models.StatusExpired {
				t.Fatalf("expire = %+v, %v", got, err)
			}
			ds, _ := s.Deliveries(ctx, note.Subject)
			if len(ds) != 1 || ds[0].Kind != models.KindExpired || ds[0].State != models.DeliveryPending {
				t.Errorf("queued note = %+v", ds)
			}
		})
		t.Run("ErrTwice", func(t *testing.T) {
			if _, err := s.ExpireRequest(ctx, o.ID, before, now, note); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("second expire = %v, want ECONFLICT", err)
			}
		})
		t.Run("ErrScheduledMeanwhile", func(t *testing.T) {
			note := note
			note.Subject = models.AboutOneToOne(moved.ID)
			if _, err := s.ExpireRequest(ctx, moved.ID, before, now, note); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("expire of a scheduled one = %v, want ECONFLICT", err)
			}
			if ds, _ := s.Deliveries(ctx, note.Subject); len(ds) != 0 {
				t.Errorf("a refused expiry queued %+v", ds)
			}
		})
	})
}

func TestMeetingsDue(t *testing.T) {
	clock := storetest.NewClock(tNanos)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		at := tNanos.Add(48 * time.Hour)
		soon := mustSchedule(t, s, mustRequest(t, s, "UA", "UB", tNanos), at, tNanos)
		mustSchedule(t, s, mustRequest(t, s, "UA", "UC", tNanos), at.Add(24*time.Hour), tNanos) // a day too far
		reminded := mustSchedule(t, s, mustRequest(t, s, "UA", "UD", tNanos), at.Add(time.Minute), tNanos)
		sentFor(t, s, models.KindReminder, reminded, "UA", models.WindowAt(*reminded.ScheduledAt))

		t.Run("ToRemind", func(t *testing.T) {
			got, err := s.MeetingsToRemind(ctx, at.Add(-time.Hour), at.Add(time.Hour), models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]models.OneToOneID{soon.ID}, ids(got)); diff != "" {
				t.Errorf("to remind (-want +got):\n%s", diff)
			}
		})

		// Time passes; nobody reflects on soon and reminded.
		prompted := reminded
		sentFor(t, s, models.KindReflectionPrompt, prompted, "UA", models.WindowAt(*prompted.ScheduledAt))
		t.Run("ToReflect", func(t *testing.T) {
			got, err := s.MeetingsToReflect(ctx, models.SideRequester, at.Add(-time.Hour), at.Add(time.Hour), models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]models.OneToOneID{soon.ID}, ids(got)); diff != "" {
				t.Errorf("to reflect (-want +got):\n%s", diff)
			}
			// The other person of each is asked on their own.
			got, err = s.MeetingsToReflect(ctx, models.SideInvitee, at.Add(-time.Hour), at.Add(time.Hour), models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]models.OneToOneID{soon.ID, reminded.ID}, ids(got)); diff != "" {
				t.Errorf("invitees to ask (-want +got):\n%s", diff)
			}
		})
		t.Run("ToRemindReflect", func(t *testing.T) {
			// The prompt was recorded at the store's clock, tNanos.
			got, err := s.MeetingsToRemindReflect(ctx, models.SideRequester, at.Add(-time.Hour), at.Add(time.Hour), tNanos, models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]models.OneToOneID{prompted.ID}, ids(got)); diff != "" {
				t.Errorf("to remind of a reflection (-want +got):\n%s", diff)
			}
			none, err := s.MeetingsToRemindReflect(ctx, models.SideRequester, at.Add(-time.Hour), at.Add(time.Hour), tNanos.Add(-time.Second), models.Page{})
			if err != nil || len(none) != 0 {
				t.Errorf("prompt sent too recently, still listed: %v, %v", ids(none), err)
			}
			none, err = s.MeetingsToRemindReflect(ctx, models.SideInvitee, at.Add(-time.Hour), at.Add(time.Hour), tNanos, models.Page{})
			if err != nil || len(none) != 0 {
				t.Errorf("an invitee never prompted is reminded: %v, %v", ids(none), err)
			}
		})
	})
}

func TestFollowUpsDue(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
		var want []models.OneToOneID
		for i, fu := range []time.Time{day, day.AddDate(0, 0, 1), day} {
			o, _ := models.NewLogged("UA", models.UserID("U"+strconv.Itoa(i)), nil, t0.Add(-time.Hour), t0)
			fu := fu
			r := &models.Reflection{AuthorID: "UA", Answers: map[string]string{"ask": "secret ask"}, FollowUpOn: &fu}
			if err := s.LogOneToOne(ctx, o, "", r); err != nil {
				t.Fatal(err)
			}
			switch i {
			case 0:
				want = append(want, o.ID)
			case 2:
				sentFor(t, s, models.KindFollowUp, o, "UA", models.WindowDay(fu))
			}
		}
		got, err := s.FollowUpsDue(ctx, day.Add(-24*time.Hour), day.Add(12*time.Hour), models.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []models.OneToOneID
		for _, r := range got {
			gotIDs = append(gotIDs, r.OneToOneID)
			if len(r.Body) != 0 || r.AuthorID != "UA" || r.FollowUpOn == nil {
				t.Errorf("follow-up row = %+v; want author and date, and never the body", r)
			}
		}
		if diff := cmp.Diff(want, gotIDs); diff != "" {
			t.Errorf("follow-ups (-want +got):\n%s", diff)
		}
	})
}

// TestDuePagesInTimeOrder walks due work in pages smaller than the rows,
// with rows sharing a time across a page boundary, in the order of the time
// column (not of id), and then only the rows changed since a moment.
func TestDuePagesInTimeOrder(t *testing.T) {
	clock := storetest.NewClock(tNanos)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(tNanos) // each store's run moves it
		ctx := context.Background()
		day := 24 * time.Hour
		// Requested in an order unlike their ids: three at one instant
		// (ties broken by id), one earlier, one later.
		at := []time.Duration{0, 0, -time.Hour, 0, time.Hour}
		var os []*models.OneToOne
		for i, d := range at {
			os = append(os, mustRequest(t, s, "UA", models.UserID("UB"+strconv.Itoa(i)), tNanos.Add(d)))
		}
		want := []models.OneToOneID{os[2].ID, os[0].ID, os[1].ID, os[3].ID, os[4].ID}
		now := tNanos.Add(20 * day)
		walk := func(first models.Page) []models.OneToOneID {
			t.Helper()
			got := []models.OneToOneID{}
			page := first
			page.Limit = 2
			for range 10 {
				rows, err := s.RequestsToNudge(ctx, now.Add(-42*day), now.Add(-14*day), page)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, ids(rows)...)
				if len(rows) < page.Limit {
					return got
				}
				last := rows[len(rows)-1]
				if page.ChangedSince.IsZero() {
					page = page.After(last.RequestedAt, int64(last.ID))
				} else {
					page = page.After(last.UpdatedAt, int64(last.ID))
				}
			}
			t.Fatal("paging did not end")
			return nil
		}
		if diff := cmp.Diff(want, walk(models.Page{})); diff != "" {
			t.Errorf("pages by requested_at (-want +got):\n%s", diff)
		}

		// Two of them change later, the later-requested one first.
		clock.Set(tNanos.Add(3 * day))
		for _, o := range []*models.OneToOne{os[4], os[2]} {
			if _, err := s.UpdateOneToOne(ctx, o.ID, func(o *models.OneToOne) error { o.Message = "still keen"; return nil }); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		if diff := cmp.Diff([]models.OneToOneID{os[4].ID, os[2].ID}, walk(models.Page{ChangedSince: tNanos.Add(3 * day)})); diff != "" {
			t.Errorf("pages of changed rows (-want +got):\n%s", diff)
		}
		if got := walk(models.Page{ChangedSince: tNanos.Add(4 * day)}); len(got) != 0 {
			t.Errorf("nothing changed since, got %v", got)
		}
	})
}
