package models_test

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

func TestCheckFollowUp(t *testing.T) {
	today := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
	day := func(d int) *time.Time { t := today.AddDate(0, 0, d); return &t }
	savedOn := func(d *time.Time) *models.Reflection { return &models.Reflection{FollowUpOn: d} }
	tests := []struct {
		name  string
		day   *time.Time
		saved *models.Reflection
		ok    bool
	}{
		{"OKNone", nil, nil, true},
		{"OKToday", day(0), nil, true},
		{"OKLater", day(3), savedOn(day(-2)), true},
		{"OKSavedDayUnchanged", day(-2), savedOn(day(-2)), true},
		{"ErrPastNew", day(-1), nil, false},
		{"ErrPastChanged", day(-3), savedOn(day(-2)), false},
		{"ErrPastWhenNoneSaved", day(-1), savedOn(nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &models.Reflection{FollowUpOn: tt.day}
			err := r.CheckFollowUp(tt.saved, today)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckFollowUp = %v, want ok %v", err, tt.ok)
			}
			if err != nil && models.ErrorCode(err) != models.EINVALID {
				t.Errorf("code = %q, want invalid", models.ErrorCode(err))
			}
		})
	}
}
