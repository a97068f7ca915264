package models

import (
	"context"
	"errors"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreateOneToOne stores a new request or logged one-to-one, and the notes
// that follow it (the invitation) in the same transaction (outbox.go). A
// second open request for the same pair, even one racing this one from
// another replica, is refused by a unique index and comes back as
// ECONFLICT.
func (s *Store) CreateOneToOne(ctx context.Context, o *OneToOne, notes ...Note) error {
	g, err := s.scope("create one-to-one")
	if err != nil {
		return err
	}
	o.GroupID = g
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		_, err := s.queueNotes(tx, o, notes)
		return err
	})
	if ErrorCode(translate("", err)) == ECONFLICT {
		return &Error{Code: ECONFLICT, Message: "You already have an open one-to-one request with them.", MessageID: "error.already_open_with_them", Err: err}
	}
	return translate("create one-to-one", err)
}

// OneToOne returns a one-to-one of the group by id; ENOTFOUND for another
// group's.
func (s *Store) OneToOne(ctx context.Context, id OneToOneID) (*OneToOne, error) {
	db, _, err := s.gconn(ctx, "one-to-one")
	if err != nil {
		return nil, err
	}
	var o OneToOne
	if err := db.First(&o, id).Error; err != nil {
		return nil, translate("one-to-one", err)
	}
	return &o, translate("one-to-one person", withPerson(s.conn(ctx), &o))
}

// withPerson fills in the name of the person outside Slack.
func withPerson(db *gorm.DB, o *OneToOne) error {
	if o.PersonID == nil {
		return nil
	}
	var p Person
	err := db.Where("id = ?", *o.PersonID).Limit(1).Find(&p).Error
	o.PersonName = p.Name
	return err
}

// OpenWithPerson returns the organizer's open one-to-one with someone
// outside Slack, or nil.
func (s *Store) OpenWithPerson(ctx context.Context, requester UserID, person PersonID) (*OneToOne, error) {
	db, _, err := s.gconn(ctx, "open one-to-one with person")
	if err != nil {
		return nil, err
	}
	var os []OneToOne
	err = db.Where("requester_id = ? AND person_id = ? AND status IN ?", requester, person, []Status{StatusRequested, StatusScheduled}).Limit(1).Find(&os).Error
	if err != nil || len(os) == 0 {
		return nil, translate("open one-to-one with person", err)
	}
	return &os[0], translate("one-to-one person", withPerson(s.conn(ctx), &os[0]))
}

// OpenBetween returns the open one-to-one requester asked of invitee, or nil.
func (s *Store) OpenBetween(ctx context.Context, requester, invitee UserID) (*OneToOne, error) {
	db, _, err := s.gconn(ctx, "open one-to-one")
	if err != nil {
		return nil, err
	}
	var os []OneToOne
	err = db.Where("requester_id = ? AND invitee_id = ? AND status IN ?", requester, invitee, []Status{StatusRequested, StatusScheduled}).Limit(1).Find(&os).Error
	if err != nil || len(os) == 0 {
		return nil, translate("open one-to-one", err)
	}
	return &os[0], nil
}

// UpdateOneToOne loads a one-to-one, lets change apply a lifecycle method to
// it, and saves it: ChangeOneToOne for a change no message follows.
func (s *Store) UpdateOneToOne(ctx context.Context, id OneToOneID, change func(o *OneToOne) error) (*OneToOne, error) {
	o, _, err := s.ChangeOneToOne(ctx, id, func(o *OneToOne) ([]Note, error) { return nil, change(o) })
	return o, err
}

// ChangeOneToOne loads a one-to-one, lets change apply a lifecycle method to
// it, and saves it with the notes change returns, in one transaction: the
// messages that follow the change are in the outbox exactly when the change
// is (outbox.go). The row is locked while change runs (on Postgres; SQLite
// has one writer), and a version check backs the lock up, so two clicks at
// once are applied one after the other: the second sees the first's result
// and its lifecycle method decides whether it still makes sense. A refused
// transition returns its error and stores nothing, and so does ErrUnchanged,
// without an error: nothing was asked that does not already stand. The
// caller gets the one-to-one as it now stands either way, and the notes
// stored, to send them at once.
func (s *Store) ChangeOneToOne(ctx context.Context, id OneToOneID, change func(o *OneToOne) ([]Note, error)) (*OneToOne, []Note, error) {
	var o OneToOne
	var notes []Note
	g, err := s.scope("update one-to-one")
	if err != nil {
		return nil, nil, err
	}
	for try := 0; try < 3; try++ {
		err = s.tx(ctx, func(tx *gorm.DB) error {
			o, notes = OneToOne{}, nil
			if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("group_id = ?", g).First(&o, id).Error; err != nil {
				return err
			}
			if err := withPerson(tx, &o); err != nil {
				return err
			}
			asked, err := change(&o)
			if errors.Is(err, ErrUnchanged) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := saveVersioned(tx, &o); err != nil {
				return err
			}
			notes, err = s.queueNotes(tx, &o, asked)
			return err
		})
		if !errors.Is(err, errVersionConflict) {
			break
		}
	}
	if err != nil {
		return &o, nil, translate("update one-to-one", err)
	}
	return &o, notes, nil
}

