package scheduler

import (
	"time"

	"github.com/onetoone/onetoone/models"
)

// Hours is the daily window, in each recipient's own timezone, in which the
// bot sends them messages nobody asked for just now: [From:00, To:00). A
// message due outside it waits for the next morning (docs/slack.md: Slack has no
// quiet-hours rule for apps, so the app keeps one). The window is a setting
// (models.Hours); the scheduler does its clock arithmetic.
type Hours models.Hours

// DefaultHours is 09:00 to 19:00, every day.
var DefaultHours = Hours(models.DefaultHours)

// AllDay turns quiet hours off (ONETOONE_DELIVERY_HOURS=always).
var AllDay = Hours(models.AllDay)

// eveningMargin is how long before the window closes a reminder pulled
// earlier is sent, so a tick running a little late still finds it in hours.
const eveningMargin = 15 * time.Minute

// ParseHours reads "09-19" (from 09:00 to 19:00) or "always".
func ParseHours(s string) (Hours, error) {
	h, err := models.ParseHours(s)
	return Hours(h), err
}

// String is the window as ONETOONE_DELIVERY_HOURS writes it.
func (h Hours) String() string { return models.Hours(h).String() }

// Contains reports whether t falls inside the window in loc.
func (h Hours) Contains(t time.Time, loc *time.Location) bool {
	hour := t.In(loc).Hour()
	return hour >= h.From && hour < h.To
}

// Next is t if it is inside the window, else the next opening in loc. Days
// are counted on the local calendar, so a daylight-saving change moves the
// opening in UTC but never off the local hour.
func (h Hours) Next(t time.Time, loc *time.Location) time.Time {
	if h.Contains(t, loc) {
		return t
	}
	lt := t.In(loc)
	y, m, d := lt.Date()
	if lt.Hour() >= h.To {
		d++
	}
	return time.Date(y, m, d, h.From, 0, 0, 0, loc)
}

// Before is t if it is inside the window, else a quarter hour before the
// last closing before t: for a reminder better sent the evening before than
// at night.
func (h Hours) Before(t time.Time, loc *time.Location) time.Time {
	if h.Contains(t, loc) {
		return t
	}
	lt := t.In(loc)
	y, m, d := lt.Date()
	if lt.Hour() < h.From {
		d--
	}
	return time.Date(y, m, d, h.To, 0, 0, 0, loc).Add(-eveningMargin)
}

// morning is the local hour at which a message tied to a date (a
// follow-up) goes out.
func (h Hours) morning() int {
	if h == AllDay {
		return DefaultHours.From
	}
	return h.From
}
