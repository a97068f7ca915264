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
		return &SavedSettings{TeamID: team}, nil
	}
	return &st[0], nil
}

// Workspaces lists the workspaces with a settings row, so that a command
// run without a Slack token (run-job --dry-run) can tell whose settings
// apply: none when no one saved any, and so the environment's apply.
func (s *Store) Workspaces(ctx context.Context) ([]TeamID, error) {
	var teams []TeamID
	err := s.conn(ctx).Model(&SavedSettings{}).Order("team_id").Pluck("team_id", &teams).Error
	return teams, translate("workspaces", err)
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

// MarkUninstalled records that the app was removed from the workspace: all
// work stops, and the data is deleted once the retention period is over.
func (s *Store) MarkUninstalled(ctx context.Context, team TeamID, at time.Time) error {
	return translate("mark uninstalled", markSettings(s.conn(ctx), team, "uninstalled_at", at.UTC(), s.now()))
}

// PurgeAll deletes every row the bot keeps about people. It answers
// app_uninstalled once the retention period has passed. The settings row
// stays, holding only the uninstall mark, so the bot stays quiet; so do the
// suppressions, a Slack id and a day each, so that people who asked to be
// forgotten are not contacted after a reinstall either.
func (s *Store) PurgeAll(ctx context.Context) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, m := range []any{&ReflectionRead{}, &Reflection{}, &Delivery{}, &PlanEntry{}, &OneToOne{}, &Goal{}, &Person{}, &Member{}, &ProcessedEvent{}, &Lease{}} {
			if err := tx.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(m).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate("purge", err)
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
