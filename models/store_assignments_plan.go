package models

import (
	"context"

	"gorm.io/gorm"
)

// Assigned people and the list of ten: an assigned person takes a place on
// the organizer's list when there is one, and waits for one beyond ten,
// moving up, oldest assignment first, as places free.

// Waiting counts organizer's assigned people not yet on their list of ten:
// they move up as places free.
func (s *Store) Waiting(ctx context.Context, organizer UserID) (int, error) {
	db, _, err := s.gconn(ctx, "waiting")
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.Model(&Assignment{}).Where("organizer_id = ? AND ended_at IS NULL", organizer).Where(notPlaced, organizer).Count(&n).Error
	return int(n), translate("waiting", err)
}

// fillPlanTx moves organizer's oldest waiting assigned people onto their
// list of ten while it has room. A person is placed once per assignment:
// one the organizer took off their list stays off.
func (s *Store) fillPlanTx(tx *gorm.DB, g GroupID, organizer UserID) error {
	var open []PlanEntry
	if err := tx.Where("group_id = ? AND owner_id = ? AND removed_at IS NULL", g, organizer).Find(&open).Error; err != nil {
		return err
	}
	room := MaxPlanEntries - len(open)
	if room <= 0 {
		return nil
	}
	var as []Assignment
	if err := tx.Where("group_id = ? AND organizer_id = ? AND ended_at IS NULL", g, organizer).
		Where(notPlaced, organizer).Order("created_at, id").Limit(room + len(open)).Find(&as).Error; err != nil {
		return err
	}
	for _, a := range as {
		if room == 0 {
			break
		}
		var p Person
		if err := tx.First(&p, a.PersonID).Error; err != nil {
			return err
		}
		e := PlanEntry{GroupID: g, OwnerID: organizer, InviteeID: p.SlackID, PersonID: &p.ID, Name: p.Name, AddedAt: s.now()}
		if onListAlready(open, e) {
			continue
		}
		if err := tx.Create(&e).Error; err != nil {
			return err
		}
		open = append(open, e)
		room--
	}
	return nil
}

// notPlaced keeps the assignments whose person has not been on the
// organizer's list since the assignment began.
const notPlaced = `NOT EXISTS (SELECT 1 FROM plan_entries pe WHERE pe.owner_id = ? AND pe.person_id = assignments.person_id AND pe.added_at >= assignments.created_at)`

// onListAlready reports whether the roster person of e is on the list:
// by their own entry, or as the Slack member they are.
func onListAlready(open []PlanEntry, e PlanEntry) bool {
	for _, o := range open {
		if (o.PersonID != nil && *o.PersonID == *e.PersonID) || (e.InviteeID != "" && o.InviteeID == e.InviteeID) {
			return true
		}
	}
	return false
}

// assignedNamedTx returns the roster person of this name, in any case,
// whose open assignment is with owner, or nil: an organizer who asks or
// logs "Maria Lopez" while the roster's Maria Lopez is assigned to them
// means her.
func assignedNamedTx(tx *gorm.DB, g GroupID, owner UserID, name string) (*Person, error) {
	var ps []Person
	err := tx.Where("group_id = ? AND owner_id = '' AND name_key = ?", g, NameKey(name)).
		Where("id IN (?)", tx.Session(&gorm.Session{NewDB: true}).Model(&Assignment{}).Select("person_id").Where("group_id = ? AND organizer_id = ? AND ended_at IS NULL", g, owner)).
		Order("id").Limit(1).Find(&ps).Error
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &ps[0], nil
}
