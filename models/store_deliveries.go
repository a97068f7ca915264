package models

import (
	"context"

	"gorm.io/gorm/clause"
)

// RecordOnce records that a message of this kind went to recipient about
// subject in window, and reports whether it is the first such record. It
// is for sends made at once, in a request, that must not repeat.
func (s *Store) RecordOnce(ctx context.Context, kind, subject, recipient, window string) (bool, error) {
	now := s.now()
	d := Delivery{Kind: kind, Subject: subject, Recipient: recipient, Window: window, DueAt: now, State: DeliverySent, SentAt: &now}
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&d)
	if res.Error != nil {
		return false, translate("record delivery", res.Error)
	}
	return res.RowsAffected == 1, nil
}
