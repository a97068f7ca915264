package models

import (
	"context"
	"sort"
	"time"
)

// Digest is the team's week in numbers. It holds counts and names only,
// never what anyone wrote: it is posted in a channel.
type Digest struct {
	Now          time.Time
	HeldWeek     int // one-to-ones held in the last 7 days
	HeldWindow   int // … in the last 4 weeks
	GoalSum      int // the sum of current goals
	Organizers   []Progress
	Newcomers    []Member // joined in the last 30 days with no one-to-one yet
	NewcomersAll int64
	Waiting      int64 // requests unanswered for over 2 weeks
}

// Progress is one organizer's count against their goal (0 when none).
type Progress struct {
	ID   UserID
	Held int
	Goal int
}

// Digest windows, from the guide: goals cover four weeks, a request should
// be scheduled within two, and a newcomer deserves a call within a month.
const (
	newcomerWindow = 30 * 24 * time.Hour
	waitingWindow  = 14 * 24 * time.Hour
)

// Digest gathers the team's numbers as of now. newcomerLimit caps the
// names returned; the total is counted either way.
func (s *Store) Digest(ctx context.Context, now time.Time, newcomerLimit int) (*Digest, error) {
	d := &Digest{Now: now}
	var err error
	// Totals count meetings once; each person's count credits both sides.
	if d.HeldWeek, err = s.HeldTotal(ctx, now.Add(-7*24*time.Hour), now); err != nil {
		return nil, err
	}
	if d.HeldWindow, err = s.HeldTotal(ctx, now.Add(-GoalWindow), now); err != nil {
		return nil, err
	}
	window, err := s.HeldCounts(ctx, now.Add(-GoalWindow), now)
	if err != nil {
		return nil, err
	}
	goals, err := s.ActiveGoals(ctx, now)
	if err != nil {
		return nil, err
	}
	byID := map[UserID]*Progress{}
	for id, n := range window {
		byID[id] = &Progress{ID: id, Held: n}
	}
	for _, g := range goals {
		p := byID[g.UserID]
		if p == nil {
			p = &Progress{ID: g.UserID}
			byID[g.UserID] = p
		}
		p.Goal = g.Target
		d.GoalSum += g.Target
	}
	for _, p := range byID {
		d.Organizers = append(d.Organizers, *p)
	}
	sort.Slice(d.Organizers, func(i, j int) bool {
		a, b := d.Organizers[i], d.Organizers[j]
		if a.Held != b.Held {
			return a.Held > b.Held
		}
		return a.ID < b.ID
	})
	if d.Newcomers, d.NewcomersAll, err = s.NewcomersWithoutOneToOne(ctx, now.Add(-newcomerWindow), newcomerLimit); err != nil {
		return nil, err
	}
	if d.Waiting, err = s.CountOpenRequestsOlderThan(ctx, now.Add(-waitingWindow)); err != nil {
		return nil, err
	}
	return d, nil
}
