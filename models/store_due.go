package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Queries that find time-driven work: meetings to remind of or reflect on,
// requests to nudge or expire, follow-ups whose day has come. Each looks
// only at a band of time served by an index, and leaves out what already has
// a delivery of its kind for the same window, so the scheduler can ask every
// tick without redoing work. Results come a page at a time, in the order of
// the query's time column (keyset pages: see Page).

// Page is one page of a search for due work. Rows come in the order of the
// query's time column, then id, and a page holds at most Limit rows after
// (AfterAt, AfterID). Paging on the time column lets the database range-scan
// that column's index; paging on id alone made Postgres walk the primary key
// of a million one-to-ones to find none (BENCHMARKS.md §2).
type Page struct {
	AfterAt time.Time
	AfterID int64
	Limit   int
	// ChangedSince, when set, keeps only rows changed (updated_at) at or
	// after it, in the order of that change: what a planning pass must
	// look at again because someone touched it, not because time moved.
	ChangedSince time.Time
}

// After is the page that follows one whose last row had key at (its time
// column, or updated_at when the page asks for changed rows) and id.
func (p Page) After(at time.Time, id int64) Page {
	p.AfterAt, p.AfterID = at.UTC(), id
	return p
}

func (p Page) limit() int {
	if p.Limit <= 0 {
		return 500
	}
	return p.Limit
}

// keyset orders a due-work query by the page's key and starts it after the
// page's last row. Row values compare the same way on Postgres and SQLite.
func (p Page) keyset(db *gorm.DB, table, col string) *gorm.DB {
	key := table + "." + col
	if !p.ChangedSince.IsZero() {
		key = table + ".updated_at"
		// Truncated as stored (Options.Now): SQLite compares times as text.
		db = db.Where(key+" >= ?", p.ChangedSince.UTC().Truncate(time.Microsecond))
	}
	if !p.AfterAt.IsZero() || p.AfterID != 0 {
		db = db.Where("("+key+", "+table+".id) > (?, ?)", p.AfterAt.UTC(), p.AfterID)
	}
	return db.Order(key + ", " + table + ".id").Limit(p.limit())
}

// windowAtSQL is WindowAt computed by the database from a timestamp column.
func (s *Store) windowAtSQL(col string) string {
	if s.dialect == Postgres {
		return `to_char(` + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
	}
	return `strftime('%Y-%m-%dT%H:%M:%SZ', ` + col + `)`
}

// windowDaySQL is WindowDay computed by the database.
func (s *Store) windowDaySQL(col string) string {
	if s.dialect == Postgres {
		return `to_char(` + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
	}
	return `strftime('%Y-%m-%d', ` + col + `)`
}

// noDelivery is a condition that holds when no delivery of kind exists
// about the one-to-one, for the recipient and window the three SQL
// expressions name. It probes the index deliveries_one_to_one.
func noDelivery(oneToOne, recipient, window string) string {
	return `NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.one_to_one_id = ` + oneToOne +
		` AND d.kind = ? AND d.recipient = ` + recipient + ` AND d."window" = ` + window + `)`
}

// dueIn narrows a due-work query on table to the store's group when it is
// scoped (In), so the scheduler can plan each group with its own settings;
// unscoped, the query spans every group and its rows carry their GroupID.
func (s *Store) dueIn(db *gorm.DB, table string) *gorm.DB {
	if s.group == 0 {
		return db
	}
	return db.Where(table+".group_id = ?", s.group)
}

// MeetingsToRemind lists scheduled meetings starting in (after, until]
// whose organizer has no KindReminder for that start time yet.
func (s *Store) MeetingsToRemind(ctx context.Context, after, until time.Time, p Page) ([]OneToOne, error) {
	var os []OneToOne
	err := s.meetingsToRemindQuery(s.dueIn(s.conn(ctx), "one_to_ones"), after, until, p).Find(&os).Error
	return os, translate("meetings to remind", err)
}

func (s *Store) meetingsToRemindQuery(db *gorm.DB, after, until time.Time, p Page) *gorm.DB {
	q := db.Model(&OneToOne{}).
		Where("status = ? AND scheduled_at > ? AND scheduled_at <= ?", StatusScheduled, after.UTC(), until.UTC()).
		Where(noDelivery("one_to_ones.id", "one_to_ones.requester_id", s.windowAtSQL("one_to_ones.scheduled_at")), KindReminder)
	return p.keyset(q, "one_to_ones", "scheduled_at")
}

