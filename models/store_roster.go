package models

import (
	"context"
	"fmt"
	"hash/fnv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The roster's store methods other than the import (roster_import.go):
// coordinators add and change people, write notes about them and link them
// to Slack accounts; everyone reads them through RosterPerson, which
// applies PersonAccessOf.
//
// Linking a person to a Slack member (Person.SlackID) makes their history
// follow them: one-to-ones whose invitee_id is that Slack id are the
// person's too, as much as those whose person_id is theirs. The person's
// story and the coordinator's picture read them that way.

// AddPerson adds p to the group's roster (OwnerID ""), for by, who must be
// one of the group's coordinators (MayEditRoster). What was typed is
// checked first (Person.Clean: a FieldError names the field). Someone
// already on the roster with the same name and the same email or phone is
// refused with ECONFLICT naming them, on the name's field. p.Notes are
// sealed with the store's sealer, like reflections; p.SlackID, when set,
// links the person at once (LinkPerson's rules). p comes back as stored,
// its ID set.
func (s *Store) AddPerson(ctx context.Context, by *Member, p *Person) error {
	g, err := s.rosterEditor(ctx, by, "add person")
	if err != nil {
		return err
	}
	if err := p.Clean(); err != nil {
		return err
	}
	body, err := s.sealNotes(p.Notes)
	if err != nil {
		return err
	}
	row := *p
	row.ID, row.GroupID, row.OwnerID, row.NotesBody = 0, g, "", body
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := rosterDuplicateTx(tx, &row); err != nil {
			return err
		}
		if err := linkFreeTx(tx, g, 0, row.SlackID); err != nil {
			return err
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return translate("add person", err)
	}
	notes := p.Notes
	*p = row
	p.Notes = notes
	return nil
}

// UpdatePerson saves a coordinator's changes to a person of the group: the
// name, contact details, roster fields, notes and the Slack account they
// are linked to, all at once or nothing. The same checks as AddPerson
// apply, the person themselves left out of the duplicates. The person's
// owner stays: an organizer's own contact remains theirs.
func (s *Store) UpdatePerson(ctx context.Context, by *Member, p *Person) error {
	g, err := s.rosterEditor(ctx, by, "update person")
	if err != nil {
		return err
	}
	if err := p.Clean(); err != nil {
		return err
	}
	body, err := s.sealNotes(p.Notes)
	if err != nil {
		return err
	}
	var row Person
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("group_id = ?", g).First(&row, p.ID).Error; err != nil {
			return err
		}
		row.Name, row.Email, row.Phone = p.Name, p.Email, p.Phone
		row.Site, row.Department, row.Shift = p.Site, p.Department, p.Shift
		row.SlackID, row.NotesBody = p.SlackID, body
		row.BeforeSave(tx)
		if row.OwnerID == "" {
			if err := rosterDuplicateTx(tx, &row); err != nil {
				return err
			}
		}
		if err := linkFreeTx(tx, g, row.ID, row.SlackID); err != nil {
			return err
		}
		row.UpdatedAt = s.now()
		// UpdateColumns: the keys are computed above, and no hook runs on
		// an empty model.
		return tx.Model(&Person{}).Where("id = ?", row.ID).UpdateColumns(map[string]any{
			"name": row.Name, "name_key": row.NameKey, "email": row.Email, "email_key": row.EmailKey,
			"phone": row.Phone, "phone_key": row.PhoneKey, "site": row.Site, "department": row.Department,
			"shift": row.Shift, "slack_id": row.SlackID, "notes": row.NotesBody, "updated_at": row.UpdatedAt,
		}).Error
	})
	if err != nil {
		return translate("update person", err)
	}
	notes := p.Notes
	*p = row
	p.Notes = notes
	return nil
}

