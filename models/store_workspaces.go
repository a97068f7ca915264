package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Workspace is one Slack workspace the deployment serves: an installation
// of the app, through OAuth (HTTP mode) or with SLACK_BOT_TOKEN (Socket
// Mode, one workspace). Its bot token is sealed at rest like reflections,
// so a database dump does not hand out a way into the workspace.
type Workspace struct {
	TeamID       TeamID `gorm:"primaryKey"`
	TeamName     string
	EnterpriseID string
	BotUserID    string
	// BotToken is sealed by the store's Sealer; nil for a workspace known
	// only from its members (Socket Mode keeps its token in the
	// environment).
	BotToken    []byte
	Scopes      string
	InstalledBy UserID
	InstalledAt *time.Time
	// UninstalledAt marks that the app was removed from the workspace (or
	// its tokens revoked): its work stops, and its data is deleted after
	// the retention period. A new installation clears it.
	UninstalledAt *time.Time
	UpdatedAt     time.Time
}

// TableName pins the table name.
func (Workspace) TableName() string { return "workspaces" }

// Installation is what an OAuth installation (oauth.v2.access) tells about
// a workspace, the bot token in the clear; Install seals it.
type Installation struct {
	Team         TeamID
	TeamName     string
	EnterpriseID string
	BotUserID    string
	BotToken     string
	Scopes       string
	InstalledBy  UserID
}

// Install records an installation, or a reinstallation: the token
// replaces the old one and an uninstall mark is cleared, so the workspace
// is served again (its data, if not yet purged, is still there).
func (s *Store) Install(ctx context.Context, in Installation) error {
	if in.Team == "" || in.BotToken == "" {
		return Errorf(EINVALID, "an installation needs a workspace and a bot token")
	}
	sealed, err := s.sealer.Seal([]byte(in.BotToken))
	if err != nil {
		return translate("seal bot token", err)
	}
	now := s.now().UTC()
	w := Workspace{
		TeamID: in.Team, TeamName: in.TeamName, EnterpriseID: in.EnterpriseID, BotUserID: in.BotUserID,
		BotToken: sealed, Scopes: in.Scopes, InstalledBy: in.InstalledBy, InstalledAt: &now, UpdatedAt: now,
	}
	err = s.conn(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "team_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"team_name": w.TeamName, "enterprise_id": w.EnterpriseID, "bot_user_id": w.BotUserID,
			"bot_token": w.BotToken, "scopes": w.Scopes, "installed_by": w.InstalledBy,
			"installed_at": now, "uninstalled_at": nil, "updated_at": now,
		}),
	}).Create(&w).Error
	return translate("install", err)
}

// EnsureWorkspace records the workspace a Socket Mode deployment serves
// (the one SLACK_BOT_TOKEN belongs to), without a token: the environment
// keeps it. An existing row, its uninstall mark included, stays as is.
func (s *Store) EnsureWorkspace(ctx context.Context, team TeamID) error {
	err := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&Workspace{TeamID: team, UpdatedAt: s.now().UTC()}).Error
	return translate("record workspace", err)
}

// Workspace returns one workspace's row, ENOTFOUND when the app was never
// installed there.
func (s *Store) Workspace(ctx context.Context, team TeamID) (*Workspace, error) {
	var ws []Workspace
	if err := s.conn(ctx).Where("team_id = ?", team).Limit(1).Find(&ws).Error; err != nil {
		return nil, translate("workspace", err)
	}
	if len(ws) == 0 {
		return nil, Errorf(ENOTFOUND, "this workspace has not installed the app")
	}
	return &ws[0], nil
}

// BotToken returns a workspace's bot token in the clear, for the Slack
// client that speaks for it. A workspace unknown, uninstalled, or without
// a stored token is ENOTFOUND: nothing may be said on its behalf.
func (s *Store) BotToken(ctx context.Context, team TeamID) (string, error) {
	w, err := s.Workspace(ctx, team)
	if err != nil {
		return "", err
	}
	if w.UninstalledAt != nil || len(w.BotToken) == 0 {
		return "", Errorf(ENOTFOUND, "the app is not installed in this workspace")
	}
	plain, err := s.sealer.Open(w.BotToken)
	if err != nil {
		return "", translate("open bot token", err)
	}
	return string(plain), nil
}

// Workspaces lists the workspaces the app is installed in (not
// uninstalled), so that a command run without a Slack token (run-job
// --dry-run) can tell whose settings apply.
func (s *Store) Workspaces(ctx context.Context) ([]TeamID, error) {
	var teams []TeamID
	err := s.conn(ctx).Model(&Workspace{}).Where("uninstalled_at IS NULL").Order("team_id").Pluck("team_id", &teams).Error
	return teams, translate("workspaces", err)
}

// Uninstalled lists the workspaces the app was removed from, with when,
// for the retention job.
func (s *Store) Uninstalled(ctx context.Context) ([]Workspace, error) {
	var ws []Workspace
	err := s.conn(ctx).Select("team_id", "uninstalled_at").Where("uninstalled_at IS NOT NULL").Order("team_id").Find(&ws).Error
	return ws, translate("uninstalled workspaces", err)
}

