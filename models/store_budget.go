package models

import (
	"context"
	"errors"
	"hash/fnv"

	"gorm.io/gorm"
)

// Budgeted is what became of an unasked message offered to the budget.
type Budgeted int

const (
	// Within: the message took one of the recipient's slots this week and
	// may go.
	Within Budgeted = iota
	// OverBudget: the recipient's week is full; nothing was recorded.
	OverBudget
	// AlreadySent: the same message (kind, subject, recipient, window)
	// was already recorded; nothing was recorded again.
	AlreadySent
)

// SpendUnasked takes one of the recipient's slots in week for the claimed
// delivery id, which worker holds, if fewer than limit are taken. It
// reports whether the delivery may be sent. A delivery that already spent
// a slot in this week keeps it.
//
// The count and the spend happen under a lock on the recipient (an
// advisory lock on Postgres; SQLite serialises writers), so two replicas
// sending to the same person at once cannot both take the last slot. What
// counts is every delivery that spent a slot in the week and was not
// skipped: sent, being sent, failed after it may have been sent, or
// waiting to be tried again.
func (s *Store) SpendUnasked(ctx context.Context, id int64, worker string, week Week, limit int) (bool, error) {
	var ok bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var d Delivery
		if err := tx.Where("id = ? AND state = ? AND claimed_by = ?", id, DeliveryClaimed, worker).Take(&d).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errLeaseLost()
			}
			return err
		}
		if err := s.lockRecipient(tx, d.Recipient); err != nil {
			return err
		}
		n, err := s.spent(tx, d.Recipient, week, id)
		if err != nil || n >= int64(limit) {
			return err
		}
		ok = true
		return tx.Model(&Delivery{}).Where("id = ?", id).Updates(map[string]any{"budget_week": week.Key(), "updated_at": s.now()}).Error
	})
	return ok, translate("spend unasked budget", err)
}

// RecordUnasked records a message sent at once (not queued) that counts
// against the recipient's budget, such as a "Remind them": like RecordOnce,
// it is recorded as sent, once per key, but only while the recipient's
// week has room. Call it before sending, and send only on Within.
func (s *Store) RecordUnasked(ctx context.Context, kind string, subject Subject, recipient, window string, week Week, limit int) (Budgeted, error) {
	g, err := s.scope("record unasked message")
	if err != nil {
		return OverBudget, err
	}
	got := OverBudget
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockRecipient(tx, recipient); err != nil {
			return err
		}
		var dup int64
		if err := tx.Model(&Delivery{}).Where(`kind = ? AND subject = ? AND recipient = ? AND "window" = ?`, kind, subject.Text, recipient, window).Count(&dup).Error; err != nil {
			return err
		}
		if dup > 0 {
			got = AlreadySent
			return nil
		}
		n, err := s.spent(tx, recipient, week, 0)
		if err != nil || n >= int64(limit) {
			return err
		}
		now := s.now()
		got = Within
		return tx.Create(&Delivery{GroupID: g, Kind: kind, Subject: subject, Recipient: recipient, Window: window, DueAt: now,
			State: DeliverySent, SentAt: &now, BudgetWeek: week.Key()}).Error
	})
	if err != nil {
		return OverBudget, translate("record unasked message", err)
	}
	return got, nil
}

// ReleaseUnasked gives back what RecordUnasked took for a message that
// never left: the recipient's slot in its week, and the record that keeps
// the same message to one per window, so it may be tried again.
func (s *Store) ReleaseUnasked(ctx context.Context, kind string, subject Subject, recipient, window string) error {
	err := s.conn(ctx).Where(`kind = ? AND subject = ? AND recipient = ? AND "window" = ? AND state = ?`, kind, subject.Text, recipient, window, DeliverySent).
		Delete(&Delivery{}).Error
	return translate("release unasked message", err)
}

// UnaskedSpent counts the recipient's slots taken in week, for `run-job
// --dry-run` and for tests.
func (s *Store) UnaskedSpent(ctx context.Context, recipient string, week Week) (int64, error) {
	n, err := s.spent(s.conn(ctx), recipient, week, 0)
	return n, translate("unasked spent", err)
}

// spent counts the recipient's slots taken in week, leaving out the
// delivery except (0 for none).
func (s *Store) spent(tx *gorm.DB, recipient string, week Week, except int64) (int64, error) {
	var n int64
	err := tx.Model(&Delivery{}).
		Where("recipient = ? AND budget_week = ? AND state <> ? AND id <> ?", recipient, week.Key(), DeliverySkipped, except).
		Count(&n).Error
	return n, err
}

// lockRecipient holds the recipient's budget until the transaction ends.
// On Postgres it is an advisory lock keyed by a hash of the id (two people
// sharing a key only wait for each other); SQLite's tx already serialises
// writers.
func (s *Store) lockRecipient(tx *gorm.DB, recipient string) error {
	if s.dialect != Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("unasked:" + recipient))
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", int64(h.Sum64())).Error
}
