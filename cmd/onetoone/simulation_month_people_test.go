package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
)

// What the simulated people do, each through Slack as a person would: a
// command, a click on a button of a message they received, a modal filled
// in. Each waits for what the bot does in answer, then files the messages
// it caused under the one-to-one they are about.

// request has someone awake ask someone else for a one-to-one.
func (s *sim) request() {
	req := s.members[s.rng.IntN(len(s.members))]
	if !s.awake(req) {
		return
	}
	inv := s.pick(req)
	before := s.lastID()
	s.w.command(req.id, fmt.Sprintf("<@%s> I'd love to hear what brought you here. Coffee?", inv.id))
	o := s.newest(req.id, inv.id, before)
	if o == nil {
		s.figures["requests refused or already open"]++
		return
	}
	s.figures["requests"]++
	s.attribute(o.ID, req.id, inv.id)
	if inv.weight > 1 {
		s.answerLater(o.ID, inv, 0.35, 0.1) // busy leaders leave more unanswered
	} else {
		s.answerLater(o.ID, inv, 0.55, 0.15)
	}
	if s.chance(0.05) {
		s.later(s.hoursLater(2, 96), func() { s.cancel(o.ID, req) })
	}
}

// answerLater decides, at random, how the person asked will answer.
func (s *sim) answerLater(id int64, inv *member, pick, decline float64) {
	if !s.active() {
		return
	}
	switch r := s.rng.Float64(); {
	case r < pick:
		s.later(s.hoursLater(1, 60), func() { s.pickTime(id, inv) })
	case r < pick+decline:
		s.later(s.hoursLater(1, 60), func() { s.decline(id, inv) })
	}
}

func (s *sim) optOut() {
	m := s.members[s.rng.IntN(len(s.members))]
	if m.optedOut {
		return
	}
	m.optedOut = true
	s.figures["opt-outs"]++
	s.w.command(m.id, "optout")
}

func (s *sim) lastID() int64 {
	var id int64
	s.w.store.DB().Model(&models.OneToOne{}).Select("COALESCE(MAX(id), 0)").Scan(&id)
	return id
}

// newest is the request req just made of inv, if the bot made one.
func (s *sim) newest(req, inv string, after int64) *models.OneToOne {
	var os []models.OneToOne
	s.w.store.DB().Where("id > ? AND requester_id = ? AND invitee_id = ?", after, req, inv).Find(&os)
	if len(os) == 0 {
		return nil
	}
	return &os[0]
}

// pickTime has who open the schedule modal from their newest message about
// the one-to-one and pick a time in their own afternoon, a few days on.
func (s *sim) pickTime(id int64, who *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusRequested {
		return
	}
	m, ok := s.button(who.id, id, "Pick a time")
	if !ok {
		return
	}
	s.w.clickIn(who.id, m, "Pick a time")
	s.w.waitModal(who.id, "schedule")
	day := s.now().In(who.loc).AddDate(0, 0, 1+s.rng.IntN(6))
	at := time.Date(day.Year(), day.Month(), day.Day(), 10+s.rng.IntN(9), 0, 0, 0, who.loc)
	other := o.Other(models.UserID(who.id))
	inv, req := s.dmCount(string(o.InviteeID)), s.dmCount(string(o.RequesterID))
	s.w.submit(who.id, map[string]string{"When": strconv.FormatInt(at.Unix(), 10), "How long": "45"})
	// Both hear of the time; the new messages become the live ones.
	s.w.waitFor("the time announced to both", func() bool {
		got := s.oneToOne(id)
		return got.Status == models.StatusScheduled && s.dmCount(string(o.InviteeID)) > inv && s.dmCount(string(o.RequesterID)) > req &&
			got.InviteTS != o.InviteTS && got.RequesterTS != o.RequesterTS
	})
	s.attribute(id, who.id, string(other))
	s.figures["times picked"]++
}

// decline has the person asked say "Not now", sometimes with a word.
func (s *sim) decline(id int64, inv *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusRequested {
		return
	}
	m, ok := s.button(inv.id, id, "Not now")
	if !ok {
		return
	}
	s.w.clickIn(inv.id, m, "Not now")
	s.w.waitModal(inv.id, "decline")
	word := ""
	if s.chance(0.5) {
		word = "Busy until the spring, but ask me again!"
	}
	req := string(o.RequesterID)
	before := s.dmCount(req)
	s.w.submit(inv.id, map[string]string{"Anything you'd like them to know?": word})
	s.w.waitFor("the requester told of the decline", func() bool { return s.dmCount(req) > before })
	s.attribute(id, inv.id, req)
	s.figures["declines"]++
}

