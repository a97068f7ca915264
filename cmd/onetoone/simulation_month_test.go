package main

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
)

// The simulated month: 200 members across eleven timezones use the bot for
// four weeks, the clock moving three hours at a time, while the scheduler
// does its work; then seventeen quiet days let every request end. People ask,
// answer, decline, cancel, miss meetings, reflect, press "Remind them" and
// opt out at random (a fixed seed makes every run the same). The test
// watches only what Slack received and checks the three promises:
//
//   - no scheduled DM reaches anyone outside their delivery hours;
//   - nobody gets more unasked messages in one of their weeks than the
//     budget allows;
//   - every request ends in a state its two people were told about.
const (
	simMembers = 200
	simSeed    = 12
	// The clock moves three hours at a time, six once the month is over:
	// the scheduler runs less often than in production (every minute),
	// which only makes deliveries a little later, never earlier or
	// outside hours (three or four runs fall in each person's ten).
	simStep      = 3 * time.Hour
	simQuietStep = 6 * time.Hour
	simActive    = 28 * 24 * time.Hour
	simWindDown  = 17 * 24 * time.Hour
	// simAsks is how likely each of three members drawn every step is to
	// ask someone, when awake: about 200 requests in the month.
	simAsks = 0.45
	// simPopular members are asked twenty-five times as often as the others,
	// as organizing leaders are: their weeks fill up.
	simPopular = 25
	// The scheduler's delays, shortened so that nudges and expiries
	// happen inside the month.
	simNudgeAfter  = 4 * 24 * time.Hour
	simExpireAfter = 10 * 24 * time.Hour
)

// simStart is a Monday in October: Europe leaves daylight time on the
// 25th and North America on November 1st, inside the month.
var simStart = time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC)

var simZones = []string{"America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London",
	"Europe/Paris", "Africa/Lagos", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"}

// simUnasked is the test's own list of what a person did not ask for
// (README, "At most three messages a week nobody asked for"), kept apart
// from the bot's so that a kind dropped from the bot's list shows here.
var simUnasked = map[string]bool{
	models.KindNudgeRequester: true, models.KindNudgeInvitee: true, models.KindExpired: true, models.KindReflectionReminder: true,
}

// heldBack names the figure of "Remind them" clicks the budget refused.
const heldBack = "Remind them: held back by the budget, the organizer told"

func TestSimulatedMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("a month of a 200-member group takes a while")
	}
	clock := storetest.NewClock(simStart)
	// Postgres when there is one: under the race detector the pure-Go
	// SQLite driver's pointer checks triple the run time.
	var store *models.Store
	if os.Getenv(storetest.PostgresEnv) != "" {
		store = storetest.MustPostgres(t, clock.Now)
	} else {
		store = storetest.MustSQLite(t, clock.Now)
	}
	t.Logf("on %s", store.Dialect())
	s := newSim(t, store, clock)
	s.run()
	s.check()
}

// member is one simulated person.
type member struct {
	id       string
	loc      *time.Location
	weight   int // how often they are asked, relative to others
	optedOut bool
	outSince time.Time // when they opted out
}

// message is one message a person received, as the test attributed it.
type message struct {
	user, ts string
	o        models.OneToOneID
	at       time.Time
	text     string
}

type simAction struct {
	at  time.Time
	seq int
	do  func()
}

type sim struct {
	t       *testing.T
	w       *world
	rng     *rand.Rand
	hours   scheduler.Hours
	members []*member
	byID    map[string]*member
	weights int // the members' weights, summed

	agenda []simAction
	seq    int

	seen     map[string]int                          // messages of each DM already attributed
	about    map[string]map[string]models.OneToOneID // user → message ts → one-to-one
	at       map[string]map[models.OneToOneID][]int  // user → one-to-one → positions in the DM
	received []message                               // every message to a person
	unasked  map[string]map[string]int               // user → week → unasked messages
	deferred map[int64]bool                          // deliveries the budget put off
	sentSeen int                                     // sends of the scheduler attributed
	outside  []string                                // scheduled DMs outside delivery hours
	unwanted []string                                // scheduled DMs to people who opted out
	figures  map[string]int                          // what happened, for the log

	picked         map[models.OneToOneID]event // who picked each one-to-one's latest time, when
	closedByOptOut map[models.OneToOneID]bool  // requests an opt-out closed
}

