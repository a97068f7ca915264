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
// A "Not now" counts in every group: it is about the person.
func approachable(q *gorm.DB, now time.Time) *gorm.DB {
	return q.Where("members.is_bot = ? AND members.deleted = ? AND members.opted_out = ?", false, false, false).
		Where(`NOT EXISTS (SELECT 1 FROM one_to_ones nn WHERE nn.invitee_id = members.id
			AND nn.status = ? AND nn.updated_at >= ?)`, StatusDeclined, now.Add(-NotNowFor).UTC())
}

// unmet keeps to the members nobody in group g has met: they held no
// one-to-one of g on either side, neither as the one who asked nor as the
// one asked.
func unmet(q *gorm.DB, g GroupID) *gorm.DB {
	return withNoOneToOne(q, g, heldStatuses)
}

// withNoOneToOne keeps to the members who are on neither side of a
// one-to-one in these states. The two sides are two lookups, each on its
// own index (requester_id, status) and (invitee_id, status). Only group
// g's one-to-ones count.
func withNoOneToOne(q *gorm.DB, g GroupID, states []Status) *gorm.DB {
	return q.Where("NOT EXISTS (SELECT 1 FROM one_to_ones r WHERE r.requester_id = members.id AND r.status IN ? AND r.group_id = ?)", states, g).
		Where("NOT EXISTS (SELECT 1 FROM one_to_ones i WHERE i.invitee_id = members.id AND i.status IN ? AND i.group_id = ?)", states, g)
}

// inGroupOf keeps to the members of group g: everyone of its workspace for
// a default group (and members whose workspace the bot never learned, who
// can only be of the one workspace it served before groups), the members
// added to it otherwise.
func inGroupOf(q *gorm.DB, g GroupID) *gorm.DB {
	return q.Where(`(members.id IN (SELECT gm.user_id FROM group_members gm WHERE gm.group_id = ?)
		OR EXISTS (SELECT 1 FROM groups gg WHERE gg.id = ? AND gg.is_default AND members.team_id IN (gg.team_id, '')))`, g, g)
}

// toApproach is the one definition of the people worth suggesting someone
// approach, for every surface that lists them: members nobody has met who
// are open to being asked, in group g.
func toApproach(db *gorm.DB, g GroupID, now time.Time) *gorm.DB {
	return unmet(approachable(inGroupOf(db.Model(&Member{}), g), now), g)
}