// cancel has the requester call it off, before or after a time was set.
func (s *sim) cancel(id int64, req *member) {
	o := s.oneToOne(id)
	if !o.IsOpen() {
		return
	}
	m, ok := s.button(req.id, id, "Cancel request")
	label := "Cancel request"
	if !ok {
		m, ok = s.button(req.id, id, "Cancel")
		label = "Cancel"
	}
	if !ok {
		return
	}
	other := string(o.InviteeID)
	before := s.dmCount(other)
	s.w.clickIn(req.id, m, label)
	// Cancelling may ask for an optional reason in a modal first: send it
	// empty.
	s.w.waitFor("the cancellation", func() bool {
		_, asked := s.w.fake.OpenView(req.id)
		return asked || s.dmCount(other) > before
	})
	if _, asked := s.w.fake.OpenView(req.id); asked {
		s.w.submit(req.id, nil)
	}
	s.w.waitFor("the other person told of the cancellation", func() bool { return s.dmCount(other) > before })
	s.attribute(id, req.id, other)
	s.figures["cancellations"]++
}

// remind has the requester press "Remind them" on their nudge.
func (s *sim) remind(id int64, req *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusRequested {
		return
	}
	m, ok := s.button(req.id, id, "Remind them")
	if !ok {
		return
	}
	inv := string(o.InviteeID)
	before := len(s.w.fake.Ephemerals(req.id))
	s.w.clickIn(req.id, m, "Remind them")
	var answer string
	s.w.waitFor("the requester answered", func() bool {
		eph := s.w.fake.Ephemerals(req.id)
		if len(eph) > before {
			answer = eph[before].Text
		}
		return len(eph) > before
	})
	switch got := s.w.fake.DMsFrom(inv, s.seen[inv]); {
	case len(got) > 0:
		s.figures["Remind them: sent"]++
		s.count(inv, len(got))
	case strings.Contains(answer, "already sent them a reminder today"):
		s.figures["Remind them: they were reminded that day already"]++
	case strings.Contains(answer, "as many as your group allows"):
		s.figures[heldBack]++
	default:
		s.figures["Remind them: not sent for another reason"]++
	}
	s.attribute(id, inv)
}

// reflect has the organizer write a line about the meeting.
func (s *sim) reflect(id int64, req *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusScheduled && o.Status != models.StatusHeld {
		return
	}
	m, ok := s.button(req.id, id, "Reflect")
	if !ok {
		return
	}
	s.w.clickIn(req.id, m, "Reflect")
	s.w.waitModal(req.id, "reflect")
	answers := map[string]string{models.Questions[0].Prompt: "We both grew up near the river."}
	if s.chance(0.3) {
		// A follow-up a few days on: a message they asked for.
		day := s.now().In(req.loc).AddDate(0, 0, 2+s.rng.IntN(5))
		answers["When should I remind you to follow up?"] = day.Format(time.DateOnly)
		s.figures["follow-ups asked for"]++
	}
	s.w.submit(req.id, answers)
	s.w.waitFor("the reflection saved", func() bool { return s.oneToOne(id).Status == models.StatusReflected })
	if _, err := s.w.fake.CloseView(s.w.ctx, req.id); err != nil {
		s.t.Fatal(err)
	}
	s.figures["reflections"]++
}

// noShow has the organizer say the meeting didn't happen; it reopens.
func (s *sim) noShow(id int64, req *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusScheduled {
		return
	}
	m, ok := s.button(req.id, id, "It didn't happen")
	if !ok {
		return
	}
	inv := string(o.InviteeID)
	before := s.dmCount(inv)
	s.w.clickIn(req.id, m, "It didn't happen")
	s.w.waitFor("the other person told it didn't happen", func() bool {
		got := s.oneToOne(id)
		return got.Status == models.StatusRequested && s.dmCount(inv) > before && got.InviteTS != o.InviteTS
	})
	s.attribute(id, req.id, inv)
	s.figures["no-shows"]++
	s.answerLater(id, s.byID[inv], 0.4, 0.2)
}
