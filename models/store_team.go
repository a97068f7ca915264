package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Team is the coordinators' picture of the practice: who is meeting whom,
// where one-to-ones stand, who nobody has met, who has no goal. Reflected
// marks the one-to-ones of Recent with a reflection the viewer may read
// (never one about the viewer); ReadBy says who other than its author has
// read each of those.
type Team struct {
	ByStatus    map[Status]int64
	Recent      []OneToOne // newest first, up to the limit, from RecentFrom
	RecentFrom  int        // how many newer ones come before Recent
	RecentAll   int64      // how many one-to-ones there are in all
	Unmet       []Member   // members nobody has met, open to being asked (toApproach)
	UnmetAll    int64
	NoGoal      []UserID // organizers active in the last 8 weeks without a current goal
	Reflected   map[OneToOneID]bool
	ReadBy      map[OneToOneID][]Reader
	PeopleByID  map[PersonID]Person
	MembersByID map[UserID]Member
	// Tags counts the group's issue tags over the view's period; the bot
	// fills it (Store.TagCounts).
	Tags []TagCount
}

// activeWindow is how far back an organizer counts as active.
const activeWindow = 8 * 7 * 24 * time.Hour

// TeamPicture gathers the coordinators' view as of now. Only coordinators
// may see it; the store refuses anyone else.
func (s *Store) TeamPicture(ctx context.Context, viewer *Member, now time.Time, limit int) (*Team, error) {
	return s.TeamPicturePage(ctx, viewer, now, 0, limit)
}

// TeamPicturePage is TeamPicture with Recent paged: limit one-to-ones
// after the newest from, so the team view can page beyond its rows.
func (s *Store) TeamPicturePage(ctx context.Context, viewer *Member, now time.Time, from, limit int) (*Team, error) {
	db, g, err := s.gconn(ctx, "team picture")
	if err != nil {
		return nil, err
	}
	if viewer, err = s.coordinatorOnly(ctx, viewer); err != nil {
		return nil, err
	}
	t := &Team{ByStatus: map[Status]int64{}, Reflected: map[OneToOneID]bool{}, PeopleByID: map[PersonID]Person{}, MembersByID: map[UserID]Member{}, RecentFrom: max(from, 0)}
	type row struct {
		Status Status
		N      int64
	}
	var rows []row
	if err := db.Model(&OneToOne{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, translate("team by status", err)
	}
	for _, r := range rows {
		t.ByStatus[r.Status] = r.N
		t.RecentAll += r.N
	}
	if err := db.Order("updated_at DESC, id DESC").Offset(t.RecentFrom).Limit(limit).Find(&t.Recent).Error; err != nil {
		return nil, translate("team recent", err)
	}
	var people []PersonID
	users := map[UserID]bool{}
	for _, o := range t.Recent {
		users[o.RequesterID] = true
		if o.InviteeID != "" {
			users[o.InviteeID] = true
		}
		if o.PersonID != nil {
			people = append(people, *o.PersonID)
		}
	}
	if t.Reflected, t.ReadBy, err = readableReflections(s.conn(ctx), viewer, t.Recent); err != nil {
		return nil, err
	}
	if t.PeopleByID, err = s.People(ctx, people); err != nil {
		return nil, err
	}
	unmet := toApproach(s.conn(ctx), g, now)
	if err := unmet.Count(&t.UnmetAll).Error; err != nil {
		return nil, translate("team unmet", err)
	}
	if err := unmet.Order("name, id").Limit(limit).Find(&t.Unmet).Error; err != nil {
		return nil, translate("team unmet", err)
	}
	if err := s.conn(ctx).Raw(`SELECT DISTINCT o.requester_id FROM one_to_ones o
		WHERE o.group_id = ? AND o.requested_at >= ?
		AND NOT EXISTS (SELECT 1 FROM goals g WHERE g.group_id = o.group_id AND g.user_id = o.requester_id AND g.starts_at <= ? AND g.ends_at > ?)
		ORDER BY o.requester_id`, g, now.Add(-activeWindow).UTC(), now.UTC(), now.UTC()).Scan(&t.NoGoal).Error; err != nil {
		return nil, translate("team no goal", err)
	}
	var uids []UserID
	for u := range users {
		uids = append(uids, u)
	}
	uids = append(uids, t.NoGoal...)
	ms, err := s.Members(ctx, uids)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		t.MembersByID[m.ID] = m
	}
	return t, nil
}

