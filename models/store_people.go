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

// BeforeSave keeps the compared form of the name in step with the name,
// whoever saves the row.
func (p *Person) BeforeSave(*gorm.DB) error {
	p.NameKey = NameKey(p.Name)
	return nil
}

// PersonNamed returns the owner's contact outside Slack with this name, in
// any case, or nil when there is none.
func (s *Store) PersonNamed(ctx context.Context, owner UserID, name string) (*Person, error) {
	var ps []Person
	err := s.conn(ctx).Where("owner_id = ? AND name_key = ?", owner, NameKey(name)).Limit(1).Find(&ps).Error
	if err != nil || len(ps) == 0 {
		return nil, translate("person", err)
	}
	return &ps[0], nil
}

// personTx returns the owner's contact with this name, in any case,
// creating it the first time. The first spelling stored is the one kept.
func personTx(tx *gorm.DB, owner UserID, name string) (*Person, error) {
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&Person{OwnerID: owner, Name: name}).Error; err != nil {
		return nil, err
	}
	var p Person
	if err := tx.Where("owner_id = ? AND name_key = ?", owner, NameKey(name)).First(&p).Error; err != nil {
		return nil, err
	}
	return &p, nil
}
