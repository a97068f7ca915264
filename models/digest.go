package models

import (
	"context"
	"sort"
	"time"
)

// Digest is the team's week in numbers, posted in a channel for everyone
// to read. It holds counts and names only, never what anyone wrote, and
// never anyone's personal goal: how a goal goes is its owner's to see
// (GoalProgress). Whether people are named at all is the workspace's
// choice (DigestOptions.Names); with counts only, the names stay empty.
type Digest struct {
	Now        time.Time
	HeldWeek   int // one-to-ones held in the last 7 days
	HeldWindow int // … in the last 4 weeks
	Goals      int // members with a goal for these 4 weeks
	// Organizers are the people who held one-to-ones in the last 4 weeks,
	// most first; OrganizersAll counts them even when nobody is named.
	Organizers    []Progress
	OrganizersAll int
	// Newcomers joined in the last 30 days and are people to approach
	// (toApproach) whom nobody has asked yet, newest first, up to the
	// limit; NewcomersAll counts them even when nobody is named.
	Newcomers    []Member
	NewcomersAll int64
	// Waiting counts the requests waiting on someone for WaitingAfter or
	// longer (CountWaiting).
	Waiting      int64
	WaitingAfter time.Duration
}

// Progress is what one organizer held in the digest's four weeks.
type Progress struct {
	ID   UserID
	Held int
}

// DigestOptions are the workspace's choices the digest depends on.
type DigestOptions struct {
	// NudgeAfter is the nudge delay in effect: a request unanswered this
	// long counts as waiting. Zero means the guide's two weeks.
	NudgeAfter time.Duration
	// Names is the coordinators' choice of who the digest names
	// (DigestNamesHeld, DigestNamesCounts); "" is the default.
	Names string
	// NewcomerLimit caps the newcomers named; all are counted.
	NewcomerLimit int
}

// newcomerWindow is how recently someone joined to count as new: the
// guide's "a call within their first month".
const newcomerWindow = 30 * 24 * time.Hour

// Digest gathers the team's numbers as of now.
func (s *Store) Digest(ctx context.Context, now time.Time, opt DigestOptions) (*Digest, error) {
	if _, err := s.scope("digest"); err != nil {
		return nil, err
	}
	d := &Digest{Now: now, WaitingAfter: opt.NudgeAfter}
	if d.WaitingAfter <= 0 {
		d.WaitingAfter = guideNudgeAfter
	}
	var err error
	if d.HeldWeek, err = s.CountHeld(ctx, now.Add(-7*24*time.Hour), now); err != nil {
		return nil, err
	}
	if d.HeldWindow, err = s.CountHeld(ctx, now.Add(-GoalWindow), now); err != nil {
		return nil, err
	}
	// Who held what: HeldCounts says whose a one-to-one is. The team's
	// totals above count each one-to-one once, however many it counts for.
	window, err := s.HeldCounts(ctx, now.Add(-GoalWindow), now)
	if err != nil {
		return nil, err
	}
	for id, n := range window {
		if n > 0 {
			d.OrganizersAll++
			d.Organizers = append(d.Organizers, Progress{ID: id, Held: n})
		}
	}
	sort.Slice(d.Organizers, func(i, j int) bool {
		a, b := d.Organizers[i], d.Organizers[j]
		if a.Held != b.Held {
			return a.Held > b.Held
		}
		return a.ID < b.ID
	})
	goals, err := s.ActiveGoals(ctx, now)
	if err != nil {
		return nil, err
	}
	d.Goals = len(goals)
	if d.Newcomers, d.NewcomersAll, err = s.newcomers(ctx, now, opt.NewcomerLimit); err != nil {
		return nil, err
	}
	if d.Waiting, err = s.CountWaiting(ctx, now, d.WaitingAfter); err != nil {
		return nil, err
	}
	if !NamesInDigest(opt.Names) {
		d.Organizers, d.Newcomers = nil, nil
	}
	return d, nil
}

// CountHeld counts the one-to-ones held from from up to and including to,
// each once: the team's total, whoever it counts for.
func (s *Store) CountHeld(ctx context.Context, from, to time.Time) (int, error) {
	db, _, err := s.gconn(ctx, "count held")
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.Model(&OneToOne{}).
		Where("status IN ? AND held_at >= ? AND held_at <= ?", heldStatuses, from.UTC(), to.UTC()).Count(&n).Error
	return int(n), translate("count held", err)
}

// newcomers lists the people to approach who joined in the newcomerWindow
// before now and whom nobody has asked yet (no request is open with them),
// newest first, up to limit, with the total count.
func (s *Store) newcomers(ctx context.Context, now time.Time, limit int) ([]Member, int64, error) {
	g, err := s.scope("newcomers")
	if err != nil {
		return nil, 0, err
	}
	q := withNoOneToOne(toApproach(s.conn(ctx), g, now).Where("members.joined_at >= ?", now.Add(-newcomerWindow).UTC()),
		g, []Status{StatusRequested, StatusScheduled})
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate("count newcomers", err)
	}
	var ms []Member
	if err := q.Order("joined_at DESC, id").Limit(limit).Find(&ms).Error; err != nil {
		return nil, 0, translate("newcomers", err)
	}
	return ms, total, nil
}
