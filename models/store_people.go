package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NameKey is a name of someone outside Slack as names are compared: an
// organizer who types "Maria Lopez" one day and "maria  lopez" the next
// means one person.
func NameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// EmailKey is an email address as addresses are compared: trimmed and in
// lower case.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// PhoneKey is a phone number as numbers are compared: its digits only, so
// "(555) 010-2030" and "555.010.2030" are one number.
func PhoneKey(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// BeforeSave keeps the compared forms of the name, email and phone in step
// with what they compare, whoever saves the row.
func (p *Person) BeforeSave(*gorm.DB) error {
	p.NameKey = NameKey(p.Name)
	p.EmailKey = EmailKey(p.Email)
	p.PhoneKey = PhoneKey(p.Phone)
	return nil
}

// PersonNamed returns the person the owner means by this name, in any
// case: the group's roster person of that name when there is exactly one
// (rosterNamed), else the owner's own contact, or nil when there is none.
func (s *Store) PersonNamed(ctx context.Context, owner UserID, name string) (*Person, error) {
	db, g, err := s.gconn(ctx, "person")
	if err != nil {
		return nil, err
	}
	if p, err := rosterNamed(s.conn(ctx), g, name); err != nil || p != nil {
		return p, translate("person", err)
	}
	var ps []Person
	err = db.Where("owner_id = ? AND name_key = ?", owner, NameKey(name)).Limit(1).Find(&ps).Error
	if err != nil || len(ps) == 0 {
		return nil, translate("person", err)
	}
	return &ps[0], nil
}

// rosterNamed returns the group's roster person of this name (NameKey),
// when there is exactly one: the one an organizer means who types it, so
// their one-to-ones join the person's story. Two of one name (told apart
// by email or phone) are nobody's guess: nil.
func rosterNamed(db *gorm.DB, g GroupID, name string) (*Person, error) {
	var ps []Person
	if err := db.Where("group_id = ? AND owner_id = '' AND name_key = ?", g, NameKey(name)).Order("id").Limit(2).Find(&ps).Error; err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, nil
	}
	return &ps[0], nil
}

// personTx returns the person the owner means by this name, in any case:
// the group's roster person of that name when there is exactly one
// (rosterNamed), else the owner's own contact, created the first time.
// The first spelling stored is the one kept.
func personTx(tx *gorm.DB, g GroupID, owner UserID, name string) (*Person, error) {
	if p, err := rosterNamed(tx, g, name); err != nil || p != nil {
		return p, err
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&Person{GroupID: g, OwnerID: owner, Name: name}).Error; err != nil {
		return nil, err
	}
	var p Person
	if err := tx.Where("group_id = ? AND owner_id = ? AND name_key = ?", g, owner, NameKey(name)).First(&p).Error; err != nil {
		return nil, err
	}
	return &p, nil
}

// CreatePlanned stores a one-to-one with someone outside Slack, by name,
// together with the person the first time and the notes that follow (the
// organizer's confirmation): all or nothing. It refuses, with ECONFLICT, a
// second open one-to-one with the same person.
func (s *Store) CreatePlanned(ctx context.Context, o *OneToOne, personName string, notes ...Note) error {
	name, err := CleanName(personName)
	if err != nil {
		return err
	}
	g, err := s.scope("create planned one-to-one")
	if err != nil {
		return err
	}
	o.GroupID = g
	err = s.tx(ctx, func(tx *gorm.DB) error {
		p, err := personTx(tx, g, o.RequesterID, name)
		if err != nil {
			return err
		}
		o.PersonID, o.PersonName = &p.ID, p.Name
		// Two submissions at once take turns on the person's row.
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&Person{}, p.ID).Error; err != nil {
			return err
		}
		var open int64
		if err := tx.Model(&OneToOne{}).Where("requester_id = ? AND person_id = ? AND status IN ?", o.RequesterID, p.ID, []Status{StatusRequested, StatusScheduled}).Count(&open).Error; err != nil {
			return err
		}
		if open > 0 {
			return Errorf(ECONFLICT, "You already have a one-to-one planned with %s. It's in your list: type /one-to-one list to see it.", p.Name).Msg("error.already_planned_outside", "Name", p.Name, "Command", "/one-to-one")
		}
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		_, err = s.queueNotes(tx, o, notes)
		return err
	})
	return translate("create planned one-to-one", err)
}
