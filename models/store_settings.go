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
// stays, holding only the uninstall mark, so the bot stays quiet; so do the
// suppressions, a Slack id and a day each, so that people who asked to be
// forgotten are not contacted after a reinstall either.
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

// Effective fills the workspace's unset choices from def, the operator's
// environment defaults.
func (st Settings) Effective(def Settings) Settings {
	if st.DigestChannel == "" {
		st.DigestChannel = def.DigestChannel
	}
	if st.DigestCron == "" {
		st.DigestCron = def.DigestCron
	}
	if st.Timezone == "" {
		st.Timezone = def.Timezone
	}
	if st.NudgeAfterSec == 0 {
		st.NudgeAfterSec = def.NudgeAfterSec
	}
	if st.ReflectionDelaySec == 0 {
		st.ReflectionDelaySec = def.ReflectionDelaySec
	}
	if st.DeliveryHours == "" {
		st.DeliveryHours = def.DeliveryHours
	}
	if st.LadderLabels == "" {
		st.LadderLabels = def.LadderLabels
	}
	return st
}

// Coordinators lists the members a coordinator named (workspace admins are
// coordinators too, by their Slack profile).
func (s *Store) Coordinators(ctx context.Context) ([]Member, error) {
	var ms []Member
	err := s.conn(ctx).Where("role = ?", RoleCoordinator).Order("id").Find(&ms).Error
	return ms, translate("coordinators", err)
}

// SetCoordinators makes exactly these members the named coordinators. The
// members must exist.
func (s *Store) SetCoordinators(ctx context.Context, ids []UserID) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Member{}).Where("role = ?", RoleCoordinator)
		if len(ids) > 0 {
			q = q.Where("id NOT IN ?", ids)
		}
		if err := q.Updates(map[string]any{"role": RoleMember, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		return tx.Model(&Member{}).Where("id IN ?", ids).Updates(map[string]any{"role": RoleCoordinator, "updated_at": s.now()}).Error
	})
	return translate("set coordinators", err)
}
