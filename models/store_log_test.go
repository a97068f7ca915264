package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestLogHeld: logging an open one-to-one marks it held on the day given,
// with the reflection, or changes nothing.
func TestLogHeld(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		open := func() *models.OneToOne {
			t.Helper()
			o, err := models.NewRequest("UA", "UB", "coffee?", t0)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.CreateOneToOne(ctx, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		answers := func() *models.Reflection {
			return &models.Reflection{AuthorID: "UA", Answers: map[string]string{"common": "Night shifts"}}
		}
		o := open()
		held := t0.Add(-24 * time.Hour)

		t.Run("ErrEmptyReflection", func(t *testing.T) {
			_, err := s.LogHeld(ctx, o.ID, held, &models.Reflection{AuthorID: "UA", Answers: map[string]string{}})
			if models.ErrorCode(err) != models.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
		t.Run("ErrFuture", func(t *testing.T) {
			_, err := s.LogHeld(ctx, o.ID, t0.Add(time.Hour), answers())
			if models.ErrorCode(err) != models.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
		if got, _ := s.OneToOne(ctx, o.ID); got.Status != models.StatusRequested || got.HeldAt != nil {
			t.Fatalf("refused logs changed the one-to-one: %+v", got)
		}
		t.Run("OK", func(t *testing.T) {
			got, err := s.LogHeld(ctx, o.ID, held, answers())
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != models.StatusReflected || got.HeldAt == nil || !got.HeldAt.Equal(held) {
				t.Errorf("logged %+v, want reflected, held at %v", got, held)
			}
			if r, err := s.Reflection(ctx, o.ID, "UA", &models.Member{ID: "UA"}); err != nil || r.Answers["common"] != "Night shifts" {
				t.Errorf("reflection = %+v, %v", r, err)
			}
		})
		t.Run("ErrClosed", func(t *testing.T) {
			c := open()
			if _, err := s.UpdateOneToOne(ctx, c.ID, func(o *models.OneToOne) error { return o.Cancel("UA", "", t0) }); err != nil {
				t.Fatal(err)
			}
			if _, err := s.LogHeld(ctx, c.ID, held, answers()); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("err = %v, want ECONFLICT", err)
			}
		})
	})
}
