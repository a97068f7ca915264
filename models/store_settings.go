package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Workspaces lists the workspaces with a settings row or a group's saved
// settings, so that a command
// run without a Slack token (run-job --dry-run) can tell whose settings
// apply: none when no one saved any, and so the environment's apply.
func (s *Store) Workspaces(ctx context.Context) ([]TeamID, error) {
	var teams []TeamID
	err := s.conn(ctx).Raw(`SELECT team_id FROM settings UNION
		SELECT g.team_id FROM groups g JOIN group_settings gs ON gs.group_id = g.id WHERE g.team_id <> '' ORDER BY team_id`).Scan(&teams).Error
	return teams, translate("workspaces", err)
}

// markSettings sets a mark of the workspace's row, creating the row if
// needed; an earlier mark stays.
func markSettings(tx *gorm.DB, team TeamID, column string, at, now time.Time) error {
	return tx.Model(&teamSettings{}).Clauses(clause.OnConflict{
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
		for _, m := range []any{&ReflectionRead{}, &Reflection{}, &Delivery{}, &PlanEntry{}, &OneToOne{}, &Goal{}, &Person{}, &GroupMember{}, &SavedSettings{}, &Group{}, &Member{}, &ProcessedEvent{}, &Lease{}} {
			if err := tx.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(m).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate("purge", err)
}

// teamSettings is what the workspace's row of settings keeps since groups
// have their own (SavedSettings): the uninstall mark.
type teamSettings struct {
	TeamID TeamID `gorm:"primaryKey"`
	// UninstalledAt marks that the app was removed from the workspace: all
	// work stops, and the data is deleted after the retention period.
	UninstalledAt *time.Time
	UpdatedAt     time.Time
}

// TableName pins the table name.
func (teamSettings) TableName() string { return "settings" }

// UninstalledAt returns when the app was removed from the workspace, nil
// while it is installed.
func (s *Store) UninstalledAt(ctx context.Context, team TeamID) (*time.Time, error) {
	var ts []teamSettings
	if err := s.conn(ctx).Where("team_id = ?", team).Limit(1).Find(&ts).Error; err != nil || len(ts) == 0 {
		return nil, translate("uninstalled at", err)
	}
	return ts[0].UninstalledAt, nil
}
