package models

import (
	"context"
	"strings"
	"time"
)

// Replies passed on. What one person writes in the thread of the bot's DM
// about a one-to-one (the invitation, or the note that it is set) reaches
// the other person, in their own thread of it, labelled as theirs. The
// words are kept only in the delivery that carries them, and only until it
// is settled (FinishDelivery empties Body).

// KindRelay passes on a reply written in the thread of a one-to-one's DM
// to the other person. Its window is the Slack message's ts, so a message
// is passed on once however often Slack sends its event, to however many
// replicas.
const KindRelay = "relayed_reply"

// MaxRelayLen bounds the words passed on: a reply, not an essay, and well
// inside a section's 3000 characters once labelled.
const MaxRelayLen = 2000

// Relay is the delivery that passes on what from wrote in the thread of
// o's DM (the Slack message ts) to the other person. The text is trimmed
// and cut to MaxRelayLen runes.
func Relay(o *OneToOne, from UserID, ts, text string, now time.Time) Delivery {
	text = strings.TrimSpace(text)
	if r := []rune(text); len(r) > MaxRelayLen {
		text = string(r[:MaxRelayLen]) + "…"
	}
	return Delivery{
		GroupID: o.GroupID, Kind: KindRelay, Subject: AboutOneToOne(o.ID),
		Recipient: string(o.Other(from)), Actor: string(from), Window: "m" + ts,
		DueAt: now.Add(OutboxGrace).UTC(), Body: text,
	}
}

// OneToOneInThread finds the one-to-one whose DM to user is the message
// ts: the newest message about it in user's DM (LiveMessage), which a
// reply in its thread answers. It spans groups, so the row carries its
// GroupID for whoever acts on it (Store.In). ENOTFOUND when there is none.
func (s *Store) OneToOneInThread(ctx context.Context, user UserID, ts string) (*OneToOne, error) {
	if user == "" || ts == "" {
		return nil, Errorf(ENOTFOUND, "No one-to-one has that message.")
	}
	var os []OneToOne
	err := s.conn(ctx).Where("(requester_id = ? AND requester_ts = ?) OR (invitee_id = ? AND invite_ts = ?)", user, ts, user, ts).
		Order("id DESC").Limit(1).Find(&os).Error
	if err != nil {
		return nil, translate("one-to-one in thread", err)
	}
	if len(os) == 0 {
		return nil, Errorf(ENOTFOUND, "No one-to-one has that message.")
	}
	return &os[0], nil
}
