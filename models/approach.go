package models

import (
	"time"

	"gorm.io/gorm"
)

// NotNowFor is how long a "Not now" keeps someone off the lists of people
// to approach: the digest's newcomers and the coordinators' "nobody has
// met". Twelve weeks, three goal windows: long enough that nobody is
// pressed after saying no, short enough that a new season can bring a new
// invitation. Opting out keeps them off for good.
const NotNowFor = 3 * GoalWindow

// approachable keeps to the members it is fine to suggest someone
// approach: people with an active Slack account who have not opted out and
// have not said "Not now" to a request in the NotNowFor before now. Only
// the person asked can say "Not now" (OneToOne.Decline); the decline is
// the one-to-one's last change, so its updated_at is when they said it.
func approachable(q *gorm.DB, now time.Time) *gorm.DB {
	return q.Where("members.is_bot = ? AND members.deleted = ? AND members.opted_out = ?", false, false, false).
		Where(`NOT EXISTS (SELECT 1 FROM one_to_ones nn WHERE nn.invitee_id = members.id
			AND nn.status = ? AND nn.updated_at >= ?)`, StatusDeclined, now.Add(-NotNowFor).UTC())
}

// unmet keeps to the members nobody has met: they held no one-to-one on
// either side, neither as the one who asked nor as the one asked.
func unmet(q *gorm.DB) *gorm.DB {
	return withNoOneToOne(q, heldStatuses)
}

// withNoOneToOne keeps to the members who are on neither side of a
// one-to-one in these states. The two sides are two lookups, each on its
// own index (requester_id, status) and (invitee_id, status).
func withNoOneToOne(q *gorm.DB, states []Status) *gorm.DB {
	return q.Where("NOT EXISTS (SELECT 1 FROM one_to_ones r WHERE r.requester_id = members.id AND r.status IN ?)", states).
		Where("NOT EXISTS (SELECT 1 FROM one_to_ones i WHERE i.invitee_id = members.id AND i.status IN ?)", states)
}

// toApproach is the one definition of the people worth suggesting someone
// approach, for every surface that lists them: members nobody has met who
// are open to being asked.
func toApproach(db *gorm.DB, now time.Time) *gorm.DB {
	return unmet(approachable(db.Model(&Member{}), now))
}
