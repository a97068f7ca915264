package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// guideNudgeAfter is the guide's "schedule it within 2 weeks": how long a
// request waits before it counts as waiting when no nudge delay is given.
const guideNudgeAfter = 14 * 24 * time.Hour

// awaitingAnswer keeps to the requests waiting on someone: asked of a
// Slack member, who has not found a time yet. A plan with someone outside
// Slack waits on nobody but its organizer, so it never counts. It is the
// one definition of a request that waits, for the scheduler's nudges and
// the digest's count alike.
func awaitingAnswer(q *gorm.DB) *gorm.DB {
	return q.Where("one_to_ones.status = ? AND one_to_ones.invitee_id <> ''", StatusRequested)
}

// CountWaiting counts the requests that have waited for an answer for at
// least nudgeAfter by now: the ones the scheduler nudges about. nudgeAfter
// is the delay in effect (the workspace's setting over the operator's
// default); zero or less means the guide's two weeks.
func (s *Store) CountWaiting(ctx context.Context, now time.Time, nudgeAfter time.Duration) (int64, error) {
	if nudgeAfter <= 0 {
		nudgeAfter = guideNudgeAfter
	}
	db, _, err := s.gconn(ctx, "count waiting requests")
	if err != nil {
		return 0, err
	}
	var n int64
	q := awaitingAnswer(db.Model(&OneToOne{})).Where("one_to_ones.requested_at <= ?", now.Add(-nudgeAfter).UTC())
	err = q.Count(&n).Error
	return n, translate("count waiting requests", err)
}
