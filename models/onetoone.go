package models

import (
	"errors"
	"strings"
	"time"
)

// Status is where a one-to-one stands in its life.
type Status string

// The lifecycle: requested → scheduled → held → reflected, with declined,
// cancelled and expired as the ways a request ends without a meeting. A
// one-to-one logged after the fact starts at held. Reflected means at least
// one of the two people wrote a reflection; each may write their own
// (Reflection.AuthorID), so the other may still be asked to.
const (
	StatusRequested Status = "requested"
	StatusScheduled Status = "scheduled"
	StatusHeld      Status = "held"
	StatusReflected Status = "reflected"
	StatusDeclined  Status = "declined"
	StatusCancelled Status = "cancelled"
	StatusExpired   Status = "expired"
)

// Limits that come from the guide and from Slack.
const (
	// MinDuration and MaxDuration bound a meeting: the guide asks for at
	// least 30 minutes, ideally 45 to 60.
	MinDuration     = 30 * time.Minute
	MaxDuration     = 90 * time.Minute
	DefaultDuration = 45 * time.Minute
	// MaxMessageLen keeps an invitation inside one Slack section block
	// (3000 characters, docs/slack.md) with room for our own words.
	MaxMessageLen = 2000
	// MaxPlaceLen and MaxReasonLen keep short fields short.
	MaxPlaceLen  = 200
	MaxReasonLen = 500
)

