package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// asked stores a request from requester to invitee with its invitation and
// the requester's copy, as the bot does, and returns the two notes.
func asked(t *testing.T, s *models.Store, requester, invitee models.UserID, at time.Time) (*models.OneToOne, []models.Note) {
	t.Helper()
	o, err := models.NewRequest(requester, invitee, "coffee?", at)
	if err != nil {
		t.Fatal(err)
	}
	notes := []models.Note{{Kind: models.KindInvitation, To: invitee, By: requester}, {Kind: models.KindRequestCopy, To: requester, By: requester}}
	if err := s.CreateOneToOne(context.Background(), o, notes...); err != nil {
		t.Fatal(err)
	}
	return o, notes
}

func keys(o *models.OneToOne, notes ...models.Note) []models.Delivery {
	var ds []models.Delivery
	for _, n := range notes {
		ds = append(ds, n.Delivery(o, time.Time{}))
	}
	return ds
}

func states(t *testing.T, s *models.Store, o *models.OneToOne) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range deliveries(t, s, o) {
		out[d.Kind+"→"+d.Recipient] = d.State
	}
	return out
}

// TestSendNow: the bot sends the messages a change stored at once, through
// the same claim, consent rule and settling as scheduled messages, at any
// hour; an answer to the person acting goes even though they opted out,
// and a refusal or failure is reported for the bot to act on.
func TestSendNow(t *testing.T) {
	night := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC) // outside DefaultHours
	clock := storetest.NewClock(night)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(night)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)

		t.Run("OK", func(t *testing.T) {
			o, notes := asked(t, s, "UA", "UB", night)
			errs := sch.SendNow(ctx, keys(o, notes...)...)
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("send now = %v", errs)
			}
			if diff := cmp.Diff([]string{key(models.KindInvitation, "UB", o.ID), key(models.KindRequestCopy, "UA", o.ID)}, f.take()); diff != "" {
				t.Errorf("sent (-want +got):\n%s", diff)
			}
			if got := states(t, s, o); got["invitation→UB"] != models.DeliverySent || got["request_copy→UA"] != models.DeliverySent {
				t.Errorf("states = %v", got)
			}
			// Sent is sent: asking again sends nothing.
			if errs := sch.SendNow(ctx, keys(o, notes...)...); errs[0] != nil || len(f.take()) != 0 {
				t.Errorf("second send now = %v", errs)
			}
		})
		t.Run("ErrNoContact", func(t *testing.T) {
			for _, u := range []models.UserID{"UC", "UD"} {
				if err := s.SaveMember(ctx, &models.Member{ID: u, ProfileFetchedAt: night}); err != nil {
					t.Fatal(err)
				}
				if err := s.SetOptedOut(ctx, u, true); err != nil {
					t.Fatal(err)
				}
			}
			o, err := models.NewRequest("UC", "UD", "", night)
			if err != nil {
				t.Fatal(err)
			}
			cancel := models.Note{Kind: models.KindCancelled, To: "UD", By: "UC"}
			answer := models.Note{Kind: models.KindRequestCopy, To: "UC", By: "UC"}
			if err := s.CreateOneToOne(ctx, o, cancel, answer); err != nil {
				t.Fatal(err)
			}
			errs := sch.SendNow(ctx, keys(o, cancel, answer)...)
			if !errors.Is(errs[0], models.ErrNoContact) || errs[1] != nil {
				t.Errorf("send now = %v; want the note refused, the answer sent", errs)
			}
			if diff := cmp.Diff([]string{key(models.KindRequestCopy, "UC", o.ID)}, f.take()); diff != "" {
				t.Errorf("sent (-want +got):\n%s", diff)
			}
			if got := states(t, s, o); got["cancelled→UD"] != models.DeliverySkipped {
				t.Errorf("states = %v", got)
			}
		})
		t.Run("ErrFailedIsRetriedByTheOutboxJob", func(t *testing.T) {
			o, notes := asked(t, s, "UE", "UF", night)
			boom := errors.New("slack is down")
			f.fail = func(models.Delivery) error { return boom }
			errs := sch.SendNow(ctx, keys(o, notes[0])...)
			f.fail = nil
			if !errors.Is(errs[0], boom) {
				t.Fatalf("send now = %v, want the failure", errs)
			}
			mustRun(t, sch, "outbox", night.Add(2*time.Minute))
			if diff := cmp.Diff([]string{key(models.KindInvitation, "UF", o.ID), key(models.KindRequestCopy, "UE", o.ID)}, f.take()); diff != "" {
				t.Errorf("the outbox job sent (-want +got):\n%s", diff)
			}
		})
	})
}

