package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RecordOnce records that a message of this kind went to recipient about
// subject in window, and reports whether it is the first such record. It
// is for sends made at once, in a request, that must not repeat; the
// record is the store's group's (In).
func (s *Store) RecordOnce(ctx context.Context, kind string, subject Subject, recipient, window string) (bool, error) {
	g, err := s.scope("record delivery")
	if err != nil {
		return false, err
	}
	now := s.now()
	d := Delivery{GroupID: g, Kind: kind, Subject: subject, Recipient: recipient, Window: window, DueAt: now, State: DeliverySent, SentAt: &now}
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&d)
	if res.Error != nil {
		return false, translate("record delivery", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Enqueue stores deliveries as pending. A delivery whose key (kind, subject,
// recipient, window) is already stored, in any state, is left alone: planning
// the same work twice, on one replica or two, queues it once. It returns how
// many deliveries were new. Each delivery carries its GroupID; one without
// gets the store's group, and without either it is refused with an
// internal error.
func (s *Store) Enqueue(ctx context.Context, ds ...Delivery) (int, error) {
	if len(ds) == 0 {
		return 0, nil
	}
	rows := make([]Delivery, len(ds))
	for i, d := range ds {
		if d.GroupID == 0 {
			g, err := s.scope("enqueue deliveries")
			if err != nil {
				return 0, err
			}
			d.GroupID = g
		}
		d.ID, d.State, d.ClaimedBy, d.LeaseUntil, d.SentAt = 0, DeliveryPending, "", nil, nil
		d.DueAt = d.DueAt.UTC()
		rows[i] = d
	}
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, 200)
	if res.Error != nil {
		return 0, translate("enqueue deliveries", res.Error)
	}
	return int(res.RowsAffected), nil
}

// ClaimDue hands worker the most overdue delivery of the given kinds: one
// pending and due at now, or one whose claim was abandoned (its lease ran out
// before its holder said how it went). The claim lasts until now+lease and
// counts as an attempt. It returns nil when nothing is due; recovered
// reports an abandoned claim, whose earlier send may or may not have reached
// the person.
//
// On Postgres the row is locked FOR UPDATE SKIP LOCKED, so replicas claiming
// at the same moment take different rows without waiting on each other; on
// SQLite, tx serialises writers.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, worker string, lease time.Duration, kinds []string) (d *Delivery, recovered bool, err error) {
	now = now.UTC()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var found []Delivery
		if err := s.claimQuery(tx, now, kinds).Find(&found).Error; err != nil {
			return err
		}
		if len(found) == 0 {
			return nil
		}
		got := found[0]
		recovered = got.State == DeliveryClaimed
		until := now.Add(lease)
		got.State, got.ClaimedBy, got.LeaseUntil, got.Attempts = DeliveryClaimed, worker, &until, got.Attempts+1
		d = &got
		return tx.Model(&Delivery{}).Where("id = ?", got.ID).Updates(map[string]any{
			"state": DeliveryClaimed, "claimed_by": worker, "lease_until": until,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": s.now(),
		}).Error
	})
	if err != nil {
		return nil, false, translate("claim delivery", err)
	}
	return d, recovered, nil
}

// claimQuery selects the next claimable delivery; it is separate so a test
// can check its plan uses an index.
func (s *Store) claimQuery(tx *gorm.DB, now time.Time, kinds []string) *gorm.DB {
	q := tx.Model(&Delivery{}).
		Where("kind IN ? AND ((state = ? AND due_at <= ?) OR (state = ? AND lease_until <= ?))",
			kinds, DeliveryPending, now, DeliveryClaimed, now).
		Order("due_at, id").Limit(1)
	if s.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
	}
	return q
}

// errLeaseLost answers a worker that reports on a delivery it no longer
// holds: its lease ran out and another worker took it over.
func errLeaseLost() error {
	return Errorf(ECONFLICT, "This delivery was taken over by another worker.")
}