// RosterPerson returns person id of the group as viewer may see them
// (PersonAccessOf): everything, notes opened, for a coordinator; all but
// the notes for the organizer they are assigned to or whose contact they
// are. Anyone else, and the person themselves, gets
// EUNAUTHORIZED; no such person in the group, ENOTFOUND.
func (s *Store) RosterPerson(ctx context.Context, viewer *Member, id PersonID) (*Person, PersonAccess, error) {
	db, _, err := s.gconn(ctx, "roster person")
	if err != nil {
		return nil, PersonHidden, err
	}
	if viewer, err = s.viewerIn(ctx, viewer); err != nil {
		return nil, PersonHidden, err
	}
	var p Person
	if err := db.First(&p, id).Error; err != nil {
		return nil, PersonHidden, translate("roster person", err)
	}
	var assignees []UserID
	if err := db.Model(&Assignment{}).Where("person_id = ? AND ended_at IS NULL", id).Limit(1).Pluck("organizer_id", &assignees).Error; err != nil {
		return nil, PersonHidden, translate("roster person", err)
	}
	var assignee UserID
	if len(assignees) == 1 {
		assignee = assignees[0]
	}
	access := PersonAccessOf(viewer, &p, assignee)
	switch access {
	case PersonHidden:
		return nil, access, personRefusal(viewer, &p)
	case PersonShared:
		p.NotesBody = nil
		return &p, access, nil
	}
	if len(p.NotesBody) > 0 {
		plain, err := s.sealer.Open(p.NotesBody)
		if err != nil {
			return nil, PersonHidden, translate("open notes", err)
		}
		p.Notes = string(plain)
	}
	p.NotesBody = nil
	return &p, access, nil
}

// LinkPerson links person id of the group to the Slack member slackID, a
// coordinator's choice (by), or unlinks them with "". A Slack account
// linked to another person of the group is refused with ECONFLICT naming
// them: one Slack member is one person. Once linked, the person's history
// follows them (see the top of this file).
func (s *Store) LinkPerson(ctx context.Context, by *Member, id PersonID, slackID UserID) error {
	g, err := s.rosterEditor(ctx, by, "link person")
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var p Person
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("group_id = ?", g).First(&p, id).Error; err != nil {
			return err
		}
		if err := linkFreeTx(tx, g, p.ID, slackID); err != nil {
			return err
		}
		return tx.Model(&Person{}).Where("id = ?", p.ID).UpdateColumns(map[string]any{"slack_id": slackID, "updated_at": s.now()}).Error
	})
	return translate("link person", err)
}

