package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SaveMember inserts or refreshes a member's Slack profile. It keeps what the
// group decided (role, opt-out, joined date) and what Slack does not know.
//
// It is for the person acting now, or someone they name: it creates the
// row. Work done on nobody's behalf (a Home refresh, a scheduled send) uses
// RefreshMember. Someone forgotten at their request is not stored again,
// whoever names them, until they opt in themselves (OptIn): SaveMember then
// stores nothing and says so with ENOTFOUND.
func (s *Store) SaveMember(ctx context.Context, m *Member) error {
	if m.Role == "" {
		m.Role = RoleMember
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if out, err := suppressed(tx, m.ID); err != nil || out {
			if err == nil {
				err = errSuppressed()
			}
			return err
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"team_id", "name", "tz", "is_bot", "deleted", "is_admin", "locale", "profile_fetched_at", "updated_at"}),
		}).Create(m).Error
	})
	return translate("save member", err)
}

// errSuppressed is the answer of the writes that would store someone
// forgotten at their request.
func errSuppressed() error {
	return Errorf(ENOTFOUND, "That person asked me to forget them, so I keep nothing about them.").Msg("error.forgotten_person")
}

// RefreshMember updates the Slack profile of a member the database holds,
// as SaveMember does, but never creates one: ENOTFOUND when there is no row.
// Work that began before ForgetMember may finish after it, here or on
// another replica; this is what keeps it from bringing the person back.
func (s *Store) RefreshMember(ctx context.Context, m *Member) error {
	res := s.conn(ctx).Model(&Member{}).Where("id = ?", m.ID).Updates(map[string]any{
		"team_id": m.TeamID, "name": m.Name, "tz": m.TZ, "is_bot": m.IsBot, "deleted": m.Deleted, "is_admin": m.IsAdmin,
		"locale": m.Locale, "profile_fetched_at": m.ProfileFetchedAt.UTC(), "updated_at": s.now(),
	})
	if res.Error != nil {
		return translate("refresh member", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "I don't know that person yet.").Msg("error.unknown_person")
	}
	return nil
}

// Member returns a member by Slack user id, with their Role in the store's
// group when it is scoped (In).
func (s *Store) Member(ctx context.Context, id UserID) (*Member, error) {
	var m Member
	if err := s.conn(ctx).First(&m, "id = ?", id).Error; err != nil {
		return nil, translate("member", err)
	}
	ms := []Member{m}
	if err := s.withRoles(ctx, ms); err != nil {
		return nil, translate("member", err)
	}
	return &ms[0], nil
}

// Members returns the members with the given ids, in no order, with their
// Role in the store's group when it is scoped (In); unknown ids are left
// out.
func (s *Store) Members(ctx context.Context, ids []UserID) ([]Member, error) {
	var ms []Member
	if len(ids) == 0 {
		return ms, nil
	}
	if err := s.conn(ctx).Where("id IN ?", ids).Find(&ms).Error; err != nil {
		return nil, translate("members", err)
	}
	return ms, translate("members", s.withRoles(ctx, ms))
}

// SetRole makes a member a coordinator or a plain member of the store's
// group. Group-scoped (In).
func (s *Store) SetRole(ctx context.Context, id UserID, role string) error {
	g, err := s.scope("set role")
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Member{}).Where("id = ?", id).Count(&n).Error; err != nil || n == 0 {
			if err == nil {
				err = Errorf(ENOTFOUND, "I don't know that person yet.").Msg("error.unknown_person")
			}
			return err
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "group_id"}, {Name: "user_id"}},
			DoUpdates: clause.Assignments(map[string]any{"role": role}),
		}).Create(&GroupMember{GroupID: g, UserID: id, Role: role, JoinedAt: s.now()}).Error
	})
	return translate("set role", err)
}

// SetLanguage records the language a member chose to read the bot in, an
// ISO 639-1 code ("es"); "" goes back to following their Slack. Which
// languages there are is the bot's to say; this checks only the form.
func (s *Store) SetLanguage(ctx context.Context, id UserID, lang string) error {
	if lang != "" && !ValidLanguage(lang) {
		return Errorf(EINVALID, "Name the language by its two-letter code, like en or es.")
	}
	res := s.conn(ctx).Model(&Member{}).Where("id = ?", id).Updates(map[string]any{"language": lang, "updated_at": s.now()})
	if res.Error != nil {
		return translate("set language", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "I don't know that person yet.")
	}
	return nil
}

// SetOptedOut sets a member's opt-out flag alone, which MayContact reads.
// A person's own opt-out is OptOut, which also closes the requests waiting
// on them, and OptIn, which also lifts a forget's suppression.
func (s *Store) SetOptedOut(ctx context.Context, id UserID, out bool) error {
	res := s.conn(ctx).Model(&Member{}).Where("id = ?", id).Updates(map[string]any{"opted_out": out, "updated_at": s.now()})
	if res.Error != nil {
		return translate("set opt-out", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "I don't know that person yet.").Msg("error.unknown_person")
	}
	return nil
}

// MarkJoined records when a member joined the workspace or the digest
// channel, the first time the bot sees it; it creates the member if needed.
// New members with no one-to-one yet are the people the digest asks the
// team to reach out to. Someone forgotten at their request is no newcomer
// to approach: nothing is stored, and there is nothing to report.
func (s *Store) MarkJoined(ctx context.Context, m *Member, at time.Time) error {
	at = at.UTC()
	if m.Role == "" {
		m.Role = RoleMember
	}
	m.JoinedAt = &at
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if out, err := suppressed(tx, m.ID); err != nil || out {
			return err
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "id"}},
			DoUpdates: clause.Assignments(map[string]any{"joined_at": gorm.Expr("COALESCE(members.joined_at, ?)", at), "updated_at": s.now()}),
		}).Create(m).Error
	})
	return translate("mark joined", err)
}
