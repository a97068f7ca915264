package models_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// outbox lists the deliveries about o, keyed and stated, without times.
func outbox(t *testing.T, s *models.Store, o *models.OneToOne) []models.Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), models.AboutOneToOne(o.ID))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

var keyOnly = cmpopts.IgnoreFields(models.Delivery{}, "ID", "GroupID", "Subject", "DueAt", "ClaimedBy", "LeaseUntil", "Attempts", "SentAt", "LastError", "CreatedAt", "UpdatedAt")

// TestNotesAreStoredWithTheirChange: the messages that follow a change are
// in the outbox exactly when the change is: with it, due after the grace
// the bot has to send them itself, and never for a change refused.
func TestNotesAreStoredWithTheirChange(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, err := models.NewRequest("UA", "UB", "coffee?", t0)
		if err != nil {
			t.Fatal(err)
		}
		invite := models.Note{Kind: models.KindInvitation, To: "UB", By: "UA"}
		if err := s.CreateOneToOne(ctx, o, invite, models.Note{Kind: models.KindRequestCopy, To: "UA", By: "UA"}); err != nil {
			t.Fatal(err)
		}
		want := []models.Delivery{
			{Kind: models.KindInvitation, Recipient: "UB", Actor: "UA", Window: "v0", State: models.DeliveryPending},
			{Kind: models.KindRequestCopy, Recipient: "UA", Actor: "UA", Window: "v0", State: models.DeliveryPending},
		}
		got := outbox(t, s, o)
		if diff := cmp.Diff(want, got, keyOnly); diff != "" {
			t.Errorf("deliveries after the request (-want +got):\n%s", diff)
		}
		if !got[0].DueAt.Equal(t0.Add(models.OutboxGrace)) {
			t.Errorf("due %v, want after the grace, %v", got[0].DueAt, t0.Add(models.OutboxGrace))
		}

		t.Run("ErrRefusedStoresNothing", func(t *testing.T) {
			_, notes, err := s.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
				return []models.Note{{Kind: models.KindDeclined, To: "UA", By: "UA"}}, o.Decline("UA", "", t0)
			})
			if models.ErrorCode(err) != models.EUNAUTHORIZED || notes != nil {
				t.Fatalf("decline by the requester = %v, %v; want refused", notes, err)
			}
			if n := len(outbox(t, s, o)); n != 2 {
				t.Errorf("%d deliveries after a refused change, want the 2 of the request", n)
			}
		})
		t.Run("OKDecline", func(t *testing.T) {
			got, notes, err := s.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
				// A note to someone outside Slack goes to nobody.
				return []models.Note{{Kind: models.KindDeclined, To: "UA", By: "UB"}, {Kind: models.KindDeclined, By: "UB"}}, o.Decline("UB", "busy", t0)
			})
			if err != nil || got.Status != models.StatusDeclined || len(notes) != 1 {
				t.Fatalf("decline = %+v, %v, %v", got, notes, err)
			}
			ds := outbox(t, s, o)
			last := ds[len(ds)-1]
			if len(ds) != 3 || last.Kind != models.KindDeclined || last.Window != models.WindowVersion(got) || last.Actor != "UB" || last.Recipient != "UA" {
				t.Errorf("deliveries after the decline = %+v", ds)
			}
		})
	})
}

// TestScheduleTwiceIsOneChange: the same time, length and place submitted
// twice, one after the other or at once (a redelivery, two replicas), is one
// schedule: one version, one confirmation to each person, and no "has
// moved".
func TestScheduleTwiceIsOneChange(t *testing.T) {
	clock := storetest.NewClock(t0)
	at := t0.Add(48 * time.Hour)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o := mustRequest(t, s, "UA", "UB", t0)
		schedule := func() ([]models.Note, error) {
			_, notes, err := s.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
				kind := models.KindScheduled
				if o.Status == models.StatusScheduled {
					kind = models.KindRescheduled
				}
				if err := o.Schedule(at, time.Hour, " Café ", t0); err != nil {
					return nil, err
				}
				return []models.Note{{Kind: kind, To: "UA", By: "UB"}, {Kind: kind, To: "UB", By: "UB"}}, nil
			})
			return notes, err
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		told := 0
		for range 4 {
			wg.Go(func() {
				notes, err := schedule()
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				told += len(notes)
				mu.Unlock()
			})
		}
		wg.Wait()
		if notes, err := schedule(); err != nil || notes != nil {
			t.Errorf("once more = %v, %v; want nothing to tell", notes, err)
		}
		got, err := s.OneToOne(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || told != 2 {
			t.Errorf("version %d and %d notes after the same schedule five times; want 1 and 2", got.Version, told)
		}
		for _, d := range outbox(t, s, o) {
			if d.Kind != models.KindScheduled {
				t.Errorf("delivery %s to %s: the meeting never moved", d.Kind, d.Recipient)
			}
		}
		// Another place is a change, and says the meeting moved.
		_, notes, err := s.ChangeOneToOne(ctx, o.ID, func(o *models.OneToOne) ([]models.Note, error) {
			return []models.Note{{Kind: models.KindRescheduled, To: "UA", By: "UB"}}, o.Schedule(at, time.Hour, "Library", t0)
		})
		if err != nil || len(notes) != 1 {
			t.Errorf("a new place = %v, %v", notes, err)
		}
	})
}

