package models

import (
	"bytes"
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ResealNotes re-seals the notes of every person of every roster with the
// store's sealer, after a key rotation as ResealReflections does for
// reflections: once it succeeds, no person's notes need an old key. Notes
// stored before encryption was turned on get sealed too. It works in
// batches, each in its own transaction with the rows locked, so it is safe
// while the bot serves and can be run again. It returns how many people's
// notes it rewrote.
func (s *Store) ResealNotes(ctx context.Context) (n int, err error) {
	checker, _ := s.sealer.(currentChecker)
	var last PersonID
	for {
		if err := ctx.Err(); err != nil {
			return n, translate("reseal notes", err)
		}
		var done, seen int
		err := s.tx(ctx, func(tx *gorm.DB) error {
			done, seen = 0, 0
			q := tx.Model(&Person{}).Select("id", "notes").Where("id > ? AND notes IS NOT NULL", last).Order("id").Limit(resealBatch)
			if s.dialect == Postgres {
				q = q.Clauses(clause.Locking{Strength: "UPDATE"})
			}
			var rows []Person
			if err := q.Find(&rows).Error; err != nil {
				return err
			}
			for _, p := range rows {
				seen++
				last = p.ID
				if len(p.NotesBody) == 0 || (checker != nil && checker.Current(p.NotesBody)) {
					continue
				}
				plain, err := s.sealer.Open(p.NotesBody)
				if err != nil {
					return rowError("reseal the notes of person", int64(p.ID), err)
				}
				body, err := s.sealer.Seal(plain)
				if err != nil {
					return rowError("reseal the notes of person", int64(p.ID), err)
				}
				if bytes.Equal(body, p.NotesBody) {
					continue
				}
				// updated_at stays: the words did not change.
				if err := tx.Model(&Person{}).Where("id = ?", p.ID).UpdateColumn("notes", body).Error; err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			return n, translate("reseal notes", err)
		}
		n += done
		if seen < resealBatch {
			return n, nil
		}
	}
}
