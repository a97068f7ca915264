package models

import (
	"context"
	"time"
)

// SetGoal starts a new goal for its owner; the newest goal replaces any
// earlier one.
func (s *Store) SetGoal(ctx context.Context, g *Goal) error {
	return translate("set goal", s.conn(ctx).Create(g).Error)
}

// CurrentGoal returns the member's newest goal if its four weeks include
// now, else nil.
func (s *Store) CurrentGoal(ctx context.Context, user UserID, now time.Time) (*Goal, error) {
	var gs []Goal
	err := s.conn(ctx).Where("user_id = ?", user).Order("created_at DESC, id DESC").Limit(1).Find(&gs).Error
	if err != nil || len(gs) == 0 || !gs[0].Active(now) {
		return nil, translate("current goal", err)
	}
	return &gs[0], nil
}

// ActiveGoals returns each member's current goal, for the digest.
func (s *Store) ActiveGoals(ctx context.Context, now time.Time) ([]Goal, error) {
	now = now.UTC()
	var gs []Goal
	err := s.conn(ctx).Raw(`SELECT g.* FROM goals g
		WHERE g.starts_at <= ? AND g.ends_at > ?
		AND NOT EXISTS (SELECT 1 FROM goals n WHERE n.user_id = g.user_id AND (n.created_at > g.created_at OR (n.created_at = g.created_at AND n.id > g.id)))
		ORDER BY g.user_id`, now, now).Scan(&gs).Error
	return gs, translate("active goals", err)
}

// HeldCounts counts, per organizer, the one-to-ones they asked for that
// were held from from up to and including to (a meeting logged at this very
// moment counts). An empty users counts everyone.
func (s *Store) HeldCounts(ctx context.Context, from, to time.Time, users ...UserID) (map[UserID]int, error) {
	type row struct {
		RequesterID UserID
		N           int
	}
	var rows []row
	q := s.conn(ctx).Model(&OneToOne{}).Select("requester_id, COUNT(*) AS n").
		Where("status IN ? AND held_at >= ? AND held_at <= ?", []Status{StatusHeld, StatusReflected}, from.UTC(), to.UTC())
	if len(users) > 0 {
		q = q.Where("requester_id IN ?", users)
	}
	if err := q.Group("requester_id").Scan(&rows).Error; err != nil {
		return nil, translate("held counts", err)
	}
	out := make(map[UserID]int, len(rows))
	for _, r := range rows {
		out[r.RequesterID] = r.N
	}
	return out, nil
}