// TestOutboxJobRecovers: what a crash leaves of the messages that follow a
// change is sent by the outbox job, at any hour: a message never claimed,
// once the bot's grace is over, and one claimed by a process that died
// mid-send, again once its lease is over, since every such kind is sent at
// least once. A message a later change overtook is skipped.
func TestOutboxJobRecovers(t *testing.T) {
	night := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	const lease = 5 * time.Minute
	clock := storetest.NewClock(night)
	for _, kind := range models.ActionKinds {
		if models.WaitsForDaytime(kind) {
			continue // TestAssignmentWaitsForDaytime
		}
		t.Run(kind, func(t *testing.T) {
			storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
				ctx := context.Background()
				clock.Set(night)
				f := newFake(s, clock.Now)
				sch := newScheduler(s, clock, f, nil)
				o, err := models.NewRequest("UA", "UB", "", night)
				if err != nil {
					t.Fatal(err)
				}
				claimed, left := models.Note{Kind: kind, To: "UB", By: "UA"}, models.Note{Kind: kind, To: "UA", By: "UA"}
				if err := s.CreateOneToOne(ctx, o, claimed, left); err != nil {
					t.Fatal(err)
				}
				// The bot claimed the first and died mid-send.
				if d, err := s.ClaimNow(ctx, claimed.Delivery(o, night), night, "dead", lease); err != nil || d == nil {
					t.Fatalf("claim = %+v, %v", d, err)
				}
				mustRun(t, sch, "outbox", night.Add(time.Second))
				if got := f.take(); len(got) != 0 {
					t.Errorf("sent within the grace: %v", got)
				}
				mustRun(t, sch, "outbox", night.Add(models.OutboxGrace))
				if diff := cmp.Diff([]string{key(kind, "UA", o.ID)}, f.take()); diff != "" {
					t.Errorf("after the grace (-want +got):\n%s", diff)
				}
				mustRun(t, sch, "outbox", night.Add(lease))
				if diff := cmp.Diff([]string{key(kind, "UB", o.ID)}, f.take()); diff != "" {
					t.Errorf("after the lease (-want +got):\n%s", diff)
				}
			})
		})
	}
	t.Run("SkippedWhenOvertaken", func(t *testing.T) {
		storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
			clock.Set(night)
			f := newFake(s, clock.Now)
			sch := newScheduler(s, clock, f, nil)
			o, _ := asked(t, s, "UA", "UB", night)
			update(t, s, o.ID, func(o *models.OneToOne) error { return o.Cancel("UA", "", night) })
			mustRun(t, sch, "outbox", night.Add(models.OutboxGrace))
			if got := f.take(); len(got) != 0 {
				t.Errorf("sent for a withdrawn request: %v", got)
			}
			if got := states(t, s, o); got["invitation→UB"] != models.DeliverySkipped || got["request_copy→UA"] != models.DeliverySkipped {
				t.Errorf("states = %v", got)
			}
		})
	})
}

// TestAssignmentWaitsForDaytime: the DM about an assignment is stored with
// it and follows the coordinator's action, but nobody waits on it that
// minute: assigned at night, it goes in the organizer's morning, once,
// however many replicas run the outbox job.
func TestAssignmentWaitsForDaytime(t *testing.T) {
	night := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(night)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(night)
		for _, id := range []models.UserID{"UC", "UO"} {
			if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: storetest.TeamID}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetRole(ctx, "UC", models.RoleCoordinator); err != nil {
			t.Fatal(err)
		}
		p := models.Person{GroupID: s.Scope(), Name: "Maria Lopez"}
		if err := s.DB().Create(&p).Error; err != nil {
			t.Fatal(err)
		}
		uc, err := s.Member(ctx, "UC")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Assign(ctx, uc, p.ID, "UO", "")
		if err != nil {
			t.Fatal(err)
		}
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		other := newScheduler(s, clock, f, func(c *scheduler.Config) { c.Worker = "w2" })
		if errs := sch.SendNow(ctx, got.Delivery); errs[0] != nil {
			t.Fatalf("send now = %v", errs[0])
		}
		mustRun(t, sch, "outbox", night.Add(time.Hour))
		if sent := f.take(); len(sent) != 0 {
			t.Fatalf("sent at night: %v", sent)
		}
		morning := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		clock.Set(morning)
		mustRun(t, sch, "outbox", morning)
		mustRun(t, other, "outbox", morning)
		want := []string{models.KindAssignment + "→UO#" + got.Delivery.Subject.String()}
		if sent := f.take(); fmt.Sprint(sent) != fmt.Sprint(want) {
			t.Errorf("sent in the morning = %v; want %v", sent, want)
		}
	})
}
