package models

import (
	"context"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DefaultGroup returns the workspace's default group, creating it on first
// use. A default group the migration made for rows whose workspace it could
// not tell (team "") becomes team's, so they stay where they were.
func (s *Store) DefaultGroup(ctx context.Context, team TeamID) (*Group, error) {
	var gs []Group
	if err := s.conn(ctx).Where("team_id = ? AND is_default", team).Limit(1).Find(&gs).Error; err != nil {
		return nil, translate("default group", err)
	}
	if len(gs) == 1 {
		return &gs[0], nil
	}
	var g Group
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		g, err = defaultGroup(tx, team, s)
		return err
	})
	if err != nil {
		return nil, translate("default group", err)
	}
	return &g, nil
}

func defaultGroup(tx *gorm.DB, team TeamID, s *Store) (Group, error) {
	var gs []Group
	if err := tx.Where("team_id = ? AND is_default", team).Limit(1).Find(&gs).Error; err != nil || len(gs) == 1 {
		return first(gs), err
	}
	if team != "" {
		res := tx.Model(&Group{}).Where("team_id = ? AND is_default", "").Updates(map[string]any{"team_id": team, "updated_at": s.now()})
		if res.Error != nil {
			return Group{}, res.Error
		}
		if res.RowsAffected > 0 {
			err := tx.Where("team_id = ? AND is_default", team).Limit(1).Find(&gs).Error
			return first(gs), err
		}
	}
	g := Group{TeamID: team, IsDefault: true}
	err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&g).Error
	if err != nil || g.ID != 0 {
		return g, err
	}
	// Another replica created it first.
	err = tx.Where("team_id = ? AND is_default", team).Limit(1).Find(&gs).Error
	return first(gs), err
}

func first(gs []Group) Group {
	if len(gs) == 0 {
		return Group{}
	}
	return gs[0]
}

// GroupByID returns a group; ENOTFOUND when there is none.
func (s *Store) GroupByID(ctx context.Context, id GroupID) (*Group, error) {
	var g Group
	if err := s.conn(ctx).First(&g, "id = ?", id).Error; err != nil {
		return nil, translate("group", err)
	}
	return &g, nil
}

// Groups lists the workspace's groups, the default first, then by name.
func (s *Store) Groups(ctx context.Context, team TeamID) ([]Group, error) {
	if _, err := s.DefaultGroup(ctx, team); err != nil {
		return nil, err
	}
	var gs []Group
	err := s.conn(ctx).Where("team_id = ?", team).Order("is_default DESC, name_key, id").Find(&gs).Error
	return gs, translate("groups", err)
}

// GroupsOf lists the groups user belongs to in the workspace: the default
// group, then those they were added to, by name.
func (s *Store) GroupsOf(ctx context.Context, team TeamID, user UserID) ([]Group, error) {
	if _, err := s.DefaultGroup(ctx, team); err != nil {
		return nil, err
	}
	var gs []Group
	err := s.conn(ctx).Where("team_id = ? AND (is_default OR id IN (?))", team,
		s.conn(ctx).Model(&GroupMember{}).Select("group_id").Where("user_id = ?", user)).
		Order("is_default DESC, name_key, id").Find(&gs).Error
	return gs, translate("groups of", err)
}

// CurrentGroup returns the group user acts in: the one they chose last
// (SetCurrentGroup) while they are still in it, else the default group.
func (s *Store) CurrentGroup(ctx context.Context, team TeamID, user UserID) (*Group, error) {
	var ms []Member
	if err := s.conn(ctx).Select("id", "current_group_id").Where("id = ?", user).Limit(1).Find(&ms).Error; err != nil {
		return nil, translate("current group", err)
	}
	if len(ms) == 1 && ms[0].CurrentGroupID != nil {
		var gs []Group
		err := s.conn(ctx).Where("id = ? AND team_id = ? AND (is_default OR id IN (?))", *ms[0].CurrentGroupID, team,
			s.conn(ctx).Model(&GroupMember{}).Select("group_id").Where("user_id = ?", user)).Limit(1).Find(&gs).Error
		if err != nil {
			return nil, translate("current group", err)
		}
		if len(gs) == 1 {
			return &gs[0], nil
		}
	}
	return s.DefaultGroup(ctx, team)
}

// SetCurrentGroup makes g the group user acts in. ENOTFOUND when g is not a
// group of the workspace they belong to, or the bot does not know them.
func (s *Store) SetCurrentGroup(ctx context.Context, team TeamID, user UserID, g GroupID) error {
	mine, err := s.GroupsOf(ctx, team, user)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(mine, func(x Group) bool { return x.ID == g })
	if i < 0 {
		return Errorf(ENOTFOUND, "You aren't in that group.").Msg("error.not_in_group")
	}
	var cur any = g
	if mine[i].IsDefault {
		cur = nil
	}
	res := s.conn(ctx).Model(&Member{}).Where("id = ?", user).Updates(map[string]any{"current_group_id": cur, "updated_at": s.now()})
	if res.Error != nil {
		return translate("set current group", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "I don't know that person yet.").Msg("error.unknown_person")
	}
	return nil
}

