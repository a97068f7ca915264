package models_test

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

func TestMarkMissed(t *testing.T) {
	past, future := t0.Add(-time.Hour), t0.Add(time.Hour)
	tests := []struct {
		name        string
		status      models.Status
		scheduledAt *time.Time
		invitee     models.UserID
		by          models.UserID
		code        string
	}{
		{"OKScheduledInThePast", models.StatusScheduled, &past, "UB", "UA", ""},
		{"OKByInvitee", models.StatusScheduled, &past, "UB", "UB", ""},
		{"OKHeld", models.StatusHeld, &past, "UB", "UA", ""},
		{"ErrStillAhead", models.StatusScheduled, &future, "UB", "UA", models.EINVALID},
		{"ErrStranger", models.StatusScheduled, &past, "UB", "UC", models.EUNAUTHORIZED},
		{"ErrReflected", models.StatusReflected, &past, "UB", "UA", models.ECONFLICT},
		{"ErrAlreadyReopened", models.StatusRequested, nil, "UB", "UA", models.ECONFLICT},
		{"ErrCancelled", models.StatusCancelled, &past, "UB", "UA", models.ECONFLICT},
		{"ErrLoggedWithoutSchedule", models.StatusHeld, nil, "UB", "UA", models.EINVALID},
		{"OKPersonOutsideSlack", models.StatusScheduled, &past, "", "UA", ""},
		{"OKPersonOutsideSlackHeld", models.StatusHeld, &past, "", "UA", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			held := past
			o := &models.OneToOne{RequesterID: "UA", InviteeID: tt.invitee, Status: tt.status, ScheduledAt: tt.scheduledAt, HeldAt: &held, RequestedAt: t0.Add(-30 * 24 * time.Hour)}
			err := o.MarkMissed(tt.by, t0)
			if got := models.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if tt.code != "" {
				if o.Status != tt.status {
					t.Errorf("a refused change moved the status to %s", o.Status)
				}
				return
			}
			if o.Status != models.StatusRequested || o.ScheduledAt != nil || o.HeldAt != nil || !o.RequestedAt.Equal(t0) {
				t.Errorf("after MarkMissed: status %s, scheduled %v, held %v, requested %v; want requested, nil, nil, %v", o.Status, o.ScheduledAt, o.HeldAt, o.RequestedAt, t0)
			}
		})
	}
}