// errVersionConflict means the row changed between read and write; the
// update is retried on the fresh row.
var errVersionConflict = &Error{Code: ECONFLICT, Message: "Someone changed this one-to-one at the same moment. Please look again.", MessageID: "error.changed_meanwhile"}

// saveVersioned writes o if its version is still the one that was read.
func saveVersioned(tx *gorm.DB, o *OneToOne) error {
	read := o.Version
	o.Version++
	res := tx.Model(o).Where("version = ?", read).Select("*").Omit("id", "created_at").Updates(o)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errVersionConflict
	}
	return nil
}

// OneToOnesFor lists the one-to-ones user is part of in the given states,
// soonest first.
func (s *Store) OneToOnesFor(ctx context.Context, user UserID, states ...Status) ([]OneToOne, error) {
	db, _, err := s.gconn(ctx, "one-to-ones for member")
	if err != nil {
		return nil, err
	}
	var os []OneToOne
	err = db.
		Where("(requester_id = ? OR invitee_id = ?) AND status IN ?", user, user, states).
		Order("COALESCE(scheduled_at, requested_at), id").Limit(500).Find(&os).Error
	return os, translate("one-to-ones for member", err)
}

// ReflectAfterOther is how long after a meeting its other person's
// reflection still leaves one to write on a person's list: the prompts and
// their reminder come within days, and a year-old meeting the other person
// wrote up is no longer a task.
const ReflectAfterOther = 8 * 7 * 24 * time.Hour

// AwaitingReflection lists the one-to-ones user took part in that were held
// and that they have not reflected on, oldest first like OneToOnesFor: every
// one nobody reflected on (status held), and those held since
// ReflectAfterOther before now that only the other person wrote up (each of
// the two may write their own). A scheduled meeting whose time has passed
// awaits one too; OneToOnesFor lists those with the open ones.
//
// The two parts are read apart so each uses an index: a busy organizer's
// reflected history is long, and only its recent end can need them.
func (s *Store) AwaitingReflection(ctx context.Context, user UserID, now time.Time) ([]OneToOne, error) {
	var held, others []OneToOne
	db, _, err := s.gconn(ctx, "one-to-ones awaiting a reflection")
	if err != nil {
		return nil, err
	}
	err = db.Where("(requester_id = ? OR invitee_id = ?) AND status = ?", user, user, StatusHeld).
		Order("COALESCE(scheduled_at, requested_at), id").Limit(500).Find(&held).Error
	if err != nil {
		return nil, translate("one-to-ones awaiting a reflection", err)
	}
	err = db.Where("status = ? AND held_at >= ? AND (requester_id = ? OR invitee_id = ?)", StatusReflected, now.Add(-ReflectAfterOther).UTC(), user, user).
		Where("NOT EXISTS (SELECT 1 FROM reflections r WHERE r.one_to_one_id = one_to_ones.id AND r.author_id = ?)", user).
		Order("COALESCE(scheduled_at, requested_at), id").Limit(500).Find(&others).Error
	if err != nil {
		return nil, translate("one-to-ones awaiting a reflection", err)
	}
	os := append(held, others...)
	sort.SliceStable(os, func(i, j int) bool {
		a, b := os[i].ListTime(), os[j].ListTime()
		return a.Before(b) || (a.Equal(b) && os[i].ID < os[j].ID)
	})
	return os[:min(len(os), 500)], nil
}

// ListTime is when a one-to-one sorts in a person's list: its meeting's
// time, or its request's when it has none.
func (o *OneToOne) ListTime() time.Time {
	if o.ScheduledAt != nil {
		return *o.ScheduledAt
	}
	return o.RequestedAt
}

// HeldBetween lists the one-to-ones held in [from, to), for goals and the
// digest.
func (s *Store) HeldBetween(ctx context.Context, from, to time.Time) ([]OneToOne, error) {
	db, _, err := s.gconn(ctx, "held one-to-ones")
	if err != nil {
		return nil, err
	}
	var os []OneToOne
	err = db.Where("status IN ? AND held_at >= ? AND held_at < ?", []Status{StatusHeld, StatusReflected}, from.UTC(), to.UTC()).Find(&os).Error
	return os, translate("held one-to-ones", err)
}

// FindOrCreatePerson returns the owner's contact outside Slack with this
// name, in any case, creating it the first time.
func (s *Store) FindOrCreatePerson(ctx context.Context, owner UserID, name string) (*Person, error) {
	name, err := CleanName(name)
	if err != nil {
		return nil, err
	}
	g, err := s.scope("person")
	if err != nil {
		return nil, err
	}
	var p *Person
	err = s.tx(ctx, func(tx *gorm.DB) (err error) {
		p, err = personTx(tx, g, owner, name)
		return err
	})
	if err != nil {
		return nil, translate("person", err)
	}
	return p, nil
}

// People returns people outside Slack by id.
func (s *Store) People(ctx context.Context, ids []PersonID) (map[PersonID]Person, error) {
	out := map[PersonID]Person{}
	if len(ids) == 0 {
		return out, nil
	}
	db, _, err := s.gconn(ctx, "people")
	if err != nil {
		return nil, err
	}
	var ps []Person
	if err := db.Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, translate("people", err)
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}