// MarkUninstalled records that the app was removed from the workspace (or
// its tokens revoked): its work stops, and its data is deleted once the
// retention period is over. An earlier mark stays, so the clock does not
// restart on a repeated event. The token is dropped: it no longer works.
func (s *Store) MarkUninstalled(ctx context.Context, team TeamID, at time.Time) error {
	now := s.now().UTC()
	err := s.conn(ctx).Model(&Workspace{}).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "team_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"uninstalled_at": gorm.Expr("COALESCE(workspaces.uninstalled_at, ?)", at.UTC()),
			"bot_token":      nil, "updated_at": now,
		}),
	}).Create(map[string]any{"team_id": team, "uninstalled_at": at.UTC(), "updated_at": now}).Error
	return translate("mark uninstalled", err)
}

// Purge deletes every row the bot keeps about the people of one
// workspace: its members and everything they wrote or were sent. It
// answers app_uninstalled once the retention period has passed; other
// workspaces are untouched. The workspace's row stays, holding only the
// uninstall mark, so the bot stays quiet there; so do the suppressions, a
// Slack id and a day each, so that people who asked to be forgotten are not
// contacted after a reinstall either.
func (s *Store) Purge(ctx context.Context, team TeamID) error {
	if team == "" {
		return Errorf(EINVALID, "purge needs a workspace")
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return purgeTeam(tx, team)
	})
	return translate("purge", err)
}

// purgeTeam deletes the team's groups and every row carrying one of their
// ids, then its members and whatever else is theirs (a one-to-one they are
// a party to, a delivery to them), so nothing of the workspace is left
// however a row was filed.
func purgeTeam(tx *gorm.DB, team TeamID) error {
	groups := tx.Model(&Group{}).Select("id").Where("team_id = ?", team)
	members := tx.Model(&Member{}).Select("id").Where("team_id = ?", team)
	pairs := tx.Model(&OneToOne{}).Select("id").Where("group_id IN (?) OR requester_id IN (?) OR invitee_id IN (?)", groups, members, members)
	steps := []struct {
		m     any
		where string
		args  []any
	}{
		{&ReflectionTag{}, "group_id IN (?) OR reflection_id IN (?)", []any{groups, tx.Model(&Reflection{}).Select("id").Where("one_to_one_id IN (?)", pairs)}},
		{&ReflectionRead{}, "reflection_id IN (?)", []any{tx.Model(&Reflection{}).Select("id").Where("group_id IN (?) OR one_to_one_id IN (?)", groups, pairs)}},
		{&Reflection{}, "group_id IN (?) OR one_to_one_id IN (?)", []any{groups, pairs}},
		{&Delivery{}, "group_id IN (?) OR recipient IN (?) OR one_to_one_id IN (?)", []any{groups, members, pairs}},
		{&PlanEntry{}, "group_id IN (?) OR owner_id IN (?)", []any{groups, members}},
		{&Goal{}, "group_id IN (?) OR user_id IN (?)", []any{groups, members}},
		{&Assignment{}, "group_id IN (?)", []any{groups}},
		{&Person{}, "group_id IN (?) OR owner_id IN (?)", []any{groups, members}},
		// One-to-ones after what the steps above find through them.
		{&OneToOne{}, "group_id IN (?) OR requester_id IN (?) OR invitee_id IN (?)", []any{groups, members, members}},
		{&GroupMember{}, "group_id IN (?) OR user_id IN (?)", []any{groups, members}},
		{&SavedSettings{}, "group_id IN (?)", []any{groups}},
	}
	for _, st := range steps {
		if err := tx.Where(st.where, st.args...).Delete(st.m).Error; err != nil {
			return err
		}
	}
	if err := tx.Where("team_id = ?", team).Delete(&Group{}).Error; err != nil {
		return err
	}
	return tx.Where("team_id = ?", team).Delete(&Member{}).Error
}

// UninstalledAt returns when the app was removed from the workspace, nil
// while it is installed (or was never seen).
func (s *Store) UninstalledAt(ctx context.Context, team TeamID) (*time.Time, error) {
	var ws []Workspace
	if err := s.conn(ctx).Select("uninstalled_at").Where("team_id = ?", team).Limit(1).Find(&ws).Error; err != nil || len(ws) == 0 {
		return nil, translate("uninstalled at", err)
	}
	return ws[0].UninstalledAt, nil
}

// ResealTokens re-seals every workspace's bot token with the store's
// sealer, after a key rotation as ResealReflections does for reflections.
// The rows are few (one a workspace): one transaction does them all.
func (s *Store) ResealTokens(ctx context.Context) (n int, err error) {
	checker, _ := s.sealer.(currentChecker)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var ws []Workspace
		if err := tx.Select("team_id", "bot_token").Where("bot_token IS NOT NULL").Find(&ws).Error; err != nil {
			return err
		}
		for _, w := range ws {
			if len(w.BotToken) == 0 || (checker != nil && checker.Current(w.BotToken)) {
				continue
			}
			plain, err := s.sealer.Open(w.BotToken)
			if err != nil {
				return fmt.Errorf("reseal the token of %s: %w", w.TeamID, err)
			}
			sealed, err := s.sealer.Seal(plain)
			if err != nil {
				return fmt.Errorf("reseal the token of %s: %w", w.TeamID, err)
			}
			if err := tx.Model(&Workspace{}).Where("team_id = ?", w.TeamID).UpdateColumn("bot_token", sealed).Error; err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, translate("reseal tokens", err)
}
