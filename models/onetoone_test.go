package models_test

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

var t0 = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

func TestOneToOneTransitions(t *testing.T) {
	future := t0.Add(48 * time.Hour)
	tests := []struct {
		name   string
		start  models.Status
		change func(o *models.OneToOne) error
		want   models.Status
		code   string
	}{
		{"ScheduleOK", models.StatusRequested, func(o *models.OneToOne) error { return o.Schedule(future, 45*time.Minute, "Café", t0) }, models.StatusScheduled, ""},
		{"RescheduleOK", models.StatusScheduled, func(o *models.OneToOne) error { return o.Schedule(future, time.Hour, "", t0) }, models.StatusScheduled, ""},
		{"ErrScheduleInPast", models.StatusRequested, func(o *models.OneToOne) error { return o.Schedule(t0.Add(-time.Minute), 45*time.Minute, "", t0) }, models.StatusRequested, models.EINVALID},
		{"ErrScheduleTooShort", models.StatusRequested, func(o *models.OneToOne) error { return o.Schedule(future, 15*time.Minute, "", t0) }, models.StatusRequested, models.EINVALID},
		{"ErrScheduleTooLong", models.StatusRequested, func(o *models.OneToOne) error { return o.Schedule(future, 3*time.Hour, "", t0) }, models.StatusRequested, models.EINVALID},
		{"ErrScheduleDeclined", models.StatusDeclined, func(o *models.OneToOne) error { return o.Schedule(future, time.Hour, "", t0) }, models.StatusDeclined, models.ECONFLICT},
		{"DeclineOK", models.StatusRequested, func(o *models.OneToOne) error { return o.Decline("UB", "busy", t0) }, models.StatusDeclined, ""},
		{"ErrDeclineByRequester", models.StatusRequested, func(o *models.OneToOne) error { return o.Decline("UA", "", t0) }, models.StatusRequested, models.EUNAUTHORIZED},
		{"ErrDeclineTwice", models.StatusDeclined, func(o *models.OneToOne) error { return o.Decline("UB", "", t0) }, models.StatusDeclined, models.ECONFLICT},
		{"CancelByInviteeOK", models.StatusScheduled, func(o *models.OneToOne) error { return o.Cancel("UB", "", t0) }, models.StatusCancelled, ""},
		{"ErrCancelByStranger", models.StatusRequested, func(o *models.OneToOne) error { return o.Cancel("UC", "", t0) }, models.StatusRequested, models.EUNAUTHORIZED},
		{"ExpireOK", models.StatusRequested, func(o *models.OneToOne) error { return o.Expire(t0) }, models.StatusExpired, ""},
		{"ErrExpireScheduled", models.StatusScheduled, func(o *models.OneToOne) error { return o.Expire(t0) }, models.StatusScheduled, models.ECONFLICT},
		{"ReflectHeldOK", models.StatusHeld, func(o *models.OneToOne) error { return o.Reflect("UA", t0) }, models.StatusReflected, ""},
		{"ReflectByInviteeOK", models.StatusHeld, func(o *models.OneToOne) error { return o.Reflect("UB", t0) }, models.StatusReflected, ""},
		{"ReflectAgainByTheOtherOK", models.StatusReflected, func(o *models.OneToOne) error { return o.Reflect("UB", t0) }, models.StatusReflected, ""},
		{"ErrReflectByStranger", models.StatusHeld, func(o *models.OneToOne) error { return o.Reflect("UC", t0) }, models.StatusHeld, models.EUNAUTHORIZED},
		{"ErrReflectCancelled", models.StatusCancelled, func(o *models.OneToOne) error { return o.Reflect("UA", t0) }, models.StatusCancelled, models.ECONFLICT},
		{"ErrHeldInFuture", models.StatusScheduled, func(o *models.OneToOne) error { return o.MarkHeld(future, t0) }, models.StatusScheduled, models.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &models.OneToOne{RequesterID: "UA", InviteeID: "UB", Status: tt.start}
			err := tt.change(o)
			if got := models.ErrorCode(err); got != tt.code {
				t.Fatalf("error code = %q (%v), want %q", got, err, tt.code)
			}
			if tt.code != "" && o.Status != tt.start {
				t.Errorf("a refused change moved the status to %s", o.Status)
			}
			if o.Status != tt.want {
				t.Errorf("status = %s, want %s", o.Status, tt.want)
			}
		})
	}
}

func TestNewRequest(t *testing.T) {
	long := make([]rune, models.MaxMessageLen+1)
	for i := range long {
		long[i] = 'é'
	}
	tests := []struct {
		name, requester, invitee, msg, code string
	}{
		{"OK", "UA", "UB", "coffee?", ""},
		{"ErrSelfRequest", "UA", "UA", "", models.EINVALID},
		{"ErrNobody", "UA", "", "", models.EINVALID},
		{"ErrTooLong", "UA", "UB", string(long), models.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := models.NewRequest(models.UserID(tt.requester), models.UserID(tt.invitee), tt.msg, t0)
			if got := models.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if err == nil && (o.Status != models.StatusRequested || o.DurationMin != 45) {
				t.Errorf("new request = %+v", o)
			}
		})
	}
}

func TestErrorMessageHidesInternals(t *testing.T) {
	err := &models.Error{Code: models.EINTERNAL, Message: "pq: secret detail", Err: nil}
	if got := models.ErrorMessage(err); got == err.Message {
		t.Errorf("internal message leaked: %q", got)
	}
	if got := models.ErrorMessage(models.Errorf(models.EINVALID, "Pick a time.")); got != "Pick a time." {
		t.Errorf("user message = %q", got)
	}
}

func TestParseDSN(t *testing.T) {
	tests := []struct{ in, dialect, prefix string }{
		{"", models.SQLite, "onetoone.db?"},
		{"sqlite:data/x.db", models.SQLite, "data/x.db?"},
		{"./x.db", models.SQLite, "./x.db?"},
		{"postgres://u:p@h:5432/db", models.Postgres, "postgres://u:p@h:5432/db"},
	}
	for _, tt := range tests {
		d, dsn, err := models.ParseDSN(tt.in)
		if err != nil || d != tt.dialect || len(dsn) < len(tt.prefix) || dsn[:len(tt.prefix)] != tt.prefix {
			t.Errorf("ParseDSN(%q) = %q, %q, %v", tt.in, d, dsn, err)
		}
	}
	// Postgres plans each run for its values, and a connection attempt
	// gives up after ConnectTimeout, unless the URL says otherwise.
	if _, dsn, _ := models.ParseDSN("postgres://h/db?sslmode=disable"); dsn != "postgres://h/db?connect_timeout=10&plan_cache_mode=force_custom_plan&sslmode=disable" {
		t.Errorf("postgres DSN = %q, want plan_cache_mode=force_custom_plan and connect_timeout=10 added", dsn)
	}
	if _, dsn, _ := models.ParseDSN("postgres://h/db?plan_cache_mode=auto&connect_timeout=3"); dsn != "postgres://h/db?connect_timeout=3&plan_cache_mode=auto" {
		t.Errorf("postgres DSN = %q, want the URL's own plan_cache_mode and connect_timeout kept", dsn)
	}
	if _, _, err := models.ParseDSN("mysql://x"); err == nil {
		t.Error("mysql:// accepted")
	}
	if got := models.Redact("postgres://bob:hunter2@db.example:5432/onetoone?sslmode=disable"); got != "postgres://db.example:5432/onetoone" {
		t.Errorf("Redact = %q", got)
	}
}
