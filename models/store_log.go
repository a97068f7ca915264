package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// LogHeld records that an open one-to-one took place at heldAt, with the
// reflection on it, both or neither: logging a meeting that was already
// asked for or scheduled completes that one-to-one instead of adding a
// second record of the same meeting.
func (s *Store) LogHeld(ctx context.Context, id OneToOneID, heldAt time.Time, r *Reflection) (*OneToOne, error) {
	body, err := s.seal(r)
	if err != nil {
		return nil, err
	}
	g, err := s.scope("log held one-to-one")
	if err != nil {
		return nil, err
	}
	var o OneToOne
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("group_id = ?", g).First(&o, id).Error; err != nil {
			return err
		}
		if err := withPerson(tx, &o); err != nil {
			return err
		}
		if !o.IsOpen() {
			return errNotOpen()
		}
		if err := o.MarkHeld(heldAt, s.now()); err != nil {
			return err
		}
		r.OneToOneID = o.ID
		return s.reflectTx(tx, &o, r, body)
	})
	if err != nil {
		return nil, translate("log held one-to-one", err)
	}
	return &o, nil
}
