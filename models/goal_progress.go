package models

import (
	"context"
)

// GoalProgress returns the member's newest goal, running or ended, and how
// many one-to-ones count toward it: those held within the goal's own four
// weeks, counted as HeldCounts counts them (either side of a one-to-one).
// It is the one definition of a goal's progress, for every surface that
// shows one (App Home, `/one-to-one goal`); a one-to-one held before the
// goal was set is not part of it. The goal is nil when they never set one;
// Goal.Active says whether it still runs.
func (s *Store) GoalProgress(ctx context.Context, user UserID) (*Goal, int, error) {
	g, err := s.LatestGoal(ctx, user)
	if err != nil || g == nil {
		return nil, 0, err
	}
	held, err := s.HeldCounts(ctx, g.StartsAt, g.EndsAt, user)
	if err != nil {
		return nil, 0, err
	}
	return g, held[user], nil
}
