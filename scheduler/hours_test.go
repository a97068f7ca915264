package scheduler_test

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/scheduler"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseHours(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want scheduler.Hours
	}{
		{"09-19", scheduler.Hours{From: 9, To: 19}},
		{" 8-20 ", scheduler.Hours{From: 8, To: 20}},
		{"0-24", scheduler.AllDay},
		{"always", scheduler.AllDay},
		{"Always", scheduler.AllDay},
	} {
		t.Run("OK"+tt.in, func(t *testing.T) {
			got, err := scheduler.ParseHours(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseHours(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "9", "19-09", "09-09", "9-25", "-1-5", "nine-five", "09:00-19:00"} {
		t.Run("Err"+in, func(t *testing.T) {
			if got, err := scheduler.ParseHours(in); err == nil {
				t.Errorf("ParseHours(%q) = %v, want an error", in, got)
			}
		})
	}
}

// TestHoursAcrossTimezones pins where a message due at a given instant
// lands, in zones either side of UTC and across daylight-saving changes.
func TestHoursAcrossTimezones(t *testing.T) {
	h := scheduler.DefaultHours
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, zone, at string
		next, before   string
	}{
		{"InHoursUnchanged", "Europe/Paris", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z"},
		{"NightWaitsForMorning", "Europe/Paris", "2026-12-02T22:30:00Z", "2026-12-03T08:00:00Z", "2026-12-02T17:45:00Z"},
		{"EarlyMorningWaitsForNine", "Europe/Paris", "2026-12-03T05:00:00Z", "2026-12-03T08:00:00Z", "2026-12-02T17:45:00Z"},
		{"ClosingHourIsOutside", "UTC", "2026-12-02T19:00:00Z", "2026-12-03T09:00:00Z", "2026-12-02T18:45:00Z"},
		{"TokyoAheadOfUTC", "Asia/Tokyo", "2026-12-02T12:00:00Z", "2026-12-03T00:00:00Z", "2026-12-02T09:45:00Z"},
		{"LosAngelesBehindUTC", "America/Los_Angeles", "2026-12-02T12:00:00Z", "2026-12-02T17:00:00Z", "2026-12-02T02:45:00Z"},
		{"AucklandNextLocalDay", "Pacific/Auckland", "2026-12-02T08:00:00Z", "2026-12-02T20:00:00Z", "2026-12-02T05:45:00Z"},
		// New York springs forward on 2026-03-08: nine o'clock is 13:00 UTC
		// that day, 14:00 UTC the day before.
		{"DSTSpringForwardNewYork", "America/New_York", "2026-03-08T05:00:00Z", "2026-03-08T13:00:00Z", "2026-03-07T23:45:00Z"},
		{"DSTNightOfChangeNewYork", "America/New_York", "2026-03-08T01:00:00Z", "2026-03-08T13:00:00Z", "2026-03-07T23:45:00Z"},
		// Paris falls back on 2026-10-25: nine o'clock is 08:00 UTC that
		// day, 07:00 UTC the day before.
		{"DSTFallBackParis", "Europe/Paris", "2026-10-25T01:30:00Z", "2026-10-25T08:00:00Z", "2026-10-24T16:45:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoc(t, tt.zone)
			at := utc(tt.at)
			if got := h.Next(at, loc); !got.Equal(utc(tt.next)) {
				t.Errorf("Next(%s in %s) = %s, want %s", tt.at, tt.zone, got.UTC().Format(time.RFC3339), tt.next)
			}
			if got := h.Before(at, loc); !got.Equal(utc(tt.before)) {
				t.Errorf("Before(%s in %s) = %s, want %s", tt.at, tt.zone, got.UTC().Format(time.RFC3339), tt.before)
			}
			if got := h.Next(at, loc); !h.Contains(got, loc) {
				t.Errorf("Next lands outside the window: %s", got)
			}
		})
	}
	t.Run("AlwaysIsAlways", func(t *testing.T) {
		at := utc("2026-12-02T03:00:00Z")
		if got := scheduler.AllDay.Next(at, mustLoc(t, "Europe/Paris")); !got.Equal(at) {
			t.Errorf("AllDay.Next = %s, want %s", got, at)
		}
	})
}