// FinishDelivery records how a claimed delivery ended: state is
// DeliverySent (at is when), DeliverySkipped or DeliveryFailed, and note
// says why, for operators. It must never hold message or reflection text.
// A worker that lost its claim gets ECONFLICT and changes nothing.
func (s *Store) FinishDelivery(ctx context.Context, id int64, worker, state, note string, at time.Time) error {
	// A settled delivery keeps no words: a relayed reply's body goes
	// with its send, or its giving up.
	set := map[string]any{"state": state, "last_error": note, "lease_until": nil, "body": "", "updated_at": s.now()}
	if state == DeliverySent {
		set["sent_at"] = at.UTC()
	}
	return s.settle(ctx, id, worker, set, "finish delivery")
}

// RetryDelivery puts a claimed delivery back to pending, due at. attempted
// says whether the claim counts as an attempt: a failed send does, a
// delivery put off until the person's morning does not.
func (s *Store) RetryDelivery(ctx context.Context, id int64, worker string, at time.Time, note string, attempted bool) error {
	set := map[string]any{"state": DeliveryPending, "due_at": at.UTC(), "last_error": note, "claimed_by": "", "lease_until": nil, "updated_at": s.now()}
	if !attempted {
		set["attempts"] = gorm.Expr("attempts - 1")
	}
	return s.settle(ctx, id, worker, set, "retry delivery")
}

func (s *Store) settle(ctx context.Context, id int64, worker string, set map[string]any, op string) error {
	res := s.conn(ctx).Model(&Delivery{}).Where("id = ? AND state = ? AND claimed_by = ?", id, DeliveryClaimed, worker).Updates(set)
	if res.Error != nil {
		return translate(op, res.Error)
	}
	if res.RowsAffected == 0 {
		return errLeaseLost()
	}
	return nil
}

// DueDeliveries lists, without claiming them, the deliveries of the given
// kinds a claim would take at now, most overdue first: what `run-job
// --dry-run` shows.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, kinds []string, limit int) ([]Delivery, error) {
	var ds []Delivery
	now = now.UTC()
	err := s.conn(ctx).
		Where("kind IN ? AND ((state = ? AND due_at <= ?) OR (state = ? AND lease_until <= ?))", kinds, DeliveryPending, now, DeliveryClaimed, now).
		Order("due_at, id").Limit(limit).Find(&ds).Error
	return ds, translate("due deliveries", err)
}

// Deliveries lists the deliveries about one subject, oldest first, for
// tests and operators looking into what a one-to-one was sent.
func (s *Store) Deliveries(ctx context.Context, subject Subject) ([]Delivery, error) {
	var ds []Delivery
	q := s.conn(ctx).Where("subject = ?", subject.Text)
	if id, ok := subject.OneToOne(); ok {
		q = s.conn(ctx).Where("one_to_one_id = ?", id)
	}
	err := q.Order("id").Find(&ds).Error
	return ds, translate("deliveries", err)
}

// CountDue counts the deliveries of these kinds due by now and not yet
// settled: the depth of the scheduler's queue.
func (s *Store) CountDue(ctx context.Context, now time.Time, kinds []string) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&Delivery{}).
		Where("state IN ? AND kind IN ? AND due_at <= ?", []string{DeliveryPending, DeliveryClaimed}, kinds, now.UTC()).Count(&n).Error
	return n, translate("count due deliveries", err)
}

// TryLease takes the named lease for holder until now+ttl, if it is free,
// expired, or already holder's. It reports whether holder has it. Replicas
// use it so a calendar job runs on one of them at a time.
func (s *Store) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	until := now.Add(ttl).UTC()
	res := s.conn(ctx).Exec(`INSERT INTO leases (name, holder, "until") VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "until" = excluded."until"
		WHERE leases."until" < ? OR leases.holder = ?`, name, holder, until, now.UTC(), holder)
	if res.Error != nil {
		return false, translate("take lease", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseLease gives the lease back, if holder still has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	return translate("release lease", s.conn(ctx).Where("name = ? AND holder = ?", name, holder).Delete(&Lease{}).Error)
}