// TestClaimNow: the process that stored a note claims it at once, whatever
// its due time, and only once; the outbox job finds it only after the
// grace, when the process that stored it died before sending.
func TestClaimNow(t *testing.T) {
	clock := storetest.NewClock(t0)
	const lease = 5 * time.Minute
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, err := models.NewRequest("UA", "UB", "", t0)
		if err != nil {
			t.Fatal(err)
		}
		invite, other := models.Note{Kind: models.KindInvitation, To: "UB", By: "UA"}, models.Note{Kind: models.KindRequestCopy, To: "UA", By: "UA"}
		if err := s.CreateOneToOne(ctx, o, invite, other); err != nil {
			t.Fatal(err)
		}
		if d, _, err := s.ClaimDue(ctx, t0, "job", lease, models.ActionKinds); err != nil || d != nil {
			t.Fatalf("the outbox job's claim within the grace = %+v, %v; want nothing", d, err)
		}
		d, err := s.ClaimNow(ctx, invite.Delivery(o, t0), t0, "bot", lease)
		if err != nil || d == nil || d.Kind != models.KindInvitation || d.State != models.DeliveryClaimed || d.ClaimedBy != "bot" || d.Attempts != 1 {
			t.Fatalf("claim now = %+v, %v", d, err)
		}
		if again, err := s.ClaimNow(ctx, invite.Delivery(o, t0), t0, "bot2", lease); err != nil || again != nil {
			t.Errorf("second claim = %+v, %v; want nothing", again, err)
		}
		// The copy was never claimed: the bot died. After the grace the
		// outbox job takes it, fresh.
		got, recovered, err := s.ClaimDue(ctx, t0.Add(models.OutboxGrace), "job", lease, models.ActionKinds)
		if err != nil || got == nil || got.Kind != models.KindRequestCopy || recovered {
			t.Errorf("the outbox job's claim after the grace = %+v, %v, %v; want the copy, fresh", got, recovered, err)
		}
	})
}

// TestSetLiveMessage: recording where a message went is no change: the
// version stays, so the other messages of the same change stay current.
func TestSetLiveMessage(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o := mustRequest(t, s, "UA", "UB", t0)
		if err := s.SetLiveMessage(ctx, o.ID, "UB", "DB", "1.1"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLiveMessage(ctx, o.ID, "UA", "DA", "2.2"); err != nil {
			t.Fatal(err)
		}
		got, err := s.OneToOne(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != o.Version || got.InviteChannel != "DB" || got.InviteTS != "1.1" || got.RequesterChannel != "DA" || got.RequesterTS != "2.2" {
			t.Errorf("after recording = %+v", got)
		}
	})
}

// TestOptOutTellsOrganizers: each request an opt-out closes has its
// organizer's note stored with it.
func TestOptOutTellsOrganizers(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if err := s.SaveMember(ctx, &models.Member{ID: "UB", Name: "b", ProfileFetchedAt: t0}); err != nil {
			t.Fatal(err)
		}
		a, c := mustRequest(t, s, "UA", "UB", t0), mustRequest(t, s, "UC", "UB", t0)
		closed, err := s.OptOut(ctx, "UB")
		if err != nil || len(closed) != 2 {
			t.Fatalf("opt out = %d closed, %v", len(closed), err)
		}
		for i, o := range []*models.OneToOne{a, c} {
			want := models.OptedOutNote(&closed[i]).Delivery(&closed[i], t0)
			want.State = models.DeliveryPending
			if diff := cmp.Diff([]models.Delivery{want}, outbox(t, s, o), keyOnly); diff != "" {
				t.Errorf("outbox of request %d (-want +got):\n%s", i, diff)
			}
		}
	})
}
