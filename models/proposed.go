package models

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxProposedTimes is how many times a request may propose (issue 16):
// few enough to read as buttons at a glance.
const MaxProposedTimes = 3

// ProposedTimes are the times a requester offers the invitee, in UTC,
// earliest first. They are stored in one column of the one-to-one, so they
// live and are forgotten with it, as comma-separated RFC 3339 times.
type ProposedTimes []time.Time

// ProposeTimes checks times for a new request: at most MaxProposedTimes,
// none already passed; the same time twice counts once. It returns them in
// UTC, earliest first.
func ProposeTimes(times []time.Time, now time.Time) (ProposedTimes, error) {
	var out ProposedTimes
	for _, t := range times {
		if t.IsZero() {
			continue
		}
		if !t.After(now) {
			return nil, Errorf(EINVALID, "That time has already passed. Please pick a time in the future.").Msg("error.time_passed")
		}
		t = t.UTC().Truncate(time.Second)
		if !slices.ContainsFunc(out, t.Equal) {
			out = append(out, t)
		}
	}
	if len(out) > MaxProposedTimes {
		return nil, Errorf(EINVALID, "Please propose at most %d times.", MaxProposedTimes).Msg("error.too_many_times", "Max", MaxProposedTimes)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out, nil
}

// Open are the proposed times still ahead of now: a time that has passed
// is no longer offered.
func (p ProposedTimes) Open(now time.Time) ProposedTimes {
	var out ProposedTimes
	for _, t := range p {
		if t.After(now) {
			out = append(out, t)
		}
	}
	return out
}

// Has reports whether t is one of the proposed times.
func (p ProposedTimes) Has(t time.Time) bool { return slices.ContainsFunc(p, t.Equal) }

// Value stores the times as text, the same on SQLite and Postgres.
func (p ProposedTimes) Value() (driver.Value, error) {
	parts := make([]string, len(p))
	for i, t := range p {
		parts[i] = t.UTC().Format(time.RFC3339)
	}
	return strings.Join(parts, ","), nil
}

// Scan reads what Value stored.
func (p *ProposedTimes) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("proposed times: cannot scan %T", src)
	}
	*p = nil
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, part)
		if err != nil {
			return fmt.Errorf("proposed times: %w", err)
		}
		*p = append(*p, t.UTC())
	}
	return nil
}
