package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// FirstSight records an event id and reports whether this is the first time
// it was seen. Slack redelivers events (retries, a second connection); the
// unique key makes the answer right across replicas.
func (s *Store) FirstSight(ctx context.Context, eventID string) (bool, error) {
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&ProcessedEvent{EventID: eventID, ReceivedAt: s.now()})
	if res.Error != nil {
		return false, translate("record event", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ForgetEventsBefore drops event ids older than t; Slack keeps an id unique
// for at least 10 minutes, so a day of memory is plenty.
func (s *Store) ForgetEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.conn(ctx).Where("received_at < ?", t.UTC()).Delete(&ProcessedEvent{})
	return res.RowsAffected, translate("forget events", res.Error)
}
