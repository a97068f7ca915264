package models

import (
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The outbox: every message that follows a change someone made (an
// invitation, a confirmation, a note that a request closed) is stored as a
// delivery in the same transaction as the change, so a crash leaves both or
// neither. The process that made the change sends it at once; the
// scheduler's outbox job sends whatever a crash or a failed send left
// behind, with the same claims and policies as the scheduled kinds.

// Kinds of message that follow what someone did. Like the scheduled kinds
// they are stored in the deliveries table: rename one only with a
// migration.
const (
	// KindInvitation asks the invitee for a one-to-one, with the
	// requester's words and the buttons to answer.
	KindInvitation = "invitation"
	// KindRequestCopy shows the requester what they sent, with its
	// buttons.
	KindRequestCopy = "request_copy"
	// KindScheduled tells each of the two (the organizer alone, for
	// someone outside Slack) that the time is set; KindRescheduled that it
	// moved.
	KindScheduled   = "scheduled"
	KindRescheduled = "rescheduled"
	// KindDeclined tells the requester the invitee said "Not now", with
	// their word if they gave one.
	KindDeclined = "declined"
	// KindCancelled tells the other person a one-to-one was cancelled,
	// with the word they were given, if any.
	KindCancelled = "cancelled"
	// KindMissed tells the other person a meeting was marked as not having
	// happened, with a way to pick a new time.
	KindMissed = "missed"
	// KindOptedOut tells a requester that their request closed because
	// the invitee asked not to be contacted.
	KindOptedOut = "opted_out"
	// KindCalendar uploads the meeting's .ics file into the DM of each of
	// the two: a new or moved time (METHOD:PUBLISH), or its cancellation
	// (METHOD:CANCEL).
	KindCalendar = "calendar"
)

// ActionKinds are the kinds above: the scheduler's outbox job sends them.
// Each answers something someone just did, so none is a message the bot
// sends unasked. A new kind that follows an action (an assignment note, a
// passed-on reply) joins this list, the notifier and the scheduler's
// policies.
var ActionKinds = []string{
	KindInvitation, KindRequestCopy, KindScheduled, KindRescheduled,
	KindDeclined, KindCancelled, KindMissed, KindOptedOut, KindCalendar,
	KindRelay, KindAssignment,
}

// FollowsAction reports whether kind is one of ActionKinds.
func FollowsAction(kind string) bool {
	for _, k := range ActionKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// WaitsForDaytime reports whether a message of kind waits for the
// recipient's daytime (the scheduler's delivery hours): every kind nobody
// waits on at that minute. Those that follow an action go at once, as an
// answer would, but for the assignment DM: the coordinator who assigned
// is not waiting on it, and the organizer can read it in the morning.
func WaitsForDaytime(kind string) bool {
	return !FollowsAction(kind) || kind == KindAssignment
}

// OutboxGrace is how long the process that stored a change has to send its
// messages itself before the scheduler's outbox job takes them as left
// behind by a crash. Sending at once takes a moment; a claim it made and
// never settled is recovered after the scheduler's lease instead.
const OutboxGrace = time.Minute

// Note asks for a message to follow a change to a one-to-one: Kind, to To,
// about what By did. A note to By answers them.
type Note struct {
	Kind string
	To   UserID
	By   UserID
}

// Delivery is the note's delivery about o as o now stands: its window is
// o's version, so each change's messages are its own, and the notifier can
// tell one that a later change has overtaken.
func (n Note) Delivery(o *OneToOne, due time.Time) Delivery {
	return Delivery{
		GroupID: o.GroupID, Kind: n.Kind, Subject: AboutOneToOne(o.ID), Recipient: string(n.To), Actor: string(n.By),
		Window: WindowVersion(o), DueAt: due.UTC(),
	}
}

// WindowVersion is the window of a message that follows a change: the
// one-to-one's version once the change is saved.
func WindowVersion(o *OneToOne) string { return "v" + strconv.Itoa(o.Version) }

// queueNotes stores notes about o as pending deliveries, in tx, due after
// OutboxGrace. A note to nobody (someone outside Slack) is dropped.
func (s *Store) queueNotes(tx *gorm.DB, o *OneToOne, notes []Note) ([]Note, error) {
	var rows []Delivery
	var kept []Note
	due := s.now().Add(OutboxGrace)
	for _, n := range notes {
		if n.To == "" {
			continue
		}
		d := n.Delivery(o, due)
		d.State, d.GroupID = DeliveryPending, o.GroupID
		rows, kept = append(rows, d), append(kept, n)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return kept, tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}
