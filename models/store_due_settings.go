package models

import "context"

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
