package models

import (
	"strconv"
	"strings"
	"time"
)

// The weekly budget of unasked messages. A person hears from the bot for
// two reasons: because of something they did or agreed to (an answer to
// their command, the invitation someone wrote them, the meeting they
// scheduled), or because the bot, or someone else through it, decided to
// write to them. The second kind is what turns a tool into pressure, so it
// is capped: at most Settings.UnaskedLimit such messages reach a person in
// a week. What is over waits for the next week (scheduled kinds) or is
// politely refused (a reminder another person asks the bot to send now).
//
// The week is the recipient's own: from Monday 00:00 to the next Monday
// 00:00 in their Slack timezone (WeekOf).

// KindManualNudge is the "Remind them" reminder a requester asks the bot
// to send the person they invited. It is sent at once, not queued; its
// record keeps it to one a day per request and spends the invitee's
// budget. The automatic nudge also leaves a record of this kind, without
// spending, so a click on the same day sends nothing more.
const KindManualNudge = "manual_nudge"

// KindInboxReply is the bot's short answer to someone who wrote to it in
// its Messages tab, at most once a day. Its record holds who and which
// day, never what they wrote; forgetting the person deletes it.
const KindInboxReply = "inbox_reply"

// UnaskedKinds are the messages that count against a person's weekly
// budget, each with the reason it counts. Every kind of message a person
// may receive without asking belongs here; a new one (an assignment notice,
// a welcome note) must be added, or to AskedKinds with its reason.
var UnaskedKinds = map[string]string{
	KindNudgeRequester: "the bot's own follow-up of a request nobody scheduled; the requester asked for nothing",
	KindNudgeInvitee:   "the bot's own reminder of an invitation the person has not answered",
	KindManualNudge:    "a reminder another person chose to send; the recipient did not ask for it",
	KindWelcome:        "a note the group chose to send everyone who joins its channel; the newcomer asked for nothing",
	KindReflectionReminder: "a second ask to reflect, after the meeting's own prompt was already sent; " +
		"it is pressure, not the prompt itself",
}

// AskedKinds are the kinds the budget leaves alone, each with the reason:
// among them every kind that follows what someone just did (ActionKinds),
// sent at once through the outbox. Answers to the person acting that need
// no delivery (ephemeral replies, modal updates) are not kinds at all.
var AskedKinds = map[string]string{
	KindReminder:         "the meeting's own reminder, part of the meeting the person scheduled",
	KindReminderInvitee:  "the meeting's own reminder, part of the meeting the person agreed to",
	KindReflectionPrompt: "the meeting's own prompt to reflect, the habit the person signed up for",
	KindFollowUp:         "arrives on the day the author chose in their own reflection",
	KindDigest:           "posted in a channel, never to a person",
	KindExpired: "how the person's own request ended, like the news that it was declined or cancelled; " +
		"held back, they would never learn it closed",
	KindInboxReply: "the answer to what the person just wrote to the bot",

	KindInvitation:  "the requester's own words, which the invitee may decline",
	KindRequestCopy: "the requester's own copy of what they just sent",
	KindScheduled:   "the news that a meeting the person asked for or was asked to is set",
	KindRescheduled: "the news that a meeting the person agreed to moved",
	KindDeclined:    "how the person's own request ended",
	KindCancelled:   "the news that a meeting the person agreed to is off",
	KindMissed:      "the other person's word that a meeting didn't happen, with a way to pick a new time",
	KindOptedOut:    "how the person's own request ended",
	KindCalendar:    "the calendar file of a meeting the person agreed to, with the news that it is set, moved or off",
	KindAssignment: "a coordinator's handing of people to meet to an organizer of the group, the work they took on by organizing with it; " +
		"one message per action however many people, in their daytime, and they can hand anyone back",
	KindRelay: "the other person's own words, written in the thread of a one-to-one the recipient asked for or agreed to; " +
		"an answer in a conversation, like the invitation itself",
}

// Unasked reports whether a message of kind counts against the
// recipient's weekly budget.
func Unasked(kind string) bool {
	_, ok := UnaskedKinds[kind]
	return ok
}

// Limits of the weekly budget. The default is the "at most three";
// the most a coordinator may allow is one a day.
const (
	DefaultUnaskedPerWeek = 3
	MaxUnaskedPerWeek     = 7
)

// UnaskedLimit is how many unasked messages a person may get in a week:
// the coordinators' choice, or DefaultUnaskedPerWeek when they made none.
// Zero means none at all.
func (st Settings) UnaskedLimit() int {
	if st.UnaskedPerWeek == nil {
		return DefaultUnaskedPerWeek
	}
	return *st.UnaskedPerWeek
}

// ValidateUnaskedPerWeek refuses a weekly budget outside 0 to
// MaxUnaskedPerWeek.
func ValidateUnaskedPerWeek(n int) error {
	if n < 0 || n > MaxUnaskedPerWeek {
		return &FieldError{Field: FieldUnaskedPerWeek, Err: Errorf(EINVALID, "Please enter a whole number from 0 (none) to %d (one a day).", MaxUnaskedPerWeek).Msg("settings.err_unasked", "Max", MaxUnaskedPerWeek)}
	}
	return nil
}

// ParseUnaskedPerWeek reads the weekly budget as a person writes it: ""
// is the default (nil), anything else a whole number ValidateUnaskedPerWeek
// accepts.
func ParseUnaskedPerWeek(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = -1
	}
	if err := ValidateUnaskedPerWeek(n); err != nil {
		return nil, err
	}
	return &n, nil
}

// Week is one week of a person's budget: from Monday 00:00 (Start) to the
// next Monday 00:00 (End) on their own calendar.
type Week struct{ Start, End time.Time }

// WeekOf is the week holding t in loc. Days are counted on the local
// calendar, so a daylight-saving change moves the week's bounds in UTC but
// never off local midnight.
func WeekOf(t time.Time, loc *time.Location) Week {
	lt := t.In(loc)
	back := (int(lt.Weekday()) + 6) % 7 // days since Monday
	y, m, d := lt.Date()
	return Week{Start: time.Date(y, m, d-back, 0, 0, 0, 0, loc), End: time.Date(y, m, d-back+7, 0, 0, 0, 0, loc)}
}

// Key names the week in the deliveries table: the date of its Monday.
func (w Week) Key() string { return w.Start.Format(time.DateOnly) }
