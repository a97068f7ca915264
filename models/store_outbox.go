package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ClaimNow claims for worker, until now+lease, the pending delivery with
// d's key (kind, subject, recipient, window), whatever its due time: for
// the process that just stored it with a change, to send it at once. It
// returns nil when that delivery is not pending: the outbox job or another
// replica has it, or it is settled. Like ClaimDue, the claim counts as an
// attempt.
func (s *Store) ClaimNow(ctx context.Context, d Delivery, now time.Time, worker string, lease time.Duration) (*Delivery, error) {
	until := now.Add(lease).UTC()
	var got []Delivery
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&Delivery{}).
			Where(`kind = ? AND subject = ? AND recipient = ? AND "window" = ? AND state = ?`, d.Kind, d.Subject.Text, d.Recipient, d.Window, DeliveryPending).
			Updates(map[string]any{
				"state": DeliveryClaimed, "claimed_by": worker, "lease_until": until,
				"attempts": gorm.Expr("attempts + 1"), "updated_at": s.now(),
			})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return tx.Where(`kind = ? AND subject = ? AND recipient = ? AND "window" = ?`, d.Kind, d.Subject.Text, d.Recipient, d.Window).Limit(1).Find(&got).Error
	})
	if err != nil || len(got) == 0 {
		return nil, translate("claim delivery now", err)
	}
	return &got[0], nil
}

// SetLiveMessage records that u's newest message about one-to-one id, the
// one whose buttons the next change retires, is channel/ts. It is no change
// to the one-to-one: the version stays, so messages queued for the change
// that is current stay current (WindowVersion). The row is locked like any
// change's, so neither write loses the other's.
func (s *Store) SetLiveMessage(ctx context.Context, id OneToOneID, u UserID, channel, ts string) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var o OneToOne
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id", "requester_id").First(&o, id).Error; err != nil {
			return err
		}
		set := map[string]any{"invite_channel": channel, "invite_ts": ts}
		if u == o.RequesterID {
			set = map[string]any{"requester_channel": channel, "requester_ts": ts}
		}
		return tx.Model(&OneToOne{}).Where("id = ?", id).UpdateColumns(set).Error
	})
	return translate("record message", err)
}
