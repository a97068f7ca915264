package models

import (
	"errors"
	"log/slog"
	"time"
)

// Delivery states. A delivery is pending until one worker claims it; it is
// then sent, skipped (no longer relevant when its turn came) or failed
// (gave up after retries).
const (
	DeliveryPending = "pending"
	DeliveryClaimed = "claimed"
	DeliverySent    = "sent"
	DeliverySkipped = "skipped"
	DeliveryFailed  = "failed"
)

// Delivery is one scheduled message to one person. Its key (Kind, Subject,
// Recipient, Window) is unique in the database, which is what makes a nudge,
// a reminder or a digest go out once even with several replicas.
type Delivery struct {
	ID int64 `gorm:"primaryKey"`
	// GroupID is the group whose settings and notifier act on it.
	GroupID   GroupID
	Kind      string
	Subject   Subject `gorm:"embedded"` // what it is about
	Recipient string  // a Slack user or channel id
	Window    string  // distinguishes repeats, e.g. a scheduled time or a week
	// Actor is who did what the message follows, for the kinds that
	// follow someone's action (ActionKinds); "" for scheduled kinds. A
	// message to its own actor answers them, so MayContact is not asked.
	Actor string
	DueAt time.Time
	State string
	// ClaimedBy and LeaseUntil mark a claim; a claim whose lease ran out
	// was abandoned by a crashed worker and may be taken again.
	ClaimedBy  string
	LeaseUntil *time.Time
	Attempts   int
	SentAt     *time.Time
	LastError  string
	// BudgetWeek is the recipient's week (Week.Key) whose budget of
	// unasked messages this delivery spent; "" when it spent none.
	BudgetWeek string
	// Body is the text a relayed reply passes on (KindRelay), kept only
	// until the delivery is settled: FinishDelivery empties it. Other
	// kinds render from the database and leave it "". It never reaches a
	// log.
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Subject is what a delivery is about: one one-to-one (AboutOneToOne), or
// one channel (AboutChannel): the digest's, or the DM an answer goes to.
// Make one with those two; read it with OneToOne and Channel.
//
// It is stored in two columns. subject holds Text, part of the deliveries'
// unique key, so a message goes out once whatever it is about;
// one_to_one_id holds OneToOneID, set only for a one-to-one, which the
// planning queries and forget look deliveries up by (migration 0015).
type Subject struct {
	// OneToOneID is the one-to-one, or nil for a channel.
	OneToOneID *OneToOneID
	// Text is the subject as the unique key holds it: the one-to-one's
	// id in decimal (OneToOneID.String), or the channel id.
	Text string `gorm:"column:subject"`
}

// AboutOneToOne is the subject of the messages about one one-to-one.
func AboutOneToOne(id OneToOneID) Subject {
	return Subject{OneToOneID: &id, Text: id.String()}
}

// AboutChannel is the subject of a message about a channel as a whole: the
// digest posted there, or the answer to what someone wrote in a DM.
func AboutChannel(channel string) Subject { return Subject{Text: channel} }

// OneToOne is the one-to-one the delivery is about; ok is false when it is
// about a channel.
func (s Subject) OneToOne() (id OneToOneID, ok bool) {
	if s.OneToOneID == nil {
		return 0, false
	}
	return *s.OneToOneID, true
}

// Channel is the channel the delivery is about; ok is false when it is
// about a one-to-one.
func (s Subject) Channel() (channel string, ok bool) {
	if _, isAssignment := s.Assignment(); s.OneToOneID != nil || isAssignment {
		return "", false
	}
	return s.Text, true
}

// String is the subject as logs and `run-job --dry-run` show it: the
// one-to-one's id or the channel id, as before subjects were typed.
func (s Subject) String() string { return s.Text }

// LogValue logs the subject as String shows it, one value under "subject".
func (s Subject) LogValue() slog.Value { return slog.StringValue(s.Text) }

// ProcessedEvent remembers a Slack event id so a redelivered event does
// nothing the second time (Slack keeps event ids unique, docs/slack.md).
type ProcessedEvent struct {
	EventID    string `gorm:"primaryKey"`
	ReceivedAt time.Time
}

// Lease is a named lock with an expiry, held by one process at a time: the
// calendar jobs and the single SQLite server take one.
type Lease struct {
	Name   string `gorm:"primaryKey"`
	Holder string
	Until  time.Time
}

// Kinds of scheduled delivery. The scheduler plans them and the bot renders
// them; both sides meet on these names, which are also stored in the
// deliveries table: rename one only with a migration.
const (
	// KindReminder reminds the organizer of a meeting, with coaching tips.
	KindReminder = "reminder"
	// KindReminderInvitee is the short note to the other person.
	KindReminderInvitee = "reminder_invitee"
	// KindReflectionPrompt asks one of the two people how the meeting went,
	// for their own reflection; each gets one, keyed by recipient.
	KindReflectionPrompt = "reflection_prompt"
	// KindReflectionReminder is the one gentle reminder when the
	// recipient's own reflection did not come after their prompt.
	KindReflectionReminder = "reflection_reminder"
	// KindNudgeRequester and KindNudgeInvitee follow up a request nobody
	// scheduled.
	KindNudgeRequester = "nudge_requester"
	KindNudgeInvitee   = "nudge_invitee"
	// KindFollowUp recalls the ask a reflection's author made, on the day
	// they chose.
	KindFollowUp = "follow_up"
	// KindExpired tells the requester a request closed after a long wait.
	KindExpired = "expired"
	// KindDigest is the weekly digest; its subject and recipient are the
	// channel, its window the scheduled moment.
	KindDigest = "digest"
)

// Sentinels a notifier returns from a send, so the scheduler knows what
// became of a delivery without knowing Slack.
var (
	// ErrSkip says the message no longer makes sense (the one-to-one moved
	// on, the person left): the delivery is marked skipped, never retried.
	ErrSkip = errors.New("no longer relevant")
	// ErrMaybeSent says the send failed after the message may already have
	// reached Slack (a timeout or a cancelled call mid-request). Kinds that
	// must never repeat give up on it; the others try again.
	ErrMaybeSent = errors.New("may have been sent")
	// ErrBusy says the recipient's workspace has spent its budget of Slack
	// calls for a while (a 429's Retry-After, a rush of people's own
	// requests): nothing left for Slack, and the delivery waits its turn
	// without counting as an attempt, while the other workspaces' messages
	// go on.
	ErrBusy = errors.New("the workspace's Slack budget is spent for now")
)

// WindowAt is the window of a delivery tied to a moment (a meeting's start,
// a request's date): the UTC time to the second. The store computes the same
// string in SQL, so the two must change together.
func WindowAt(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// WindowDay is the window of a delivery tied to a date, like a follow-up.
func WindowDay(t time.Time) string { return t.UTC().Format("2006-01-02") }