// Side is one of the two places a Slack member holds in a one-to-one: who
// asked, or who was asked. Both people are asked to reflect, each on their
// own, so those messages are planned once per side, each query naming its
// recipient by the side's column.
type Side int

// The two sides. Sides lists them in the order planning walks them.
const (
	SideRequester Side = iota
	SideInvitee
)

// Sides are both sides, for planning each.
var Sides = []Side{SideRequester, SideInvitee}

// String names the side, for logs and planning marks.
func (sd Side) String() string {
	if sd == SideInvitee {
		return "invitee"
	}
	return "requester"
}

// Of is the side's person in o: "" on the invitee's side of a one-to-one
// with someone outside Slack.
func (sd Side) Of(o *OneToOne) UserID {
	if sd == SideInvitee {
		return o.InviteeID
	}
	return o.RequesterID
}

// column is the one-to-ones column holding the side's person.
func (sd Side) column() string {
	if sd == SideInvitee {
		return "one_to_ones.invitee_id"
	}
	return "one_to_ones.requester_id"
}

// noReflectionBy holds when the person in the one-to-ones column col wrote
// no reflection on the row's one-to-one. It probes the unique index
// reflections_one_to_one_author.
func noReflectionBy(col string) string {
	return `NOT EXISTS (SELECT 1 FROM reflections r WHERE r.one_to_one_id = one_to_ones.id AND r.author_id = ` + col + `)`
}

// MeetingsToReflect lists meetings that started in [from, to], were not
// cancelled or reopened (scheduled, held, or reflected on by the other
// person only), and whose person on side has neither reflected nor had a
// KindReflectionPrompt for that start time yet. The caller checks each has
// ended: meetings differ in length.
func (s *Store) MeetingsToReflect(ctx context.Context, side Side, from, to time.Time, p Page) ([]OneToOne, error) {
	var os []OneToOne
	err := s.meetingsToReflectQuery(s.dueIn(s.conn(ctx), "one_to_ones"), side, from, to, p).Find(&os).Error
	return os, translate("meetings to reflect on", err)
}

func (s *Store) meetingsToReflectQuery(db *gorm.DB, side Side, from, to time.Time, p Page) *gorm.DB {
	who := side.column()
	q := db.Model(&OneToOne{}).
		Where("status IN ? AND scheduled_at >= ? AND scheduled_at <= ?", []Status{StatusScheduled, StatusHeld, StatusReflected}, from.UTC(), to.UTC()).
		Where(who+" <> ''").
		Where(noDelivery("one_to_ones.id", who, s.windowAtSQL("one_to_ones.scheduled_at")), KindReflectionPrompt).
		Where(noReflectionBy(who))
	return p.keyset(q, "one_to_ones", "scheduled_at")
}

// MeetingsToRemindReflect lists meetings that started in [from, to] whose
// person on side still has not reflected, was sent the prompt at or before
// promptBefore, and has had no KindReflectionReminder: the one gentle
// reminder.
func (s *Store) MeetingsToRemindReflect(ctx context.Context, side Side, from, to, promptBefore time.Time, p Page) ([]OneToOne, error) {
	var os []OneToOne
	err := s.meetingsToRemindReflectQuery(s.dueIn(s.conn(ctx), "one_to_ones"), side, from, to, promptBefore, p).Find(&os).Error
	return os, translate("meetings to remind of a reflection", err)
}

func (s *Store) meetingsToRemindReflectQuery(db *gorm.DB, side Side, from, to, promptBefore time.Time, p Page) *gorm.DB {
	who := side.column()
	window := s.windowAtSQL("one_to_ones.scheduled_at")
	q := db.Model(&OneToOne{}).
		Where("status IN ? AND scheduled_at >= ? AND scheduled_at <= ?", []Status{StatusScheduled, StatusHeld, StatusReflected}, from.UTC(), to.UTC()).
		Where(who+" <> ''").
		Where(noDelivery("one_to_ones.id", who, window), KindReflectionReminder).
		Where(`EXISTS (SELECT 1 FROM deliveries d WHERE d.one_to_one_id = one_to_ones.id AND d.kind = ?
			AND d.recipient = `+who+` AND d."window" = `+window+` AND d.state = ? AND d.sent_at <= ?)`,
			KindReflectionPrompt, DeliverySent, promptBefore.UTC()).
		Where(noReflectionBy(who))
	return p.keyset(q, "one_to_ones", "scheduled_at")
}