// ForgetMember deletes everything the bot keeps about a person: their
// profile, the one-to-ones they were part of and the reflections on them
// with the record of who read those, the record of what they read,
// their goals, lists and scheduled messages, their contacts outside
// Slack, the people they had been assigned, and their row on the roster
// once linked to their Slack account, with its story (forgetPeopleTx). It honours a deletion request ("delete my data and stop contacting
// me"), so it is thorough and final, and keeps one thing: a Suppression,
// their Slack id and the day, which MayContact refuses and SaveMember and
// MarkJoined honour, so no request, event or profile refresh brings them
// back. Work that may outlive it saves profiles with RefreshMember, which
// cannot recreate the row. Only they lift it, by opting in (OptIn).
func (s *Store) ForgetMember(ctx context.Context, id UserID) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		n = 0
		var linked []PersonID
		if err := tx.Model(&Person{}).Where("slack_id = ? AND owner_id = ''", id).Pluck("id", &linked).Error; err != nil {
			return err
		}
		if len(linked) > 0 {
			m, err := forgetPeopleTx(tx, linked)
			if err != nil {
				return err
			}
			n += m
		}
		var ids []OneToOneID
		if err := tx.Model(&OneToOne{}).Where("requester_id = ? OR invitee_id = ?", id, id).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if err := tx.Model(&Assignment{}).Where("assigned_by = ?", id).Update("assigned_by", "").Error; err != nil {
			return err
		}
		steps := []*gorm.DB{
			tx.Where("reflection_id IN (SELECT r.id FROM reflections r WHERE r.author_id = ? OR r.one_to_one_id IN ?)", id, append(ids, 0)).Delete(&ReflectionTag{}),
			tx.Where("reader_id = ? OR reflection_id IN (SELECT r.id FROM reflections r WHERE r.author_id = ? OR r.one_to_one_id IN ?)", id, id, append(ids, 0)).Delete(&ReflectionRead{}),
			tx.Where("reflection_id IN (SELECT r.id FROM reflections r WHERE r.author_id = ? OR r.one_to_one_id IN ?)", id, append(ids, 0)).Delete(&ReflectionTag{}),
			tx.Where("author_id = ? OR one_to_one_id IN ?", id, append(ids, 0)).Delete(&Reflection{}),
			tx.Where("recipient = ? OR one_to_one_id IN ?", string(id), append(ids, 0)).Delete(&Delivery{}),
			tx.Where("id IN ?", append(ids, 0)).Delete(&OneToOne{}),
			tx.Where("owner_id = ? OR invitee_id = ?", id, id).Delete(&PlanEntry{}),
			tx.Where("user_id = ?", id).Delete(&Goal{}),
			tx.Where("owner_id = ?", id).Delete(&Person{}),
			tx.Where("organizer_id = ?", id).Delete(&Assignment{}),
			tx.Where("user_id = ?", id).Delete(&GroupMember{}),
			tx.Where("id = ?", id).Delete(&Member{}),
		}
		m, err := deleted(steps)
		if err != nil {
			return err
		}
		n += m
		return s.suppress(tx, id)
	})
	return n, translate("forget member", err)
}

// deleted adds up the rows the delete statements of a forget removed, or
// returns the first one's error.
func deleted(steps []*gorm.DB) (n int64, err error) {
	for _, st := range steps {
		if st.Error != nil {
			return 0, st.Error
		}
		n += st.RowsAffected
	}
	return n, nil
}

// coordinatorOnly returns viewer with their role in the store's group when
// they are one of its coordinators, else the refusal every coordinator's
// picture gives (the team view's).
func (s *Store) coordinatorOnly(ctx context.Context, viewer *Member) (*Member, error) {
	viewer, err := s.viewerIn(ctx, viewer)
	if err != nil {
		return nil, err
	}
	if !viewer.IsCoordinator() {
		return nil, Errorf(EUNAUTHORIZED, "Only the group's coordinators can see the team's picture.").Msg("error.team_coordinators_only")
	}
	return viewer, nil
}
