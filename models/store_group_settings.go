package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings returns the group's saved row, empty (everything follows the
// environment) when nothing was saved. Group-scoped (In).
func (s *Store) Settings(ctx context.Context) (*SavedSettings, error) {
	g, err := s.scope("settings")
	if err != nil {
		return nil, err
	}
	var st []SavedSettings
	if err := s.conn(ctx).Where("group_id = ?", g).Limit(1).Find(&st).Error; err != nil {
		return nil, translate("settings", err)
	}
	if len(st) == 0 {
		return &SavedSettings{GroupID: g}, nil
	}
	return &st[0], nil
}

// SaveSettings stores the group's coordinators' choices; they take effect
// on the next read, without a restart. The mark is left as it is: it has
// its own writer (SetCoordinators). Group-scoped (In): st is saved as the
// store's group's.
func (s *Store) SaveSettings(ctx context.Context, st *SavedSettings) error {
	g, err := s.scope("save settings")
	if err != nil {
		return err
	}
	st.GroupID = g
	err = s.conn(ctx).Omit("coordinators_saved_at").
		Clauses(clause.OnConflict{UpdateAll: true}).Create(st).Error
	return translate("save settings", err)
}

// Coordinators lists the group's named coordinators, each with Role set.
// Workspace admins are not among them unless they were named.
// Group-scoped (In).
func (s *Store) Coordinators(ctx context.Context) ([]Member, error) {
	g, err := s.scope("coordinators")
	if err != nil {
		return nil, err
	}
	var ms []Member
	err = s.conn(ctx).Where("id IN (?)", s.conn(ctx).Model(&GroupMember{}).Select("user_id").Where("group_id = ? AND role = ?", g, RoleCoordinator)).
		Order("id").Find(&ms).Error
	for i := range ms {
		ms[i].Role, ms[i].readIn = RoleCoordinator, g
	}
	return ms, translate("coordinators", err)
}

// IsCoordinator reports whether user is a named coordinator of the group.
// Group-scoped (In).
func (s *Store) IsCoordinator(ctx context.Context, user UserID) (bool, error) {
	g, err := s.scope("is coordinator")
	if err != nil {
		return false, err
	}
	var n int64
	err = s.conn(ctx).Model(&GroupMember{}).Where("group_id = ? AND user_id = ? AND role = ?", g, user, RoleCoordinator).Count(&n).Error
	return n > 0, translate("is coordinator", err)
}

// SetCoordinators makes exactly these members the group's named
// coordinators; the others named before stay in the group as members.
// From then on this list is the whole list: the environment's first
// coordinators stop counting (SavedSettings.FirstCoordinatorsCount). The
// members must exist. Group-scoped (In).
func (s *Store) SetCoordinators(ctx context.Context, ids []UserID) error {
	g, err := s.scope("set coordinators")
	if err != nil {
		return err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&GroupMember{}).Where("group_id = ? AND role = ?", g, RoleCoordinator)
		if len(ids) > 0 {
			q = q.Where("user_id NOT IN ?", ids)
		}
		if err := q.Update("role", RoleMember).Error; err != nil {
			return err
		}
		var known []UserID
		if len(ids) > 0 {
			if err := tx.Model(&Member{}).Where("id IN ?", ids).Pluck("id", &known).Error; err != nil {
				return err
			}
		}
		for _, id := range known {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "group_id"}, {Name: "user_id"}},
				DoUpdates: clause.Assignments(map[string]any{"role": RoleCoordinator}),
			}).Create(&GroupMember{GroupID: g, UserID: id, Role: RoleCoordinator, JoinedAt: now}).Error
			if err != nil {
				return err
			}
		}
		return tx.Model(&SavedSettings{}).Clauses(clause.OnConflict{
			Columns: []clause.Column{{Name: "group_id"}},
			DoUpdates: clause.Assignments(map[string]any{
				"coordinators_saved_at": gorm.Expr("COALESCE(group_settings.coordinators_saved_at, ?)", now), "updated_at": now,
			}),
		}).Create(map[string]any{"group_id": g, "coordinators_saved_at": now, "updated_at": now}).Error
	})
	return translate("set coordinators", err)
}

// EffectiveSettings returns the settings in effect in the store's group:
// its saved choices over def, the operator's (SavedSettings.Effective),
// which the bot and the scheduler both act on. A group other than the
// workspace's default posts no digest until its coordinators choose a
// channel: the operator's channel is the default group's. Group-scoped
// (In).
func (s *Store) EffectiveSettings(ctx context.Context, def Settings) (Settings, error) {
	saved, err := s.Settings(ctx)
	if err != nil {
		return def, err
	}
	if def, err = s.DefaultsIn(ctx, def); err != nil {
		return def, err
	}
	return saved.Effective(def), nil
}

// DefaultsIn is def, the operator's settings, as the store's group follows
// them: without the digest channel for a group other than the default.
// Group-scoped (In).
func (s *Store) DefaultsIn(ctx context.Context, def Settings) (Settings, error) {
	g, err := s.GroupByID(ctx, s.group)
	if err != nil {
		return def, err
	}
	if !g.IsDefault {
		def.DigestChannel = ""
	}
	return def, nil
}
