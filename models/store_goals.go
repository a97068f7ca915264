package models

import (
	"context"
	"time"
)

// SetGoal starts a new goal for its owner; the newest goal replaces any
// earlier one.
func (s *Store) SetGoal(ctx context.Context, g *Goal) error {
	grp, err := s.scope("set goal")
	if err != nil {
		return err
	}
	g.GroupID = grp
	return translate("set goal", s.conn(ctx).Create(g).Error)
}

// CurrentGoal returns the member's newest goal if its four weeks include
// now, else nil.
func (s *Store) CurrentGoal(ctx context.Context, user UserID, now time.Time) (*Goal, error) {
	db, _, err := s.gconn(ctx, "current goal")
	if err != nil {
		return nil, err
	}
	var gs []Goal
	err = db.Where("user_id = ?", user).Order("created_at DESC, id DESC").Limit(1).Find(&gs).Error
	if err != nil || len(gs) == 0 || !gs[0].Active(now) {
		return nil, translate("current goal", err)
	}
	return &gs[0], nil
}

// LatestGoal returns the member's newest goal, current or ended, or nil
// when they never set one: an ended goal is still worth a word on how it
// went.
func (s *Store) LatestGoal(ctx context.Context, user UserID) (*Goal, error) {
	db, _, err := s.gconn(ctx, "latest goal")
	if err != nil {
		return nil, err
	}
	var gs []Goal
	err = db.Where("user_id = ?", user).Order("created_at DESC, id DESC").Limit(1).Find(&gs).Error
	if err != nil || len(gs) == 0 {
		return nil, translate("latest goal", err)
	}
	return &gs[0], nil
}

// ActiveGoals returns each member's current goal, for the digest.
func (s *Store) ActiveGoals(ctx context.Context, now time.Time) ([]Goal, error) {
	grp, err := s.scope("active goals")
	if err != nil {
		return nil, err
	}
	now = now.UTC()
	var gs []Goal
	err = s.conn(ctx).Raw(`SELECT g.* FROM goals g
		WHERE g.group_id = ? AND g.starts_at <= ? AND g.ends_at > ?
		AND NOT EXISTS (SELECT 1 FROM goals n WHERE n.group_id = g.group_id AND n.user_id = g.user_id AND (n.created_at > g.created_at OR (n.created_at = g.created_at AND n.id > g.id)))
		ORDER BY g.user_id`, grp, now, now).Scan(&gs).Error
	return gs, translate("active goals", err)
}

// heldStatuses are the states of a one-to-one that took place.
var heldStatuses = []Status{StatusHeld, StatusReflected}

// HeldCounts counts, per person, the one-to-ones they took part in that
// were held from from up to and including to (a meeting logged at this very
// moment counts). A held one-to-one counts toward both people's goals,
// whoever asked; one with someone outside Slack counts for its organizer.
// Summed over people it counts a pair twice: CountHeld counts meetings. An
// empty users counts everyone.
func (s *Store) HeldCounts(ctx context.Context, from, to time.Time, users ...UserID) (map[UserID]int, error) {
	grp, err := s.scope("held counts")
	if err != nil {
		return nil, err
	}
	cond := "group_id = ? AND status IN ? AND held_at >= ? AND held_at <= ?"
	asked := "SELECT requester_id AS who FROM one_to_ones WHERE " + cond
	invited := "SELECT invitee_id AS who FROM one_to_ones WHERE " + cond + " AND invitee_id <> ''"
	args := []any{grp, heldStatuses, from.UTC(), to.UTC()}
	if len(users) > 0 {
		asked += " AND requester_id IN ?"
		invited += " AND invitee_id IN ?"
		args = append(args, users)
	}
	type row struct {
		Who UserID
		N   int
	}
	var rows []row
	err = s.conn(ctx).Raw("SELECT who, COUNT(*) AS n FROM ("+asked+" UNION ALL "+invited+") h GROUP BY who", append(args, args...)...).Scan(&rows).Error
	if err != nil {
		return nil, translate("held counts", err)
	}
	out := make(map[UserID]int, len(rows))
	for _, r := range rows {
		out[r.Who] = r.N
	}
	return out, nil
}
