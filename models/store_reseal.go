package models

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// resealBatch is how many reflections one transaction re-seals: small
// enough that the bot's own writes wait only briefly behind it.
const resealBatch = 200

// currentChecker is what a Sealer may offer so a reseal skips rows already
// sealed with its newest key; AESGCMSealer does.
type currentChecker interface {
	Current(sealed []byte) bool
}

// ResealReflections re-seals every reflection body with the store's sealer,
// so after a key rotation no row needs the old key and it can be retired;
// rows stored before encryption was turned on get sealed too. It works in
// batches, each in its own transaction with the rows locked, so it is safe
// to run while the bot serves and can be stopped and run again. It returns
// how many rows it rewrote.
//
// Every process that writes reflections must already have the new key
// first in its list; one still sealing with the old key would undo the
// work for the rows it writes meanwhile.
func (s *Store) ResealReflections(ctx context.Context) (n int, err error) {
	checker, _ := s.sealer.(currentChecker)
	var last int64
	for {
		if err := ctx.Err(); err != nil {
			return n, translate("reseal reflections", err)
		}
		var done, seen int
		err := s.tx(ctx, func(tx *gorm.DB) error {
			done, seen = 0, 0
			q := tx.Model(&Reflection{}).Select("id", "body").Where("id > ?", last).Order("id").Limit(resealBatch)
			if s.dialect == Postgres {
				q = q.Clauses(clause.Locking{Strength: "UPDATE"})
			}
			var rows []Reflection
			if err := q.Find(&rows).Error; err != nil {
				return err
			}
			for _, r := range rows {
				seen++
				last = r.ID
				if len(r.Body) == 0 || (checker != nil && checker.Current(r.Body)) {
					continue
				}
				plain, err := s.sealer.Open(r.Body)
				if err != nil {
					return rowError("reseal reflection", r.ID, err)
				}
				body, err := s.sealer.Seal(plain)
				if err != nil {
					return rowError("reseal reflection", r.ID, err)
				}
				if bytes.Equal(body, r.Body) {
					continue
				}
				// updated_at stays: the words did not change.
				if err := tx.Model(&Reflection{}).Where("id = ?", r.ID).UpdateColumn("body", body).Error; err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			return n, translate("reseal reflections", err)
		}
		n += done
		if seen < resealBatch {
			return n, nil
		}
	}
}

// rowError names the row an operator has to look at when a reflection
// will not open; the sealer's own message never holds key material or text.
func rowError(what string, id int64, err error) error {
	msg := "it could not be read"
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		msg = e.Message
	}
	return &Error{Code: EINTERNAL, Message: fmt.Sprintf("can't %s %d: %s", what, id, msg), Err: err}
}
