package models

import (
	"context"
	"sort"
	"time"
)

// FunnelRow is one organizer's practice over a period: of the one-to-ones
// they started in it, how many were asked, got a time, were held and were
// reflected on; the follow-ups they set that fell due in it; and their
// newest goal with its progress (GoalProgress).
type FunnelRow struct {
	Organizer UserID
	Asked     int
	Scheduled int
	Held      int
	Reflected int
	FollowUps int
	Goal      *Goal // nil when they never set one
	GoalHeld  int
}

// Funnel is the team's practice per organizer, most active first, over
// [Since, Now]; Since is zero for "since the start".
type Funnel struct {
	Since, Now time.Time
	Rows       []FunnelRow
}

// Funnel gathers each organizer's funnel for the one-to-ones they started
// between since (zero: ever) and now: asked → scheduled → held →
// reflected, the follow-ups due, and their goal. A one-to-one counts as
// scheduled once it had a time or was held (a logged one was held from
// the start). Only coordinators see it, like the rest of the team's
// picture.
func (s *Store) Funnel(ctx context.Context, viewer *Member, since, now time.Time) (*Funnel, error) {
	g, err := s.scope("funnel")
	if err != nil {
		return nil, err
	}
	if _, err := s.coordinatorOnly(ctx, viewer); err != nil {
		return nil, err
	}
	type row struct {
		Organizer                         UserID
		Asked, Scheduled, Held, Reflected int
	}
	var rows []row
	err = s.conn(ctx).Raw(`SELECT requester_id AS organizer, COUNT(*) AS asked,
		SUM(CASE WHEN scheduled_at IS NOT NULL OR status IN ? THEN 1 ELSE 0 END) AS scheduled,
		SUM(CASE WHEN status IN ? THEN 1 ELSE 0 END) AS held,
		SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS reflected
		FROM one_to_ones WHERE group_id = ? AND requested_at >= ? AND requested_at <= ?
		GROUP BY requester_id`, heldStatuses, heldStatuses, StatusReflected, g, since.UTC(), now.UTC()).Scan(&rows).Error
	if err != nil {
		return nil, translate("funnel", err)
	}
	type due struct {
		AuthorID UserID
		N        int
	}
	var dues []due
	if err := s.conn(ctx).Raw(`SELECT author_id, COUNT(*) AS n FROM reflections
		WHERE group_id = ? AND follow_up_on IS NOT NULL AND follow_up_on >= ? AND follow_up_on <= ? GROUP BY author_id`,
		g, since.UTC(), now.UTC()).Scan(&dues).Error; err != nil {
		return nil, translate("funnel follow-ups", err)
	}
	f := &Funnel{Since: since, Now: now}
	at := map[UserID]int{}
	for _, r := range rows {
		at[r.Organizer] = len(f.Rows)
		f.Rows = append(f.Rows, FunnelRow{Organizer: r.Organizer, Asked: r.Asked, Scheduled: r.Scheduled, Held: r.Held, Reflected: r.Reflected})
	}
	for _, d := range dues {
		i, ok := at[d.AuthorID]
		if !ok {
			i = len(f.Rows)
			at[d.AuthorID] = i
			f.Rows = append(f.Rows, FunnelRow{Organizer: d.AuthorID})
		}
		f.Rows[i].FollowUps = d.N
	}
	sort.Slice(f.Rows, func(i, j int) bool {
		a, b := f.Rows[i], f.Rows[j]
		if a.Asked != b.Asked {
			return a.Asked > b.Asked
		}
		return a.Organizer < b.Organizer
	})
	for i := range f.Rows {
		if f.Rows[i].Goal, f.Rows[i].GoalHeld, err = s.GoalProgress(ctx, f.Rows[i].Organizer); err != nil {
			return nil, err
		}
	}
	return f, nil
}