// RequestsToNudge lists requests made in (after, until], still waiting for a
// time, whose requester has had no KindNudgeRequester for that request date.
func (s *Store) RequestsToNudge(ctx context.Context, after, until time.Time, p Page) ([]OneToOne, error) {
	var os []OneToOne
	err := s.requestsToNudgeQuery(s.dueIn(s.conn(ctx), "one_to_ones"), after, until, p).Find(&os).Error
	return os, translate("requests to nudge", err)
}

func (s *Store) requestsToNudgeQuery(db *gorm.DB, after, until time.Time, p Page) *gorm.DB {
	q := awaitingAnswer(db.Model(&OneToOne{})).
		Where("requested_at > ? AND requested_at <= ?", after.UTC(), until.UTC()).
		Where(noDelivery("one_to_ones.id", "one_to_ones.requester_id", s.windowAtSQL("one_to_ones.requested_at")), KindNudgeRequester)
	return p.keyset(q, "one_to_ones", "requested_at")
}

// RequestsToExpire lists requests made at or before before that still wait
// for a time.
func (s *Store) RequestsToExpire(ctx context.Context, before time.Time, p Page) ([]OneToOne, error) {
	var os []OneToOne
	err := s.requestsToExpireQuery(s.dueIn(s.conn(ctx), "one_to_ones"), before, p).Find(&os).Error
	return os, translate("requests to expire", err)
}

func (s *Store) requestsToExpireQuery(db *gorm.DB, before time.Time, p Page) *gorm.DB {
	q := db.Model(&OneToOne{}).Where("status = ? AND requested_at <= ?", StatusRequested, before.UTC())
	return p.keyset(q, "one_to_ones", "requested_at")
}

// FollowUpsDue lists reflections whose follow-up date is in [from, to] and
// whose author has had no KindFollowUp for that date. Only the fields a
// follow-up needs are read: never the sealed answers.
func (s *Store) FollowUpsDue(ctx context.Context, from, to time.Time, p Page) ([]Reflection, error) {
	var rs []Reflection
	err := s.followUpsDueQuery(s.dueIn(s.conn(ctx), "reflections"), from, to, p).Find(&rs).Error
	return rs, translate("follow-ups due", err)
}

func (s *Store) followUpsDueQuery(db *gorm.DB, from, to time.Time, p Page) *gorm.DB {
	q := db.Model(&Reflection{}).Select("id", "group_id", "one_to_one_id", "author_id", "follow_up_on", "updated_at").
		Where("follow_up_on >= ? AND follow_up_on <= ?", from.UTC(), to.UTC()).
		Where(noDelivery("reflections.one_to_one_id", "reflections.author_id", s.windowDaySQL("reflections.follow_up_on")), KindFollowUp)
	return p.keyset(q, "reflections", "follow_up_on")
}

// ExpireRequest closes a request nobody scheduled and queues note, the word
// to its requester, in one transaction: a crash leaves either both or
// neither. A request that was scheduled, closed or made again after before
// meanwhile gives ECONFLICT and changes nothing.
func (s *Store) ExpireRequest(ctx context.Context, id OneToOneID, before, now time.Time, note Delivery) (*OneToOne, error) {
	var o OneToOne
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			return err
		}
		if o.RequestedAt.After(before) {
			return errNotOpen()
		}
		if err := o.Expire(now); err != nil {
			return err
		}
		if err := saveVersioned(tx, &o); err != nil {
			return err
		}
		note.ID, note.State, note.DueAt, note.GroupID = 0, DeliveryPending, note.DueAt.UTC(), o.GroupID
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&note).Error
	})
	if err != nil {
		return nil, translate("expire request", err)
	}
	return &o, nil
}
