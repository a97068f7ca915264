package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings returns the workspace's saved row, empty (everything follows
// the environment) when nothing was saved.
func (s *Store) Settings(ctx context.Context, team TeamID) (*SavedSettings, error) {
	var st []SavedSettings
	if err := s.conn(ctx).Where("team_id = ?", team).Limit(1).Find(&st).Error; err != nil {
		return nil, translate("settings", err)
	}
	if len(st) == 0 {
		st = append(st, SavedSettings{TeamID: team})
	}
	// The uninstall mark is the workspace's (store_workspaces.go).
	var ws []Workspace
	if err := s.conn(ctx).Select("uninstalled_at").Where("team_id = ?", team).Limit(1).Find(&ws).Error; err != nil {
		return nil, translate("settings", err)
	}
	st[0].UninstalledAt = nil
	if len(ws) > 0 {
		st[0].UninstalledAt = ws[0].UninstalledAt
	}
	return &st[0], nil
}

// SaveSettings stores the coordinators' choices; they take effect on the
// next read, without a restart. The marks are left as they are: they have
// their own writers (SetCoordinators, MarkUninstalled).
func (s *Store) SaveSettings(ctx context.Context, st *SavedSettings) error {
	err := s.conn(ctx).Omit("coordinators_saved_at", "uninstalled_at").
		Clauses(clause.OnConflict{UpdateAll: true}).Create(st).Error
	return translate("save settings", err)
}

// markSettings sets a mark of the workspace's row, creating the row if
// needed; an earlier mark stays.
func markSettings(tx *gorm.DB, team TeamID, column string, at, now time.Time) error {
	return tx.Model(&SavedSettings{}).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "team_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			column: gorm.Expr("COALESCE(settings."+column+", ?)", at), "updated_at": now,
		}),
	}).Create(map[string]any{"team_id": team, column: at, "updated_at": now}).Error
}

// Coordinators lists the members named coordinators. Workspace admins are
// not among them unless they were named.
func (s *Store) Coordinators(ctx context.Context) ([]Member, error) {
	var ms []Member
	err := s.conn(ctx).Where("role = ?", RoleCoordinator).Order("id").Find(&ms).Error
	return ms, translate("coordinators", err)
}

// SetCoordinators makes exactly these members the named coordinators. From
// then on this list is the whole list: the environment's first
// coordinators stop counting (SavedSettings.FirstCoordinatorsCount). The
// members must exist.
func (s *Store) SetCoordinators(ctx context.Context, team TeamID, ids []UserID) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Member{}).Where("role = ?", RoleCoordinator)
		if len(ids) > 0 {
			q = q.Where("id NOT IN ?", ids)
		}
		if err := q.Updates(map[string]any{"role": RoleMember, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if len(ids) > 0 {
			if err := tx.Model(&Member{}).Where("id IN ?", ids).Updates(map[string]any{"role": RoleCoordinator, "updated_at": s.now()}).Error; err != nil {
				return err
			}
		}
		return markSettings(tx, team, "coordinators_saved_at", s.now(), s.now())
	})
	return translate("set coordinators", err)
}