func newSim(t *testing.T, store *models.Store, clock *storetest.Clock) *sim {
	s := &sim{
		t: t, rng: rand.New(rand.NewPCG(simSeed, simSeed)), hours: scheduler.DefaultHours, byID: map[string]*member{},
		seen: map[string]int{}, about: map[string]map[string]models.OneToOneID{}, at: map[string]map[models.OneToOneID][]int{}, unasked: map[string]map[string]int{},
		deferred: map[int64]bool{}, figures: map[string]int{}, picked: map[models.OneToOneID]event{}, closedByOptOut: map[models.OneToOneID]bool{},
	}
	var users []slack.User
	for i := range simMembers {
		zone := simZones[i%len(simZones)]
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		m := &member{id: fmt.Sprintf("UM%03d", i), loc: loc, weight: 1}
		if i%20 == 0 {
			m.weight = simPopular
		}
		s.weights += m.weight
		s.members = append(s.members, m)
		s.byID[m.id] = m
		s.about[m.id] = map[string]models.OneToOneID{}
		s.at[m.id] = map[models.OneToOneID][]int{}
		users = append(users, slack.User{ID: m.id, Name: strings.ToLower(m.id), RealName: "Member " + m.id[2:], TZ: zone})
	}
	s.w = newWorld(t, store, clock, users, func(c *scheduler.Config) {
		c.NudgeAfter, c.ExpireAfter = simNudgeAfter, simExpireAfter
	})
	return s
}

func (s *sim) now() time.Time { return s.w.clock.Now() }

// later puts an action on the agenda.
func (s *sim) later(d time.Duration, do func()) {
	s.seq++
	a := simAction{at: s.now().Add(d), seq: s.seq, do: do}
	i, _ := slices.BinarySearchFunc(s.agenda, a, func(x, y simAction) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return x.seq - y.seq
	})
	s.agenda = slices.Insert(s.agenda, i, a)
}

func (s *sim) active() bool { return s.now().Before(simStart.Add(simActive)) }

func (s *sim) chance(p float64) bool { return s.rng.Float64() < p }

func (s *sim) hoursLater(lo, hi int) time.Duration {
	return time.Duration(lo+s.rng.IntN(hi-lo+1)) * time.Hour
}

// run moves the clock a step at a time: people act, then the scheduler.
func (s *sim) run() {
	end := simStart.Add(simActive + simWindDown)
	optOuts := map[int]bool{}
	for len(optOuts) < 12 {
		optOuts[s.rng.IntN(int(simActive/simStep))] = true
	}
	for step := 0; s.now().Before(end); step++ {
		if step > 0 {
			s.w.clock.Advance(map[bool]time.Duration{true: simStep, false: simQuietStep}[s.active()])
		}
		if s.active() {
			for range 3 {
				if s.chance(simAsks) {
					s.request()
				}
			}
			if optOuts[step] {
				s.optOut()
			}
		}
		for len(s.agenda) > 0 && !s.agenda[0].at.After(s.now()) {
			a := s.agenda[0]
			s.agenda = s.agenda[1:]
			a.do()
		}
		s.w.runJobs()
		s.scheduled()
	}
}

// awake reports whether it is daytime for m, when people use Slack.
func (s *sim) awake(m *member) bool {
	h := s.now().In(m.loc).Hour()
	return h >= 8 && h < 22
}

// pick chooses someone to ask, by weight.
func (s *sim) pick(not *member) *member {
	for {
		r := s.rng.IntN(s.weights)
		for _, m := range s.members {
			if r -= m.weight; r < 0 {
				if m != not {
					return m
				}
				break
			}
		}
	}
}

func (s *sim) oneToOne(id models.OneToOneID) *models.OneToOne {
	s.t.Helper()
	o, err := s.w.store.OneToOne(s.w.ctx, id)
	if err != nil {
		s.t.Fatalf("one-to-one %d: %v", id, err)
	}
	return o
}

// button finds the newest message user has about id with this button, as
// it stands now.
func (s *sim) button(user string, id models.OneToOneID, label string) (slacktest.Message, bool) {
	at := s.at[user][id]
	if len(at) == 0 {
		return slacktest.Message{}, false
	}
	dms := s.w.fake.DMsFrom(user, at[0])
	for i := len(at) - 1; i >= 0; i-- {
		if m := dms[at[i]-at[0]]; hasButton(m, label, id) {
			return m, true
		}
	}
	return slacktest.Message{}, false
}