// OneToOne is one deliberately scheduled conversation between an organizer
// (the requester) and another person, in Slack (InviteeID) or not (PersonID).
type OneToOne struct {
	ID OneToOneID `gorm:"primaryKey"`
	// GroupID is the group it belongs to; the store sets it (Store.In).
	GroupID     GroupID
	RequesterID UserID
	InviteeID   UserID    // "" for someone outside Slack
	PersonID    *PersonID // set for someone outside Slack
	Status      Status
	Message     string // the invitation, in the requester's words
	Reason      string // why it was declined or cancelled, if they said
	ClosedBy    UserID // who declined or cancelled
	ScheduledAt *time.Time
	DurationMin int
	Place       string
	// Proposed are the times the requester offered, if any (issue 16).
	Proposed    ProposedTimes `gorm:"column:proposed_times"`
	RequestedAt time.Time
	HeldAt      *time.Time
	// Where the invitation and the requester's copy live in Slack, so they
	// can be updated and their buttons retired.
	InviteChannel    string
	InviteTS         string
	RequesterChannel string
	RequesterTS      string
	// PersonName names the person outside Slack, when there is one; the
	// store fills it on reads, it is not a column.
	PersonName string `gorm:"-"`
	// Version increases on every change; updates compare it so two clicks
	// at once cannot both win.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps the table name readable in SQL.
func (OneToOne) TableName() string { return "one_to_ones" }

// NewRequest starts a one-to-one asked of a Slack member.
func NewRequest(requester, invitee UserID, message string, now time.Time) (*OneToOne, error) {
	message = strings.TrimSpace(message)
	switch {
	case requester == "" || invitee == "":
		return nil, Errorf(EINVALID, "Tell me who you'd like to meet, like `/one-to-one @alex`.").Msg("error.who_to_meet", "Command", "/one-to-one")
	case requester == invitee:
		return nil, Errorf(EINVALID, "That's you! A one-to-one is with someone else. Try `/one-to-one @name`.")
	case len([]rune(message)) > MaxMessageLen:
		return nil, &FieldError{Field: "message", Err: Errorf(EINVALID, "Your message is %d characters; please keep it under %d so it fits in one Slack message.", len([]rune(message)), MaxMessageLen).Msg("error.message_too_long", "Length", len([]rune(message)), "Max", MaxMessageLen)}
	}
	return &OneToOne{RequesterID: requester, InviteeID: invitee, Status: StatusRequested, Message: message, RequestedAt: now, DurationMin: int(DefaultDuration / time.Minute)}, nil
}

// NewPlanned starts a one-to-one with someone outside Slack, which the
// organizer schedules and reflects on alone.
func NewPlanned(requester UserID, person *Person, message string, now time.Time) (*OneToOne, error) {
	if len([]rune(strings.TrimSpace(message))) > MaxMessageLen {
		return nil, Errorf(EINVALID, "Please keep your note under %d characters.", MaxMessageLen).Msg("error.note_too_long", "Max", MaxMessageLen)
	}
	return &OneToOne{RequesterID: requester, PersonID: &person.ID, PersonName: person.Name, Status: StatusRequested, Message: strings.TrimSpace(message), RequestedAt: now, DurationMin: int(DefaultDuration / time.Minute)}, nil
}

// NewLogged records a one-to-one that already happened, with a Slack member
// (invitee) or someone outside Slack (person).
func NewLogged(requester, invitee UserID, person *PersonID, heldAt, now time.Time) (*OneToOne, error) {
	if requester == invitee {
		return nil, Errorf(EINVALID, "That's you! Log a one-to-one with someone else.").Msg("error.self_log")
	}
	if heldAt.After(now) {
		return nil, Errorf(EINVALID, "That date is in the future. Log a one-to-one once it has happened, or schedule it instead.").Msg("error.future_log")
	}
	return &OneToOne{RequesterID: requester, InviteeID: invitee, PersonID: person, Status: StatusHeld, RequestedAt: now, HeldAt: &heldAt, DurationMin: int(DefaultDuration / time.Minute)}, nil
}

// IsOpen reports whether the one-to-one still waits for a meeting.
func (o *OneToOne) IsOpen() bool {
	return o.Status == StatusRequested || o.Status == StatusScheduled
}

// Involves reports whether u is one of the two people.
func (o *OneToOne) Involves(u UserID) bool {
	return u != "" && (u == o.RequesterID || u == o.InviteeID)
}

// People are the Slack members of the one-to-one: both, or just the
// organizer when the other person is outside Slack.
func (o *OneToOne) People() []UserID {
	if o.InviteeID == "" {
		return []UserID{o.RequesterID}
	}
	return []UserID{o.InviteeID, o.RequesterID}
}

// LiveMessage is where u's current message about the one-to-one is, the
// one whose buttons the next change retires.
func (o *OneToOne) LiveMessage(u UserID) (channel, ts string) {
	if u == o.RequesterID {
		return o.RequesterChannel, o.RequesterTS
	}
	return o.InviteChannel, o.InviteTS
}

// Other returns the other person of the pair.
func (o *OneToOne) Other(u UserID) UserID {
	if u == o.RequesterID {
		return o.InviteeID
	}
	return o.RequesterID
}

// Duration is the planned length of the meeting.
func (o *OneToOne) Duration() time.Duration { return time.Duration(o.DurationMin) * time.Minute }

// EndsAt is when the scheduled meeting should be over; zero if unscheduled.
func (o *OneToOne) EndsAt() time.Time {
	if o.ScheduledAt == nil {
		return time.Time{}
	}
	return o.ScheduledAt.Add(o.Duration())
}

// ErrUnchanged is returned by a lifecycle method asked for what already
// stands (the same time, length and place once more): the store saves
// nothing and no message follows, so a form submitted twice (redelivered,
// or seen by two replicas) changes things once.
var ErrUnchanged = errors.New("nothing to change")

func errNotOpen() error {
	return Errorf(ECONFLICT, "This request is no longer open, so there's nothing to change here.").Msg("error.no_longer_open")
}

// Schedule sets or moves the meeting. It refuses a time in the past, a
// length outside what the guide asks for, and a one-to-one that has ended.
// The time, length and place the meeting already has are ErrUnchanged.
func (o *OneToOne) Schedule(at time.Time, dur time.Duration, place string, now time.Time) error {
	place = strings.TrimSpace(place)
	switch {
	case !o.IsOpen():
		return errNotOpen()
	case o.Status == StatusScheduled && o.ScheduledAt != nil && o.ScheduledAt.Equal(at) && o.Duration() == dur && o.Place == place:
		return ErrUnchanged
	case !at.After(now):
		return &FieldError{Field: "when", Err: Errorf(EINVALID, "That time has already passed. Please pick a time in the future.").Msg("error.time_passed")}
	case dur < MinDuration || dur > MaxDuration:
		return &FieldError{Field: "duration", Err: Errorf(EINVALID, "Please plan between %d and %d minutes; the guide suggests 45 to 60.", int(MinDuration/time.Minute), int(MaxDuration/time.Minute)).Msg("error.duration_range", "Min", int(MinDuration/time.Minute), "Max", int(MaxDuration/time.Minute))}
	case len([]rune(place)) > MaxPlaceLen:
		return &FieldError{Field: "place", Err: Errorf(EINVALID, "Please keep the place under %d characters.", MaxPlaceLen).Msg("error.place_too_long", "Max", MaxPlaceLen)}
	}
	at = at.UTC()
	o.ScheduledAt, o.DurationMin, o.Place, o.Status = &at, int(dur/time.Minute), place, StatusScheduled
	return nil
}

// Decline closes a request the invitee can't take up now.
func (o *OneToOne) Decline(by UserID, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	switch {
	case o.Status != StatusRequested && o.Status != StatusScheduled:
		return errNotOpen()
	case by != o.InviteeID:
		return Errorf(EUNAUTHORIZED, "Only the person who was asked can say not now.").Msg("error.only_invitee_declines")
	case len([]rune(reason)) > MaxReasonLen:
		return Errorf(EINVALID, "Please keep the note under %d characters.", MaxReasonLen).Msg("error.reason_too_long", "Max", MaxReasonLen)
	}
	o.Status, o.Reason, o.ClosedBy = StatusDeclined, reason, by
	return nil
}

// Cancel closes an open one-to-one at the wish of either person.
func (o *OneToOne) Cancel(by UserID, reason string, now time.Time) error {
	switch {
	case !o.IsOpen():
		return errNotOpen()
	case !o.Involves(by):
		return Errorf(EUNAUTHORIZED, "Only the two people meeting can cancel this one-to-one.").Msg("error.only_pair_cancels")
	case len([]rune(reason)) > MaxReasonLen:
		return Errorf(EINVALID, "Please keep the note under %d characters.", MaxReasonLen).Msg("error.reason_too_long", "Max", MaxReasonLen)
	}
	o.Status, o.Reason, o.ClosedBy = StatusCancelled, strings.TrimSpace(reason), by
	return nil
}

// Expire closes a request nobody scheduled within the window.
func (o *OneToOne) Expire(now time.Time) error {
	if o.Status != StatusRequested {
		return errNotOpen()
	}
	o.Status = StatusExpired
	return nil
}

// MarkHeld records that the meeting took place at at.
func (o *OneToOne) MarkHeld(at, now time.Time) error {
	switch {
	case !o.IsOpen() && o.Status != StatusHeld:
		return Errorf(ECONFLICT, "This one-to-one was closed, so it can't be marked as held.").Msg("error.closed_not_held")
	case at.After(now):
		return Errorf(EINVALID, "That date is in the future. Mark it as held once it has happened.").Msg("error.future_held")
	}
	at = at.UTC()
	o.Status, o.HeldAt = StatusHeld, &at
	return nil
}

// Reflect records that one of the two people wrote their reflection: either
// of a pair in Slack, the organizer alone for someone outside Slack. A
// scheduled meeting whose time has come counts as held.
func (o *OneToOne) Reflect(by UserID, now time.Time) error {
	switch {
	case !o.Involves(by):
		return Errorf(EUNAUTHORIZED, "Only the two people who met can reflect on this one-to-one.").Msg("error.only_pair_reflects")
	case o.Status == StatusHeld || o.Status == StatusReflected:
	case o.Status == StatusScheduled && o.ScheduledAt != nil && !o.ScheduledAt.After(now):
		o.HeldAt = o.ScheduledAt
	case o.Status == StatusRequested || o.Status == StatusScheduled:
		held := now.UTC()
		o.HeldAt = &held
	default:
		return Errorf(ECONFLICT, "This one-to-one was closed without meeting, so there's nothing to reflect on.").Msg("error.closed_no_reflection")
	}
	o.Status = StatusReflected
	return nil
}

// MarkMissed records that a meeting whose time came did not take place, and
// reopens it as a request so the two can pick a new time instead of starting
// over. The request counts as made now: the nudge and expiry clocks start
// again, since the two were in touch about it at the meeting time. A
// reflected one-to-one evidently happened, and one still ahead can simply be
// rescheduled, so both are refused. A meeting with someone outside Slack
// reopens the same way, for the organizer alone to pick a new time.
func (o *OneToOne) MarkMissed(by UserID, now time.Time) error {
	switch {
	case !o.Involves(by):
		return Errorf(EUNAUTHORIZED, "Only the two people meeting can say it didn't happen.").Msg("error.only_pair_missed")
	case o.Status == StatusRequested:
		return Errorf(ECONFLICT, "This one-to-one is already waiting for a new time.").Msg("error.missed_already")
	case o.Status == StatusReflected:
		return Errorf(ECONFLICT, "This one-to-one has already been reflected on, so I'll keep it as held.").Msg("error.missed_reflected")
	case o.Status != StatusScheduled && o.Status != StatusHeld:
		return errNotOpen()
	case o.ScheduledAt == nil:
		return Errorf(EINVALID, "This one-to-one was logged after the fact, so there's no planned time to reopen.").Msg("error.missed_logged")
	case o.Status == StatusScheduled && o.ScheduledAt.After(now):
		return Errorf(EINVALID, "This one-to-one hasn't happened yet. To move it, use Reschedule.").Msg("error.missed_future")
	}
	o.Status, o.ScheduledAt, o.HeldAt, o.RequestedAt = StatusRequested, nil, nil, now.UTC()
	return nil
}
