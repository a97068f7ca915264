package models

import (
	"context"
	"database/sql"
	"fmt"
)

// EffectiveSettingsOf returns, for each of groups, the settings in effect
// in it, as EffectiveSettings on the store scoped to it would, read in one
// query however many groups there are. The scheduler plans every group's
// due work in one pass and needs every group's settings each tick: read
// group by group they cost a round trip each, which at a thousand
// workspaces outweighed the planning itself (BENCHMARKS.md §7).
func (s *Store) EffectiveSettingsOf(ctx context.Context, groups []Group, def Settings) (map[GroupID]Settings, error) {
	var saved []SavedSettings
	if err := s.conn(ctx).Find(&saved).Error; err != nil {
		return nil, translate("settings of groups", err)
	}
	byGroup := make(map[GroupID]*SavedSettings, len(saved))
	for i := range saved {
		byGroup[saved[i].GroupID] = &saved[i]
	}
	// Groups that saved nothing follow the operator's settings: computed
	// once, not once a group (Effective validates, which loads the
	// timezone).
	plain := map[bool]Settings{}
	out := make(map[GroupID]Settings, len(groups))
	for _, g := range groups {
		d := def
		if !g.IsDefault {
			d.DigestChannel = "" // as DefaultsIn
		}
		sv := byGroup[g.ID]
		if sv == nil {
			st, ok := plain[g.IsDefault]
			if !ok {
				st = (&SavedSettings{}).Effective(d)
				plain[g.IsDefault] = st
			}
			out[g.ID] = st
			continue
		}
		out[g.ID] = sv.Effective(d)
	}
	return out, nil
}

// GroupsStamp is a mark that changes whenever a group, a group's saved
// settings or a workspace's uninstall mark changes: how many rows each
// table holds and when the newest was written. The scheduler reads the
// groups and their settings again only when it changes (or after a few
// minutes in any case, for a writer whose clock ran behind), so a tick
// over a thousand workspaces costs one small query, not a thousand rows.
func (s *Store) GroupsStamp(ctx context.Context) (string, error) {
	var stamp struct {
		Groups, Saved, Workspaces             int64
		GroupsAt, SavedAt, WorkspacesAt, Gone sql.NullString
	}
	err := s.conn(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM groups) AS groups, (SELECT MAX(updated_at) FROM groups) AS groups_at,
		(SELECT COUNT(*) FROM group_settings) AS saved, (SELECT MAX(updated_at) FROM group_settings) AS saved_at,
		(SELECT COUNT(*) FROM workspaces) AS workspaces, (SELECT MAX(updated_at) FROM workspaces) AS workspaces_at,
		(SELECT MAX(uninstalled_at) FROM workspaces) AS gone`).Scan(&stamp).Error
	if err != nil {
		return "", translate("groups stamp", err)
	}
	return fmt.Sprintf("%d %s %d %s %d %s %s", stamp.Groups, stamp.GroupsAt.String, stamp.Saved, stamp.SavedAt.String,
		stamp.Workspaces, stamp.WorkspacesAt.String, stamp.Gone.String), nil
}