func hasButton(m slacktest.Message, label string, id models.OneToOneID) bool {
	for _, b := range m.Blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.Text.Text == label && btn.Value == id.String() {
					return true
				}
			}
		}
	}
	return false
}

// dmCount is how many messages the bot has posted to user so far.
func (s *sim) dmCount(user string) int {
	return s.seen[user] + len(s.w.fake.DMsFrom(user, s.seen[user]))
}

// attribute files every message that reached these people since the test
// last looked under one-to-one id: they are what an action on it caused.
func (s *sim) attribute(id models.OneToOneID, users ...string) {
	for _, u := range users {
		for _, m := range s.w.fake.DMsFrom(u, s.seen[u]) {
			s.file(u, m, id)
		}
	}
}

func (s *sim) file(u string, m slacktest.Message, id models.OneToOneID) {
	s.at[u][id] = append(s.at[u][id], s.seen[u])
	s.seen[u]++
	s.about[u][m.TS] = id
	s.received = append(s.received, message{user: u, ts: m.TS, o: id, at: s.now(), text: m.Text})
}

// scheduled files what the scheduler sent in this step, checks each
// message's hour, counts the unasked ones, and lets people react.
func (s *sim) scheduled() {
	sent := s.w.sent.from(s.sentSeen)
	s.sentSeen += len(sent)
	by := map[string][]sentMessage{}
	for _, m := range sent {
		by[m.Recipient] = append(by[m.Recipient], m)
	}
	// In a fixed order, so that people's reactions draw the same numbers
	// on every run.
	for _, u := range slices.Sorted(maps.Keys(by)) {
		ms := by[u]
		got := s.w.fake.DMsFrom(u, s.seen[u])
		if len(got) != len(ms) {
			s.t.Fatalf("%s: the scheduler sent %d messages and %d arrived", u, len(ms), len(got))
		}
		for i, m := range ms {
			id, _ := m.Subject.OneToOne()
			s.file(u, got[i], id)
			s.figures["scheduled DMs"]++
			loc := s.byID[u].loc
			if !s.hours.Contains(m.At, loc) {
				s.outside = append(s.outside, fmt.Sprintf("%s to %s at %s", m.Kind, u, m.At.In(loc).Format("Mon 15:04 MST")))
			}
			if s.byID[u].optedOut {
				s.unwanted = append(s.unwanted, fmt.Sprintf("%s to %s, who opted out on %s", m.Kind, u, s.byID[u].outSince.Format(time.DateTime)))
			}
			if simUnasked[m.Kind] {
				s.count(u, 1)
			}
			s.react(m, id)
		}
	}
	var ids []int64
	s.w.store.DB().Model(&models.Delivery{}).Where("state = ? AND last_error LIKE ?", models.DeliveryPending, "%waits for next week%").Pluck("id", &ids)
	for _, id := range ids {
		s.deferred[id] = true
	}
}

// count notes n unasked messages to u now, in u's own week.
func (s *sim) count(u string, n int) {
	week := models.WeekOf(s.now(), s.byID[u].loc).Key()
	if s.unasked[u] == nil {
		s.unasked[u] = map[string]int{}
	}
	s.unasked[u][week] += n
}

// react decides what the person does about a scheduled message.
func (s *sim) react(m sentMessage, id models.OneToOneID) {
	who := s.byID[m.Recipient]
	switch m.Kind {
	case models.KindNudgeInvitee:
		s.answerLater(id, who, 0.35, 0.25)
	case models.KindNudgeRequester:
		switch r := s.rng.Float64(); {
		case r < 0.5:
			s.later(s.hoursLater(0, 30), func() { s.remind(id, who) })
		case r < 0.6:
			s.later(s.hoursLater(0, 30), func() { s.cancel(id, who) })
		}
	case models.KindReflectionPrompt:
		switch r := s.rng.Float64(); {
		case r < 0.55:
			s.later(s.hoursLater(0, 30), func() { s.reflect(id, who) })
		case r < 0.7 && s.active():
			s.later(s.hoursLater(0, 30), func() { s.noShow(id, who) })
		}
	case models.KindReflectionReminder:
		if s.chance(0.5) {
			s.later(s.hoursLater(0, 30), func() { s.reflect(id, who) })
		}
	}
}
