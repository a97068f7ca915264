package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
)

// Opting out in the simulated month: after `/one-to-one optout` the bot
// sends that person nothing they did not ask for (models.MayContact). The
// requests waiting for their answer close as declined, each organizer told
// kindly in the thread of their request; meetings they agreed stay on; and
// whoever acts towards them later is told that it was not passed on.

// notPassedOn is the heart of what the bot tells someone whose news did
// not reach the other person because that person opted out.
const notPassedOn = "has asked not to get messages from me, so I didn't pass this on"

// optedOutNote is the heart of what an organizer hears when an opt-out
// closed their request.
const optedOutNote = "has asked not to receive one-to-one requests through me for now, so I've closed your request"

// event is who did something to a one-to-one, and when.
type event struct {
	by string
	at time.Time
}

// optOut has someone ask the bot for silence: often someone a request is
// waiting on (a request is what makes many people decide), or someone with
// a meeting ahead, else anyone. The requests waiting for their answer
// close, and each organizer hears why; meetings stay on.
func (s *sim) optOut() {
	m := s.members[s.rng.IntN(len(s.members))]
	var with []string
	switch r := s.rng.Float64(); {
	case r < 0.3:
		with = s.people("invitee_id", models.StatusRequested)
	case r < 0.5:
		with = s.people("requester_id", models.StatusRequested)
	case r < 0.8:
		with = s.people("invitee_id", models.StatusScheduled)
		with = append(with, s.people("requester_id", models.StatusScheduled)...)
	}
	if len(with) > 0 {
		m = s.byID[with[s.rng.IntN(len(with))]]
	}
	if m.optedOut {
		return
	}
	var waiting []models.OneToOne
	if err := s.w.store.DB().Where("invitee_id = ? AND status = ?", m.id, models.StatusRequested).Order("id").Find(&waiting).Error; err != nil {
		s.t.Fatal(err)
	}
	before := map[string]int{}
	for _, o := range waiting {
		before[string(o.RequesterID)] = s.dmCount(string(o.RequesterID))
	}
	m.optedOut, m.outSince = true, s.now()
	s.figures["opt-outs"]++
	// They hear, in the answer, what became of the requests waiting on
	// them.
	answer := s.w.command(m.id, "optout")
	closed := map[bool]string{true: "I closed the request that was waiting for your answer", false: fmt.Sprintf("I closed the %d requests", len(waiting))}[len(waiting) == 1]
	if len(waiting) > 0 && !strings.Contains(answer, closed) {
		s.t.Fatalf("%s opted out with %d requests waiting on them, and heard %q", m.id, len(waiting), answer)
	}
	for _, o := range waiting {
		req := string(o.RequesterID)
		if got := s.oneToOne(o.ID); got.Status != models.StatusDeclined || got.ClosedBy != models.UserID(m.id) {
			s.t.Fatalf("one-to-one %d waited for %s's answer, and after their opt-out it is %s (closed by %q)", o.ID, m.id, got.Status, got.ClosedBy)
		}
		s.closedByOptOut[o.ID] = true
		s.figures["requests closed by an opt-out"]++
		// Organizers hear in turn; one who opted out too hears nothing.
		if !s.byID[req].optedOut {
			s.w.waitFor(fmt.Sprintf("one-to-one %d: %s told that %s opted out", o.ID, req, m.id), func() bool {
				return s.newDMWith(req, before, optedOutNote)
			})
		}
		s.attribute(o.ID, req)
	}
	if got := s.w.fake.DMsFrom(m.id, s.seen[m.id]); len(got) > 0 {
		s.t.Fatalf("%s opted out and got a message: %q", m.id, got[0].Text)
	}
}

// people are the requesters or invitees (column) of the one-to-ones in
// this state, in a fixed order.
func (s *sim) people(column string, st models.Status) []string {
	var ids []string
	if err := s.w.store.DB().Model(&models.OneToOne{}).Where("status = ?", st).Order("id").Pluck(column, &ids).Error; err != nil {
		s.t.Fatal(err)
	}
	return ids
}

// passedOn waits until what actor just did reached other in a new message,
// or, when other opted out, until actor heard from the bot that it was not
// passed on. before holds both people's message counts from before.
func (s *sim) passedOn(what, actor, other string, before map[string]int) {
	s.t.Helper()
	if s.byID[other].optedOut {
		s.w.waitFor(what+": "+other+" not told"+s.unless(other), func() bool {
			return s.newDMWith(actor, before, notPassedOn)
		})
		s.notPassedOn(other, before)
		return
	}
	s.w.waitFor(what+": "+other+" told", func() bool { return s.dmCount(other) > before[other] })
}

// unless says, in what a wait is for, that other opted out, so what is
// awaited is the bot's word to the person acting that it didn't pass their
// news on.
func (s *sim) unless(other string) string {
	if !s.byID[other].optedOut {
		return ""
	}
	return " (" + other + " opted out: the one acting told it was not passed on)"
}

// notPassedOn counts news that did not reach other, when they opted out,
// and fails if anything did.
func (s *sim) notPassedOn(other string, before map[string]int) {
	if !s.byID[other].optedOut {
		return
	}
	if got := s.w.fake.DMsFrom(other, before[other]); len(got) > 0 {
		s.t.Fatalf("%s opted out and got a message about what someone else did: %q", other, got[0].Text)
	}
	s.figures["news not passed on: the other person had opted out"]++
}

// counts is how many messages each of these people has had so far.
func (s *sim) counts(users ...string) map[string]int {
	n := map[string]int{}
	for _, u := range users {
		n[u] = s.dmCount(u)
	}
	return n
}

// newDMWith reports whether user has a message holding text among those
// that arrived after the first before[user].
func (s *sim) newDMWith(user string, before map[string]int, text string) bool {
	for _, m := range s.w.fake.DMsFrom(user, before[user]) {
		if strings.Contains(m.Text, text) {
			return true
		}
	}
	return false
}
