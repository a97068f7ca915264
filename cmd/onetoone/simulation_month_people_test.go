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
	answer := s.w.command(req.id, fmt.Sprintf("<@%s> I'd love to hear what brought you here. Coffee?", inv.id))
	o := s.newest(req.id, inv.id, before)
	if o == nil {
		switch {
		case strings.Contains(answer, "You've asked me not to message you"):
			s.figures["requests refused: the asker had opted out"]++
		case strings.Contains(answer, "has asked not to receive one-to-one requests"):
			s.figures["requests refused: the person asked had opted out"]++
		default:
			s.figures["requests refused: one already open between the two"]++
		}
		return
	}
	if req.optedOut || inv.optedOut {
		s.t.Fatalf("%s asked %s for one-to-one %d, though one of them opted out", req.id, inv.id, o.ID)
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
func (s *sim) answerLater(id models.OneToOneID, inv *member, pick, decline float64) {
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

func (s *sim) lastID() models.OneToOneID {
	var id models.OneToOneID
	s.w.store.DB().Model(&models.OneToOne{}).Select("COALESCE(MAX(id), 0)").Scan(&id)
	return id
}

// newest is the request req just made of inv, if the bot made one.
func (s *sim) newest(req, inv string, after models.OneToOneID) *models.OneToOne {
	var os []models.OneToOne
	s.w.store.DB().Where("id > ? AND requester_id = ? AND invitee_id = ?", after, req, inv).Find(&os)
	if len(os) == 0 {
		return nil
	}
	return &os[0]
}

// pickTime has who open the schedule modal from their newest message about
// the one-to-one and pick a time in their own afternoon, a few days on.
func (s *sim) pickTime(id models.OneToOneID, who *member) {
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
	me := models.UserID(who.id)
	other := string(o.Other(me))
	before := s.counts(who.id, other)
	_, mine := o.LiveMessage(me)
	_, theirs := o.LiveMessage(models.UserID(other))
	s.w.submit(who.id, map[string]string{"When": strconv.FormatInt(at.Unix(), 10), "How long": "45"})
	// Both hear of the time, or the one who picked it hears that the
	// other asked not to be contacted; the new messages become the live
	// ones, recorded last.
	s.w.waitFor(fmt.Sprintf("one-to-one %d: the time %s picked announced to both%s", id, who.id, s.unless(other)), func() bool {
		got := s.oneToOne(id)
		if _, ts := got.LiveMessage(me); got.Status != models.StatusScheduled || ts == mine {
			return false
		}
		if s.byID[other].optedOut {
			return s.newDMWith(who.id, before, notPassedOn)
		}
		_, ts := got.LiveMessage(models.UserID(other))
		return s.dmCount(other) > before[other] && ts != theirs
	})
	s.notPassedOn(other, before)
	s.attribute(id, who.id, other)
	s.picked[id] = event{by: who.id, at: s.now()}
	s.figures["times picked"]++
}

// decline has the person asked say "Not now", sometimes with a word.
func (s *sim) decline(id models.OneToOneID, inv *member) {
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
	before := s.counts(inv.id, req)
	s.w.submit(inv.id, map[string]string{"Anything you'd like them to know?": word})
	s.passedOn(fmt.Sprintf("one-to-one %d: the decline", id), inv.id, req, before)
	s.attribute(id, inv.id, req)
	s.figures["declines"]++
}

// cancel has the requester call it off, before or after a time was set,
// in the small window that asks for an optional word.
func (s *sim) cancel(id models.OneToOneID, req *member) {
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
	other := string(o.Other(models.UserID(req.id)))
	s.w.clickIn(req.id, m, label)
	s.w.waitModal(req.id, "cancel")
	word := ""
	if s.chance(0.5) {
		word = "Something came up at work. Could we find another time?"
	}
	before := s.counts(req.id, other)
	s.w.submit(req.id, map[string]string{"Anything you'd like them to know?": word})
	s.passedOn(fmt.Sprintf("one-to-one %d: the cancellation", id), req.id, other, before)
	s.attribute(id, req.id, other)
	s.figures["cancellations"]++
}

// remind has the requester press "Remind them" on their nudge.
func (s *sim) remind(id models.OneToOneID, req *member) {
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
	s.w.waitFor(fmt.Sprintf("one-to-one %d: the answer to Remind them", id), func() bool {
		eph := s.w.fake.Ephemerals(req.id)
		if len(eph) > before {
			answer = eph[before].Text
		}
		return len(eph) > before
	})
	switch got := s.w.fake.DMsFrom(inv, s.seen[inv]); {
	case len(got) > 0:
		if s.byID[inv].optedOut {
			s.t.Fatalf("one-to-one %d: Remind them reached %s, who opted out", id, inv)
		}
		s.figures["Remind them: sent"]++
		s.count(inv, len(got))
	case strings.Contains(answer, "already sent them a reminder today"):
		s.figures["Remind them: they were reminded that day already"]++
	case strings.Contains(answer, "as many as your group allows"):
		s.figures[heldBack]++
	case strings.Contains(answer, "has asked not to receive one-to-one requests or reminders"):
		s.figures["Remind them: they had opted out, the organizer told"]++
	default:
		s.t.Fatalf("one-to-one %d: Remind them neither reached %s nor said why: %q", id, inv, answer)
	}
	s.attribute(id, inv)
}

// reflect has one of the two write their own line about the meeting.
func (s *sim) reflect(id models.OneToOneID, who *member) {
	o := s.oneToOne(id)
	switch o.Status {
	case models.StatusScheduled, models.StatusHeld, models.StatusReflected:
	default:
		return
	}
	if o.ScheduledAt == nil || o.ScheduledAt.After(s.now()) || s.reflected(id, who.id) {
		return // a meeting moved since the prompt, or written about already
	}
	m, ok := s.button(who.id, id, "Reflect")
	if !ok {
		return
	}
	s.w.clickIn(who.id, m, "Reflect")
	s.w.waitModal(who.id, "reflect")
	answers := map[string]string{models.SectionQuestions[0].Prompt: "We both grew up near the river."}
	if s.chance(0.3) {
		// A follow-up a few days on: a message they asked for.
		day := s.now().In(who.loc).AddDate(0, 0, 2+s.rng.IntN(5))
		answers["When should I remind you to follow up?"] = day.Format(time.DateOnly)
		s.figures["follow-ups asked for"]++
	}
	s.w.submit(who.id, answers)
	s.w.waitFor(fmt.Sprintf("one-to-one %d: %s's reflection saved", id, who.id), func() bool {
		return s.oneToOne(id).Status == models.StatusReflected && s.reflected(id, who.id)
	})
	if _, err := s.w.fake.CloseView(s.w.ctx, who.id); err != nil {
		s.t.Fatal(err)
	}
	s.figures["reflections"]++
	if models.UserID(who.id) == o.InviteeID {
		s.figures["reflections by the person asked"]++
	}
}

func (s *sim) reflected(id models.OneToOneID, who string) bool {
	done, err := s.w.store.HasReflected(s.w.ctx, id, models.UserID(who))
	if err != nil {
		s.t.Fatal(err)
	}
	return done
}

// noShow has one of the two say the meeting didn't happen; it reopens as
// a request, and the other hears it, unless they opted out.
func (s *sim) noShow(id models.OneToOneID, who *member) {
	o := s.oneToOne(id)
	if o.Status != models.StatusScheduled && o.Status != models.StatusHeld || o.ScheduledAt.After(s.now()) {
		return // a meeting moved since the prompt is not missed
	}
	m, ok := s.button(who.id, id, "It didn't happen")
	if !ok {
		return
	}
	me := models.UserID(who.id)
	other := string(o.Other(me))
	before := s.counts(who.id, other)
	_, theirs := o.LiveMessage(models.UserID(other))
	s.w.clickIn(who.id, m, "It didn't happen")
	// The message clicked becomes the clicker's live one, recorded last.
	s.w.waitFor(fmt.Sprintf("one-to-one %d reopened, and %s told it didn't happen%s", id, other, s.unless(other)), func() bool {
		got := s.oneToOne(id)
		if _, ts := got.LiveMessage(me); got.Status != models.StatusRequested || ts != m.TS {
			return false
		}
		if s.byID[other].optedOut {
			return s.newDMWith(who.id, before, notPassedOn)
		}
		_, ts := got.LiveMessage(models.UserID(other))
		return s.dmCount(other) > before[other] && ts != theirs
	})
	s.notPassedOn(other, before)
	s.attribute(id, who.id, other)
	s.figures["no-shows"]++
	if me == o.InviteeID {
		s.figures["no-shows said by the person asked"]++
	}
	if s.byID[other].optedOut {
		s.answerLater(id, who, 0.4, 0)
	} else {
		s.answerLater(id, s.byID[other], 0.4, 0.2)
	}
}