// LinkByEmail links the Slack member slackID, whose profile gives email
// (users.info, with the users:read.email scope), to the roster person of
// that email in each group of the workspace team where exactly one roster
// person has it and none is linked yet, and where no person is linked to
// slackID already. It is a workspace's method, not a group's: a member's
// profile is the workspace's, and every group's roster may know them. It
// returns how many people it linked. The email itself is not stored
// anywhere new.
func (s *Store) LinkByEmail(ctx context.Context, team TeamID, slackID UserID, email string) (int, error) {
	key := EmailKey(email)
	if slackID == "" || key == "" || !emailLooksRight(key) {
		return 0, nil
	}
	var candidates []Person
	err := s.conn(ctx).Select("id", "group_id").
		Where("owner_id = '' AND email_key = ? AND group_id IN (?)", key, s.conn(ctx).Model(&Group{}).Select("id").Where("team_id = ?", team)).
		Where("group_id NOT IN (?)", s.conn(ctx).Model(&Person{}).Select("group_id").Where("slack_id = ?", slackID)).
		Where("(slack_id = '' OR slack_id IS NULL)").
		Find(&candidates).Error
	if err != nil || len(candidates) == 0 {
		return 0, translate("link by email", err)
	}
	byGroup := map[GroupID][]PersonID{}
	for _, p := range candidates {
		byGroup[p.GroupID] = append(byGroup[p.GroupID], p.ID)
	}
	linked := 0
	err = s.tx(ctx, func(tx *gorm.DB) error {
		linked = 0
		for g, ids := range byGroup {
			if len(ids) != 1 {
				continue // two people share the address: a coordinator chooses
			}
			if err := linkFreeTx(tx, g, ids[0], slackID); err != nil {
				if ErrorCode(err) == ECONFLICT {
					continue // linked meanwhile
				}
				return err
			}
			res := tx.Model(&Person{}).Where("id = ? AND (slack_id = '' OR slack_id IS NULL)", ids[0]).
				UpdateColumns(map[string]any{"slack_id": slackID, "updated_at": s.now()})
			if res.Error != nil {
				return res.Error
			}
			linked += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, translate("link by email", err)
	}
	return linked, nil
}

// rosterEditor returns the store's group when by may change its roster
// (MayEditRoster, with by's role in this group), else a kind refusal.
func (s *Store) rosterEditor(ctx context.Context, by *Member, op string) (GroupID, error) {
	g, err := s.scope(op)
	if err != nil {
		return 0, err
	}
	by, err = s.viewerIn(ctx, by)
	if err != nil {
		return 0, err
	}
	if !MayEditRoster(by) {
		return 0, errRosterCoordinatorsOnly()
	}
	return g, nil
}

// sealNotes seals a person's notes with the store's sealer; nil when there
// are none.
func (s *Store) sealNotes(notes string) ([]byte, error) {
	if notes == "" {
		return nil, nil
	}
	body, err := s.sealer.Seal([]byte(notes))
	if err != nil {
		return nil, translate("seal notes", err)
	}
	return body, nil
}

// rosterDuplicateTx refuses p when another roster person of its group has
// the same name and the same email or phone.
func rosterDuplicateTx(tx *gorm.DB, p *Person) error {
	p.BeforeSave(tx)
	if p.EmailKey == "" && p.PhoneKey == "" {
		return nil
	}
	// Two saves of one name at once take turns, so neither misses the
	// other.
	if err := takeTurns(tx, fmt.Sprintf("person %d %s", p.GroupID, p.NameKey)); err != nil {
		return err
	}
	q := tx.Where("group_id = ? AND owner_id = '' AND name_key = ? AND id <> ?", p.GroupID, p.NameKey, p.ID)
	switch {
	case p.EmailKey != "" && p.PhoneKey != "":
		q = q.Where("(email_key = ? OR phone_key = ?)", p.EmailKey, p.PhoneKey)
	case p.EmailKey != "":
		q = q.Where("email_key = ?", p.EmailKey)
	default:
		q = q.Where("phone_key = ?", p.PhoneKey)
	}
	var same []Person
	if err := q.Limit(1).Find(&same).Error; err != nil || len(same) == 0 {
		return err
	}
	return &FieldError{Field: PersonFieldName, Err: Errorf(ECONFLICT, "%s is already on the roster with that email or phone. Open them to make changes instead.", same[0].Name).Msg("roster.person.err_duplicate", "Name", same[0].Name)}
}

// linkFreeTx refuses to link slackID to person self of group g when
// another person of the group is linked to it already.
func linkFreeTx(tx *gorm.DB, g GroupID, self PersonID, slackID UserID) error {
	if slackID == "" {
		return nil
	}
	// Two links of one account at once take turns, so the check below
	// sees the other's row.
	if err := takeTurns(tx, fmt.Sprintf("link %d %s", g, slackID)); err != nil {
		return err
	}
	var other []Person
	if err := tx.Where("group_id = ? AND slack_id = ? AND id <> ?", g, slackID, self).Limit(1).Find(&other).Error; err != nil || len(other) == 0 {
		return err
	}
	return &FieldError{Field: PersonFieldSlack, Err: Errorf(ECONFLICT, "That Slack account is already linked to %s. Unlink it there first.", other[0].Name).Msg("roster.link.err_taken", "Name", other[0].Name)}
}

// takeTurns makes transactions about the same key wait for each other
// until they end: on Postgres with an advisory lock on the key's hash; on
// SQLite writers queue already (Store.tx).
func takeTurns(tx *gorm.DB, key string) error {
	if tx.Dialector.Name() != Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", int64(h.Sum64())).Error
}
