package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestWithDeadline: a deadline that has passed stops a statement and a
// transaction alike, and says plainly that nothing was saved; a later
// deadline never lifts an earlier one; in time, the work is done.
func TestWithDeadline(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, err := models.NewRequest("UA", "UB", "coffee?", clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		passed := models.WithDeadline(ctx, time.Now().Add(-time.Millisecond))
		for _, tt := range []struct {
			name string
			ctx  context.Context
		}{
			{"ErrPassed", passed},
			{"ErrLaterDoesNotLift", models.WithDeadline(passed, time.Now().Add(time.Hour))},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.OpenBetween(tt.ctx, "UA", "UB")
				if models.ErrorCode(err) != models.EUNAVAILABLE {
					t.Errorf("statement: err = %v, want %s", err, models.EUNAVAILABLE)
				}
				_, err = s.UpdateOneToOne(tt.ctx, o.ID, func(o *models.OneToOne) error { return o.Cancel("UA", "", clock.Now()) })
				if models.ErrorCode(err) != models.EUNAVAILABLE || !strings.Contains(models.ErrorMessage(err), "nothing was saved") {
					t.Errorf("transaction: err = %v, message %q", err, models.ErrorMessage(err))
				}
			})
		}
		if got, err := s.OpenBetween(ctx, "UA", "UB"); err != nil || got == nil {
			t.Fatalf("the request was changed by a transaction past its deadline: %+v, %v", got, err)
		}
		t.Run("OKInTime", func(t *testing.T) {
			in := models.WithDeadline(ctx, time.Now().Add(time.Minute))
			if _, err := s.UpdateOneToOne(in, o.ID, func(o *models.OneToOne) error { return o.Cancel("UA", "", clock.Now()) }); err != nil {
				t.Fatalf("in time: %v", err)
			}
		})
	})
}
