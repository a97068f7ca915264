package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/scheduler"
)

func TestLoadSchedule(t *testing.T) {
	tests := []struct {
		name string
		env  env
		want func(s *schedule)
	}{
		{"OKDefaults", env{}, func(*schedule) {}},
		{"OKEndToEndTimings", env{"ONETOONE_TICK": "1s", "ONETOONE_NUDGE_AFTER": "5s", "ONETOONE_REFLECTION_DELAY": "2s"},
			func(s *schedule) { s.Tick, s.NudgeAfter, s.ReflectionDelay = time.Second, 5*time.Second, 2*time.Second }},
		{"OKDays", env{"ONETOONE_NUDGE_AFTER": "10d", "ONETOONE_EXPIRE_AFTER": "30d", "ONETOONE_REMINDER_BEFORE": "90m"},
			func(s *schedule) {
				s.NudgeAfter, s.ExpireAfter, s.ReminderBefore = 10*24*time.Hour, 30*24*time.Hour, 90*time.Minute
			}},
		{"OKHours", env{"ONETOONE_DELIVERY_HOURS": "08-20"}, func(s *schedule) { s.Hours = scheduler.Hours{From: 8, To: 20} }},
		{"OKAlways", env{"ONETOONE_DELIVERY_HOURS": "always"}, func(s *schedule) { s.Hours = scheduler.AllDay }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadSchedule(tt.env.getenv)
			if err != nil {
				t.Fatalf("loadSchedule: %v", err)
			}
			want := defaultSchedule
			tt.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("schedule (-want +got):\n%s", diff)
			}
		})
	}

	errs := []struct {
		name, variable string
		env            env
		contains       string
	}{
		{"ErrTickTooShort", "ONETOONE_TICK", env{"ONETOONE_TICK": "500ms"}, "at least 1s"},
		{"ErrTickWords", "ONETOONE_TICK", env{"ONETOONE_TICK": "often"}, `"often"`},
		{"ErrNudgeZero", "ONETOONE_NUDGE_AFTER", env{"ONETOONE_NUDGE_AFTER": "0d"}, "14d"},
		{"ErrExpireBeforeNudge", "ONETOONE_NUDGE_AFTER", env{"ONETOONE_NUDGE_AFTER": "14d", "ONETOONE_EXPIRE_AFTER": "7d"}, "7d"},
		// The variable named is the one the operator set, with the
		// default it collides with.
		{"ErrNudgeAfterDefaultExpiry", "ONETOONE_NUDGE_AFTER", env{"ONETOONE_NUDGE_AFTER": "60d"}, "42d"},
		{"ErrExpiryBeforeDefaultNudge", "ONETOONE_EXPIRE_AFTER", env{"ONETOONE_EXPIRE_AFTER": "7d"}, "14d"},
		{"ErrReflectionDaysLate", "ONETOONE_REFLECTION_DELAY", env{"ONETOONE_REFLECTION_DELAY": "4d"}, "3d"},
		{"ErrReminderNegative", "ONETOONE_REMINDER_BEFORE", env{"ONETOONE_REMINDER_BEFORE": "-2h"}, "-2h"},
		{"ErrHoursBackwards", "ONETOONE_DELIVERY_HOURS", env{"ONETOONE_DELIVERY_HOURS": "19-09"}, "09-19"},
		{"ErrHoursClock", "ONETOONE_DELIVERY_HOURS", env{"ONETOONE_DELIVERY_HOURS": "9am-7pm"}, "always"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			// Through loadConfig, as start-up sees it.
			_, err := loadConfig(slackEnv.with().withEnv(tt.env).getenv, true)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.variable+" ") || !strings.Contains(msg, tt.contains) || strings.Contains(msg, "\n") {
				t.Errorf("error %q should be one line naming %s and saying %q", msg, tt.variable, tt.contains)
			}
		})
	}
}

// withEnv returns a copy of e with every variable of more set.
func (e env) withEnv(more env) env {
	out := e.with()
	for k, v := range more {
		out[k] = v
	}
	return out
}
