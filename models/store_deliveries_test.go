package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func nudge(subject models.Subject, due time.Time) models.Delivery {
	return models.Delivery{Kind: models.KindNudgeRequester, Subject: subject, Recipient: "UA", Window: "w", DueAt: due}
}

func TestEnqueueOnceUnderRace(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		var wg sync.WaitGroup
		total := 0
		for i := 0; i < 6; i++ {
			wg.Go(func() {
				n, err := s.Enqueue(ctx, nudge(models.AboutOneToOne(1), t0), nudge(models.AboutOneToOne(2), t0))
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			})
		}
		wg.Wait()
		if total != 2 {
			t.Errorf("enqueued %d new deliveries in all, want 2", total)
		}
		// A key already sent through RecordOnce is not queued again.
		if _, err := s.RecordOnce(ctx, models.KindNudgeRequester, models.AboutOneToOne(3), "UA", "w"); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Enqueue(ctx, nudge(models.AboutOneToOne(3), t0)); err != nil || n != 0 {
			t.Errorf("enqueue over a sent record = %d, %v; want 0", n, err)
		}
	})
}

func TestClaimDue(t *testing.T) {
	clock := storetest.NewClock(t0)
	kinds := []string{models.KindNudgeRequester}
	const lease = 5 * time.Minute
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if _, err := s.Enqueue(ctx, nudge(models.AboutChannel("due"), t0), nudge(models.AboutChannel("later"), t0.Add(time.Hour))); err != nil {
			t.Fatal(err)
		}
		t.Run("OtherKindsLeftAlone", func(t *testing.T) {
			d, _, err := s.ClaimDue(ctx, t0, "w1", lease, []string{models.KindReminder})
			if err != nil || d != nil {
				t.Fatalf("claim of another kind = %+v, %v; want nothing", d, err)
			}
		})
		var first *models.Delivery
		t.Run("OKDue", func(t *testing.T) {
			d, recovered, err := s.ClaimDue(ctx, t0, "w1", lease, kinds)
			if err != nil || d == nil || d.Subject.Text != "due" || recovered {
				t.Fatalf("claim = %+v, %v, %v; want the due one, fresh", d, recovered, err)
			}
			if d.State != models.DeliveryClaimed || d.ClaimedBy != "w1" || d.Attempts != 1 || !d.LeaseUntil.Equal(t0.Add(lease)) {
				t.Errorf("claimed = %+v", d)
			}
			first = d
		})
		t.Run("NothingWhileLeased", func(t *testing.T) {
			d, _, err := s.ClaimDue(ctx, t0.Add(lease-time.Second), "w2", lease, kinds)
			if err != nil || d != nil {
				t.Fatalf("claim during the lease = %+v, %v; want nothing", d, err)
			}
		})
		t.Run("RecoveredAfterLease", func(t *testing.T) {
			d, recovered, err := s.ClaimDue(ctx, t0.Add(lease), "w2", lease, kinds)
			if err != nil || d == nil || d.ID != first.ID || !recovered || d.Attempts != 2 {
				t.Fatalf("claim after the lease = %+v, %v, %v; want the abandoned one, recovered, 2 attempts", d, recovered, err)
			}
		})
		t.Run("ErrLeaseLost", func(t *testing.T) {
			err := s.FinishDelivery(ctx, first.ID, "w1", models.DeliverySent, "", t0)
			if models.ErrorCode(err) != models.ECONFLICT {
				t.Fatalf("finish by the worker who lost the claim = %v, want ECONFLICT", err)
			}
		})
		t.Run("OKDeferDoesNotCount", func(t *testing.T) {
			if err := s.RetryDelivery(ctx, first.ID, "w2", t0.Add(2*time.Hour), "quiet hours", false); err != nil {
				t.Fatal(err)
			}
			ds, err := s.Deliveries(ctx, models.AboutChannel("due"))
			if err != nil || len(ds) != 1 {
				t.Fatalf("deliveries = %v, %v", ds, err)
			}
			if d := ds[0]; d.State != models.DeliveryPending || d.Attempts != 1 || !d.DueAt.Equal(t0.Add(2*time.Hour)) || d.ClaimedBy != "" || d.LeaseUntil != nil {
				t.Errorf("deferred = %+v; want pending, 1 attempt, due in 2h, unclaimed", d)
			}
		})
		t.Run("OKSent", func(t *testing.T) {
			at := t0.Add(3 * time.Hour)
			for _, want := range []string{"later", "due"} {
				d, _, err := s.ClaimDue(ctx, at, "w3", lease, kinds)
				if err != nil || d == nil || d.Subject.Text != want {
					t.Fatalf("claim = %+v, %v; want %q (most overdue first)", d, err, want)
				}
				if err := s.FinishDelivery(ctx, d.ID, "w3", models.DeliverySent, "", at); err != nil {
					t.Fatal(err)
				}
			}
			if d, _, err := s.ClaimDue(ctx, at.Add(time.Hour), "w3", lease, kinds); err != nil || d != nil {
				t.Errorf("claim after all sent = %+v, %v; want nothing", d, err)
			}
			ds, _ := s.Deliveries(ctx, models.AboutChannel("later"))
			if len(ds) != 1 || ds[0].State != models.DeliverySent || ds[0].SentAt == nil || !ds[0].SentAt.Equal(at) {
				t.Errorf("sent = %+v", ds)
			}
		})
	})
}

// TestClaimDueEachOnce claims from many goroutines at once: every delivery
// goes to exactly one of them.
func TestClaimDueEachOnce(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var ds []models.Delivery
		for i := range 60 {
			ds = append(ds, nudge(models.AboutOneToOne(models.OneToOneID(i)), t0.Add(-time.Duration(i)*time.Second)))
		}
		if _, err := s.Enqueue(ctx, ds...); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		claims := map[int64]int{}
		var wg sync.WaitGroup
		for w := range 6 {
			worker := fmt.Sprintf("w%d", w)
			wg.Go(func() {
				for {
					d, _, err := s.ClaimDue(ctx, t0, worker, time.Minute, []string{models.KindNudgeRequester})
					if err != nil {
						t.Error(err)
						return
					}
					if d == nil {
						return
					}
					mu.Lock()
					claims[d.ID]++
					mu.Unlock()
					if err := s.FinishDelivery(ctx, d.ID, worker, models.DeliverySent, "", t0); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if len(claims) != 60 {
			t.Errorf("%d deliveries claimed, want 60", len(claims))
		}
		for id, n := range claims {
			if n != 1 {
				t.Errorf("delivery %d claimed %d times", id, n)
			}
		}
	})
}

func TestLeaseOneHolderAtATime(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		take := func(holder string) bool {
			t.Helper()
			ok, err := s.TryLease(ctx, "job:digest", holder, clock.Now(), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take("a") || take("b") || !take("a") {
			t.Fatal("a should hold the lease, b should not, a may renew")
		}
		clock.Advance(2 * time.Minute)
		if !take("b") {
			t.Fatal("b could not take an expired lease")
		}
		if err := s.ReleaseLease(ctx, "job:digest", "a"); err != nil {
			t.Fatal(err)
		}
		if take("a") {
			t.Error("a's stale release freed b's lease")
		}
		s.ReleaseLease(ctx, "job:digest", "b")
		if !take("a") {
			t.Error("a could not take a released lease")
		}
	})
}
