package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Settings returns the workspace's settings, or zero Settings (meaning "use
// the operator's defaults") when none were saved.
func (s *Store) Settings(ctx context.Context, team string) (*Settings, error) {
	var st []Settings
	if err := s.conn(ctx).Where("team_id = ?", team).Limit(1).Find(&st).Error; err != nil {
		return nil, translate("settings", err)
	}
	if len(st) == 0 {
		return &Settings{TeamID: team}, nil
	}
	return &st[0], nil
}

// SaveSettings stores a coordinator's choices; they take effect on the next
// read, without a restart.
func (s *Store) SaveSettings(ctx context.Context, st *Settings) error {
	err := s.conn(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(st).Error
	return translate("save settings", err)
}

// MarkUninstalled records that the app was removed from the workspace: all
// work stops, and the data is deleted once the retention period is over.
func (s *Store) MarkUninstalled(ctx context.Context, team string, at time.Time) error {
	st, err := s.Settings(ctx, team)
	if err != nil {
		return err
	}
	if st.UninstalledAt != nil {
		return nil
	}
	at = at.UTC()
	st.UninstalledAt = &at
	return s.SaveSettings(ctx, st)
}

// PurgeAll deletes every row the bot keeps about people. It answers
// app_uninstalled once the retention period has passed. The settings row
// stays, holding only the uninstall mark, so the bot stays quiet.
func (s *Store) PurgeAll(ctx context.Context) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, m := range []any{&Reflection{}, &Delivery{}, &PlanEntry{}, &OneToOne{}, &Goal{}, &Person{}, &Member{}, &ProcessedEvent{}, &Lease{}} {
			if err := tx.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(m).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate("purge", err)
}
