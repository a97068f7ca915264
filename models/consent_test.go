package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func mustNoContact(t *testing.T, s *models.Store, id models.UserID) {
	t.Helper()
	if err := s.MayContact(context.Background(), id); !errors.Is(err, models.ErrNoContact) || models.ErrorCode(err) != models.EUNAUTHORIZED {
		t.Errorf("MayContact(%s) = %v, want a refusal", id, err)
	}
}

func mustContact(t *testing.T, s *models.Store, id models.UserID) {
	t.Helper()
	if err := s.MayContact(context.Background(), id); err != nil {
		t.Errorf("MayContact(%s) = %v, want nil", id, err)
	}
}

// TestMayContact: opting out and being forgotten at one's request both
// stop the bot; opting in lifts either; strangers may be contacted.
func TestMayContact(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		s.SaveMember(ctx, &models.Member{ID: "UA", ProfileFetchedAt: t0})
		mustContact(t, s, "UA")
		mustContact(t, s, "UNEVERSEEN")
		if _, err := s.OptOut(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		mustNoContact(t, s, "UA")
		if err := s.OptIn(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		mustContact(t, s, "UA")
		if _, err := s.OptOut(ctx, "UNOPE"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("opt-out of someone unknown = %v", err)
		}
	})
}

// TestForgetKeepsOnlySuppression: a forgotten member leaves their Slack id
// and the day, nothing else, and the record survives what used to bring
// them back: someone naming them (SaveMember), a newcomer event
// (MarkJoined), a profile refresh (RefreshMember), a second forget, and
// their own opt-out. Only their opt-in lifts it.
func TestForgetKeepsOnlySuppression(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		profile := func() *models.Member {
			return &models.Member{ID: "UA", Name: "Alex", TZ: "Europe/Paris", ProfileFetchedAt: clock.Now()}
		}
		if err := s.SaveMember(ctx, profile()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ForgetMember(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		var sup []models.Suppression
		s.DB().Find(&sup)
		day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
		if len(sup) != 1 || sup[0].UserID != "UA" || !sup[0].Since.Equal(day) {
			t.Fatalf("suppressions = %+v", sup)
		}
		mustNoContact(t, s, "UA")

		clock.Advance(48 * time.Hour)
		if err := s.SaveMember(ctx, profile()); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("save of someone forgotten = %v", err)
		}
		if err := s.MarkJoined(ctx, profile(), clock.Now()); err != nil {
			t.Errorf("mark joined = %v", err)
		}
		if err := s.RefreshMember(ctx, profile()); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("refresh = %v", err)
		}
		if _, err := s.Member(ctx, "UA"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("the forgotten member is back: %v", err)
		}
		if closed, err := s.OptOut(ctx, "UA"); err != nil || len(closed) != 0 {
			t.Errorf("their own opt-out = %v, %v", closed, err)
		}
		if _, err := s.ForgetMember(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		sup = nil
		s.DB().Find(&sup)
		if len(sup) != 1 || !sup[0].Since.Equal(day) {
			t.Errorf("after a second forget: %+v", sup)
		}
		mustNoContact(t, s, "UA")

		if err := s.OptIn(ctx, "UA"); err != nil {
			t.Fatal(err)
		}
		mustContact(t, s, "UA")
		if err := s.SaveMember(ctx, profile()); err != nil {
			t.Fatal(err)
		}
		if m, err := s.Member(ctx, "UA"); err != nil || m.OptedOut {
			t.Errorf("after opting in = %+v, %v", m, err)
		}
	})
}

// TestOptOutClosesWaitingRequests: the requests waiting on the person's
// answer close as declined by them, and those they sent, whose answer
// could no longer reach them, as cancelled by them; agreed meetings and
// plans with people outside Slack stay.
func TestOptOutClosesWaitingRequests(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		s.SaveMember(ctx, &models.Member{ID: "UB", ProfileFetchedAt: t0})
		toB := mustRequest(t, s, "UA", "UB", t0)
		toBtoo := mustRequest(t, s, "UC", "UB", t0)
		byB := mustRequest(t, s, "UB", "UD", t0)
		agreed := mustSchedule(t, s, mustRequest(t, s, "UE", "UB", t0), t0.Add(48*time.Hour), t0)
		other := mustRequest(t, s, "UA", "UC", t0)
		planned, err := models.NewPlanned("UB", &models.Person{}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePlanned(ctx, planned, "Maria Lopez"); err != nil {
			t.Fatal(err)
		}

		closed, err := s.OptOut(ctx, "UB")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]models.OneToOneID{toB.ID, toBtoo.ID, byB.ID}, ids(closed)); diff != "" {
			t.Errorf("closed (-want +got):\n%s", diff)
		}
		for _, want := range []struct {
			o      *models.OneToOne
			status models.Status
		}{{toB, models.StatusDeclined}, {toBtoo, models.StatusDeclined}, {byB, models.StatusCancelled}, {agreed, models.StatusScheduled}, {other, models.StatusRequested}, {planned, models.StatusRequested}} {
			got, err := s.OneToOne(ctx, want.o.ID)
			if err != nil || got.Status != want.status {
				t.Errorf("one-to-one %d = %+v, %v; want %s", want.o.ID, got, err, want.status)
			}
			if (want.status == models.StatusDeclined || want.status == models.StatusCancelled) && (got.ClosedBy != "UB" || got.Reason != "") {
				t.Errorf("closed as %+v", got)
			}
		}
		mustNoContact(t, s, "UB")
	})
}
