package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
)

// check looks at what Slack received over the month and asserts the three
// promises, after logging the month's figures.
func (s *sim) check() {
	t := s.t
	// Every DM must have been attributed to an action or a scheduled send;
	// one that arrived unseen would escape the checks below.
	var stray []string
	for _, m := range s.members {
		for _, msg := range s.w.fake.DMsFrom(m.id, s.seen[m.id]) {
			stray = append(stray, fmt.Sprintf("%s: %q", m.id, msg.Text))
		}
	}

	// Edits of each person's messages: retiring a closed request's buttons
	// shows them what happened.
	type edit struct {
		user string
		at   time.Time
	}
	edits := map[models.OneToOneID][]edit{}
	quietEnds := 0
	for _, c := range s.w.fake.Calls("chat.update") {
		ch, _ := c.Params["channel"].(string)
		ts, _ := c.Params["ts"].(string)
		user := strings.TrimPrefix(ch, "D")
		if id, ok := s.about[user][ts]; ok && c.Error == "" {
			edits[id] = append(edits[id], edit{user, c.At})
		}
	}
	posts := map[models.OneToOneID][]message{}
	for _, m := range s.received {
		posts[m.o] = append(posts[m.o], m)
	}
	postedAfter := func(id models.OneToOneID, u string, at time.Time) bool {
		return slices.ContainsFunc(posts[id], func(m message) bool { return m.user == u && !m.at.Before(at) })
	}
	editedAfter := func(id models.OneToOneID, u string, at time.Time) bool {
		return slices.ContainsFunc(edits[id], func(e edit) bool { return e.user == u && !e.at.Before(at) })
	}

	// quiet reports whether u, not told how o ended (at end, by whom),
	// had asked the bot for silence before: then by design the bot tells
	// them nothing, and whoever acted towards them was told so. Nobody
	// acted towards u when the request expired, or when the other
	// person's opt-out closed it.
	quiet := func(o models.OneToOne, u string, end event) bool {
		m := s.byID[u]
		switch {
		case !m.optedOut || m.outSince.After(end.at) || end.by == u:
			return false
		case end.by == "" || s.closedByOptOut[o.ID]:
			return true
		}
		return slices.ContainsFunc(posts[o.ID], func(msg message) bool {
			return msg.user == end.by && !msg.at.Before(end.at) && strings.Contains(msg.text, notPassedOn)
		})
	}

	var os []models.OneToOne
	if err := s.w.store.DB().Order("id").Find(&os).Error; err != nil {
		t.Fatal(err)
	}
	var untold, open []string
	ends := map[models.Status]int{}
	for _, o := range os {
		ends[o.Status]++
		req, inv := string(o.RequesterID), string(o.InviteeID)
		told := map[string]bool{}
		var end event
		switch o.Status {
		case models.StatusDeclined, models.StatusCancelled, models.StatusExpired:
			// The one who closed it sees it closed; the other is told
			// in a new message (an organizer whose request an opt-out
			// closed, in the thread of the request). Nobody closed an
			// expired request: the requester gets the note, and the
			// person asked, who never answered, sees the invitation
			// closed (no new message, which would be one more they
			// didn't ask for).
			end = event{by: string(o.ClosedBy), at: o.UpdatedAt}
			actor := end.by
			if o.Status == models.StatusExpired {
				actor = inv
			}
			for _, u := range []string{req, inv} {
				told[u] = postedAfter(o.ID, u, end.at) || (u == actor && editedAfter(o.ID, u, end.at))
			}
			if o.Status == models.StatusCancelled && end.by == req && s.byID[req].optedOut && !s.byID[req].outSince.After(end.at) {
				// The requester's opt-out withdrew it: the invitation
				// says so in place, with no new message.
				told[inv] = told[inv] || editedAfter(o.ID, inv, end.at)
			}
			if s.closedByOptOut[o.ID] {
				told[req] = slices.ContainsFunc(posts[o.ID], func(m message) bool {
					return m.user == req && !m.at.Before(end.at) && strings.Contains(m.text, optedOutNote)
				})
			}
		case models.StatusScheduled, models.StatusHeld, models.StatusReflected:
			// Both were told the time the meeting finally had.
			end = s.picked[o.ID]
			when := fmt.Sprintf("<!date^%d^", o.ScheduledAt.Unix())
			for _, u := range []string{req, inv} {
				told[u] = slices.ContainsFunc(posts[o.ID], func(m message) bool { return m.user == u && strings.Contains(m.text, when) })
			}
		default:
			open = append(open, fmt.Sprintf("one-to-one %d is still %s", o.ID, o.Status))
			continue
		}
		for _, u := range []string{req, inv} {
			switch {
			case told[u]:
			case quiet(o, u, end):
				quietEnds++
			default:
				untold = append(untold, fmt.Sprintf("one-to-one %d ended %s, and %s was not told", o.ID, o.Status, u))
			}
		}
	}

	maxUnasked, atLimit, unaskedDMs := 0, 0, 0
	var over []string
	limit := models.DefaultUnaskedPerWeek
	for u, weeks := range s.unasked {
		for week, n := range weeks {
			unaskedDMs += n
			maxUnasked = max(maxUnasked, n)
			if n == limit {
				atLimit++
			}
			if n > limit {
				over = append(over, fmt.Sprintf("%s got %d unasked messages in the week of %s", u, n, week))
			}
		}
	}
	dms := 0
	for _, m := range s.members {
		dms += s.seen[m.id]
	}

	t.Logf("a simulated month: %d members in %d timezones, %v of activity and %v winding down, seed %d",
		simMembers, len(simZones), simActive, simWindDown, simSeed)
	for _, k := range slices.Sorted(maps.Keys(s.figures)) {
		t.Logf("  %-58s %5d", k, s.figures[k])
	}
	for _, st := range []models.Status{models.StatusReflected, models.StatusScheduled, models.StatusDeclined, models.StatusCancelled, models.StatusExpired} {
		t.Logf("  %-58s %5d", "requests ended "+string(st), ends[st])
	}
	for _, f := range []struct {
		what string
		n    int
	}{
		{"DMs sent", dms},
		{"unasked DMs (nudges, reminders from others, expiry notes)", unaskedDMs},
		{"unasked DMs put off to the recipient's next week", len(s.deferred)},
		{"person-weeks at the budget of " + fmt.Sprint(limit), atLimit},
		{"max unasked DMs in one person-week", maxUnasked},
		{"scheduled DMs outside the recipient's delivery hours", len(s.outside)},
		{"scheduled DMs to people who had opted out", len(s.unwanted)},
		{"people not told how a request ended, as they opted out", quietEnds},
		{"requests whose two people were not both told how it ended", len(untold)},
		{"requests still open", len(open)},
		{"DMs nobody could attribute", len(stray)},
	} {
		t.Logf("  %-58s %5d", f.what, f.n)
	}

	for _, list := range [][]string{s.outside, s.unwanted, over, untold, open, stray} {
		for i, line := range list {
			if i == 10 {
				t.Errorf("... and %d more", len(list)-10)
				break
			}
			t.Error(line)
		}
	}
	// The month must have exercised what it checks.
	for what, least := range map[string]int{"requests": 120, "times picked": 60, "declines": 15, "cancellations": 5,
		"no-shows": 5, "reflections": 30, "reflections by the person asked": 10, "opt-outs": 5, "Remind them: sent": 5,
		"requests closed by an opt-out": 3, "news not passed on: the other person had opted out": 1} {
		if s.figures[what] < least {
			t.Errorf("only %d %s in the month; the simulation no longer exercises them", s.figures[what], what)
		}
	}
	if ends[models.StatusExpired] == 0 || len(s.deferred) == 0 || s.figures[heldBack] == 0 || atLimit == 0 {
		t.Errorf("the month never expired a request (%d), put off a scheduled message (%d), refused a reminder (%d) or filled a week (%d)",
			ends[models.StatusExpired], len(s.deferred), s.figures[heldBack], atLimit)
	}
}