// CreateGroup creates a named group in the workspace, with by as its
// first coordinator. Who may is the caller's to check (coordinators of the
// default group). EINVALID for an empty or overlong name, ECONFLICT when
// the workspace has a group of that name, whatever its case.
func (s *Store) CreateGroup(ctx context.Context, team TeamID, name string, by UserID) (*Group, error) {
	name, err := checkGroupName(name)
	if err != nil {
		return nil, err
	}
	g := Group{TeamID: team, Name: name, NameKey: NameKey(name)}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if _, err := defaultGroup(tx, team, s); err != nil {
			return err
		}
		if err := tx.Create(&g).Error; err != nil {
			return err
		}
		if by == "" {
			return nil
		}
		return tx.Create(&GroupMember{GroupID: g.ID, UserID: by, Role: RoleCoordinator, JoinedAt: s.now()}).Error
	})
	if ErrorCode(translate("", err)) == ECONFLICT {
		return nil, &Error{Code: ECONFLICT, Message: "There is already a group with that name.", MessageID: "error.group_exists", Err: err}
	}
	if err != nil {
		return nil, translate("create group", err)
	}
	return &g, nil
}

// errDefaultGroup refuses to change who is in a default group: everyone in
// the workspace is.
func errDefaultGroup() error {
	return Errorf(EINVALID, "Everyone in the workspace is in this group.").Msg("error.default_group")
}

// AddGroupMembers adds members of the group's workspace to a group that is
// not the default; those already in it keep their role. Ids the bot does
// not know, or of another workspace, are left out.
func (s *Store) AddGroupMembers(ctx context.Context, g GroupID, ids []UserID) error {
	grp, err := s.GroupByID(ctx, g)
	if err != nil {
		return err
	}
	if grp.IsDefault {
		return errDefaultGroup()
	}
	if len(ids) == 0 {
		return nil
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var known []UserID
		if err := tx.Model(&Member{}).Where("id IN ? AND team_id = ?", ids, grp.TeamID).Pluck("id", &known).Error; err != nil {
			return err
		}
		for _, id := range known {
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&GroupMember{GroupID: g, UserID: id, Role: RoleMember, JoinedAt: s.now()}).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate("add group members", err)
}

// RemoveGroupMember takes someone out of a group that is not the default,
// their role in it with them; if they were acting in it they act in the
// default group from then on. Their one-to-ones stay with the group.
func (s *Store) RemoveGroupMember(ctx context.Context, g GroupID, id UserID) error {
	grp, err := s.GroupByID(ctx, g)
	if err != nil {
		return err
	}
	if grp.IsDefault {
		return errDefaultGroup()
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("group_id = ? AND user_id = ?", g, id).Delete(&GroupMember{}).Error; err != nil {
			return err
		}
		return tx.Model(&Member{}).Where("id = ? AND current_group_id = ?", id, g).Updates(map[string]any{"current_group_id": nil, "updated_at": s.now()}).Error
	})
	return translate("remove group member", err)
}

// GroupMembers lists a group's members by name, each with their Role in the
// group: everyone the bot knows in the workspace for the default group,
// bots and deactivated accounts left out.
func (s *Store) GroupMembers(ctx context.Context, g GroupID) ([]Member, error) {
	grp, err := s.GroupByID(ctx, g)
	if err != nil {
		return nil, err
	}
	q := s.conn(ctx).Model(&Member{})
	if grp.IsDefault {
		q = q.Where("team_id = ? AND NOT is_bot AND NOT deleted", grp.TeamID)
	} else {
		q = q.Where("id IN (?)", s.conn(ctx).Model(&GroupMember{}).Select("user_id").Where("group_id = ?", g))
	}
	var ms []Member
	if err := q.Order("name, id").Find(&ms).Error; err != nil {
		return nil, translate("group members", err)
	}
	return ms, translate("group members", s.In(g).withRoles(ctx, ms))
}

// withRoles sets each member's Role to their role in the store's group:
// RoleMember unless the group names them coordinator. Unscoped, every Role
// is left "" and nobody is a coordinator.
func (s *Store) withRoles(ctx context.Context, ms []Member) error {
	if s.group == 0 || len(ms) == 0 {
		return nil
	}
	ids := make([]UserID, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	var coords []UserID
	if err := s.conn(ctx).Model(&GroupMember{}).Where("group_id = ? AND role = ? AND user_id IN ?", s.group, RoleCoordinator, ids).Pluck("user_id", &coords).Error; err != nil {
		return err
	}
	for i := range ms {
		ms[i].Role, ms[i].readIn = RoleMember, s.group
		if slices.Contains(coords, ms[i].ID) {
			ms[i].Role = RoleCoordinator
		}
	}
	return nil
}

// GroupOfOneToOne returns the group a one-to-one belongs to, whatever
// group the store is scoped to: a click or a delivery about a one-to-one
// acts in that one-to-one's group (In). ENOTFOUND when there is no such
// one-to-one.
func (s *Store) GroupOfOneToOne(ctx context.Context, id OneToOneID) (*Group, error) {
	var gs []Group
	err := s.conn(ctx).Where("id = (?)", s.conn(ctx).Model(&OneToOne{}).Select("group_id").Where("id = ?", id)).Limit(1).Find(&gs).Error
	if err != nil {
		return nil, translate("group of one-to-one", err)
	}
	if len(gs) == 0 {
		return nil, translate("group of one-to-one", gorm.ErrRecordNotFound)
	}
	return &gs[0], nil
}

// WithRole returns a copy of m with the Role they hold in the store's
// group (In), which the privacy rules read; unscoped, m as it is.
func (s *Store) WithRole(ctx context.Context, m *Member) (*Member, error) {
	if m == nil || s.group == 0 {
		return m, nil
	}
	ms := []Member{*m}
	if err := s.withRoles(ctx, ms); err != nil {
		return nil, translate("role", err)
	}
	return &ms[0], nil
}

// AllGroups lists every group of every workspace, by id: the scheduler
// plans each group's work with its own settings.
func (s *Store) AllGroups(ctx context.Context) ([]Group, error) {
	var gs []Group
	err := s.conn(ctx).Order("id").Find(&gs).Error
	return gs, translate("all groups", err)
}
