package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func TestProposeTimes(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	a, b, c, d := t0.Add(24*time.Hour), t0.Add(48*time.Hour), t0.Add(72*time.Hour), t0.Add(96*time.Hour)
	for _, tc := range []struct {
		name string
		in   []time.Time
		want models.ProposedTimes
		code string
	}{
		{"OK", []time.Time{c, a.In(paris), b}, models.ProposedTimes{a, b, c}, ""},
		{"OKNone", nil, nil, ""},
		{"OKSameTimeOnce", []time.Time{a, a.In(paris), {}}, models.ProposedTimes{a}, ""},
		{"ErrPassed", []time.Time{a, t0}, nil, models.EINVALID},
		{"ErrTooMany", []time.Time{a, b, c, d}, nil, models.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := models.ProposeTimes(tc.in, t0)
			if models.ErrorCode(err) != tc.code {
				t.Fatalf("error = %v, want code %q", err, tc.code)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("times (-want +got):\n%s", diff)
			}
		})
	}
	p := models.ProposedTimes{a, b}
	if got := p.Open(a); !cmp.Equal(got, models.ProposedTimes{b}) {
		t.Errorf("Open at the first time = %v, want only the second: a passed time is no longer offered", got)
	}
	if !p.Has(b.In(paris)) || p.Has(c) {
		t.Error("Has is wrong")
	}
}

// TestProposedTimesStored: the times a request proposes are stored with
// it, on both databases, and read back in UTC, earliest first.
func TestProposedTimesStored(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, err := models.NewRequest("UA", "UB", "hi", t0)
		if err != nil {
			t.Fatal(err)
		}
		paris, _ := time.LoadLocation("Europe/Paris")
		o.Proposed, err = models.ProposeTimes([]time.Time{t0.Add(50 * time.Hour).In(paris), t0.Add(26 * time.Hour)}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, err := s.OneToOne(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := models.ProposedTimes{t0.Add(26 * time.Hour), t0.Add(50 * time.Hour)}
		if diff := cmp.Diff(want, got.Proposed); diff != "" {
			t.Errorf("stored times (-want +got):\n%s", diff)
		}
		plain, _ := models.NewRequest("UC", "UB", "hi", t0)
		if err := s.CreateOneToOne(ctx, plain); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.OneToOne(ctx, plain.ID); got == nil || len(got.Proposed) != 0 {
			t.Errorf("a request without times reads back %v", got)
		}
	})
}
