package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// rosterPerson adds someone to the harness's group roster, as an import
// would.
func (h *harness) rosterPerson(p models.Person) models.Person {
	h.t.Helper()
	g, err := h.store.DefaultGroup(h.ctx, slacktest.TeamID)
	if err != nil {
		h.t.Fatal(err)
	}
	p.GroupID = g.ID
	if err := h.store.DB().Create(&p).Error; err != nil {
		h.t.Fatal(err)
	}
	return p
}

// replyBlocks types a command and returns the blocks of its ephemeral
// answer, as JSON.
func (h *harness) replyBlocks(user, text string) string {
	h.t.Helper()
	h.command(user, text)
	eph := h.fake.Ephemerals(user)
	if len(eph) == 0 {
		h.t.Fatalf("no answer to %q", text)
	}
	return blocksJSON(eph[len(eph)-1].Blocks)
}

// openAssignments lists the open assignments of the harness's store.
func (h *harness) openAssignments() []models.Assignment {
	h.t.Helper()
	var as []models.Assignment
	if err := h.store.DB().Where("ended_at IS NULL").Order("id").Find(&as).Error; err != nil {
		h.t.Fatal(err)
	}
	return as
}

func TestAssignByCommand(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "list") // Alex is known to the bot
		// None on the roster: added, then assigned.
		got := h.command(robin, `assign <@UALEX> "Maria Lopez" "met her at the rally"`)
		if !strings.Contains(got, "wasn't on the roster") || !strings.Contains(got, "<@UALEX>") {
			t.Fatalf("assign a new name = %q", got)
		}
		dm := h.waitDM(alex, "assigned you Maria Lopez")
		for _, b := range []string{"Ask", "Log", "Hand back"} {
			if !hasButton(dm, b) {
				t.Errorf("the DM lacks %q: %s", b, blocksJSON(dm.Blocks))
			}
		}
		if js := blocksJSON(dm.Blocks); !strings.Contains(js, "met her at the rally") || !strings.Contains(js, "Hand on…") {
			t.Errorf("the DM lacks the note or Hand on: %s", js)
		}
		if as := h.openAssignments(); len(as) != 1 || as[0].OrganizerID != alex || as[0].AssignedBy != robin {
			t.Fatalf("assignments = %+v", as)
		}
		// One match: assigned to Sam instead; Sam hears of it once.
		h.command(sam, "list")
		if got := h.command(robin, `assign <@USAM> "maria  lopez"`); !strings.Contains(got, "is assigned to <@USAM>") {
			t.Fatalf("assign one match = %q", got)
		}
		h.waitDM(sam, "assigned you Maria Lopez")
		// Several: listed, each with an Assign button.
		h.rosterPerson(models.Person{Name: "Dana Ruiz", Site: "Ward 3"})
		h.rosterPerson(models.Person{Name: "Dana Ruiz", Site: "Ward 4", Shift: "Night"})
		got = h.command(robin, `assign <@UALEX> "Dana Ruiz"`)
		if !strings.Contains(got, "Several people on the roster are called") {
			t.Fatalf("assign several = %q", got)
		}
		eph := h.fake.Ephemerals(robin)
		if js := blocksJSON(eph[len(eph)-1].Blocks); !strings.Contains(js, "Worksite: Ward 4 · Shift: Night") || strings.Count(js, "Assign this one") != 2 {
			t.Errorf("the choice lacks the roster fields or its buttons: %s", js)
		}
		if n := len(h.openAssignments()); n != 1 {
			t.Errorf("%d open assignments before a pick; want 1", n)
		}
		h.click(robin, "Assign this one")
		h.waitDM(alex, "assigned you Dana Ruiz")
		if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.openAssignments()) == 2 }); err != nil {
			t.Fatalf("no assignment after the pick: %+v", h.openAssignments())
		}
		// Each DM went once.
		for user, want := range map[string]string{alex: "assigned you Maria Lopez", sam: "assigned you Maria Lopez"} {
			if n := h.dmsContaining(user, want); n != 1 {
				t.Errorf("%s got %d DMs %q; want 1", user, n, want)
			}
		}
		// A delivery is marked sent just after its DM is posted.
		var sent int64
		countSent := func() bool {
			h.store.DB().Model(&models.Delivery{}).Where("kind = ? AND state = ?", models.KindAssignment, models.DeliverySent).Count(&sent)
			return sent >= 3
		}
		if err := h.fake.WaitFor(h.ctx, countSent); err != nil || sent != 3 {
			t.Errorf("%d assignment deliveries sent; want 3", sent)
		}
	})
}

func TestAssignRefusals(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "list")
		h.command(sam, "list")
		if got := h.command(alex, `assign <@USAM> "Maria Lopez"`); !strings.Contains(got, "for the group's coordinators") {
			t.Errorf("a member assigns = %q", got)
		}
		if got := h.command(sam, "optout"); !strings.Contains(got, "won't send you") {
			t.Fatalf("optout = %q", got)
		}
		if got := h.command(robin, `assign <@USAM> "Maria Lopez"`); !strings.Contains(got, "asked not to get messages from me") {
			t.Errorf("assign to an opted-out organizer = %q", got)
		}
		if got := h.command(robin, `assign <@UGONE> "Maria Lopez"`); !strings.Contains(got, "in Slack with us") {
			t.Errorf("assign to a deactivated organizer = %q", got)
		}
		if got := h.command(robin, `assign "Maria Lopez"`); !strings.Contains(got, "Write it like") {
			t.Errorf("assign without an organizer = %q", got)
		}
		if as := h.openAssignments(); len(as) != 0 {
			t.Errorf("refused assignments stored: %+v", as)
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("the opted-out organizer got %d DMs", n)
		}
	})
}

func TestAssignmentDMButtons(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "list")
		h.command(sam, "list")
		h.command(robin, `assign <@UALEX> "Maria Lopez" "she works nights"`)
		dm := h.waitDM(alex, "assigned you Maria Lopez")
		p := h.openAssignments()[0].PersonID
		// Ask: someone outside Slack, so the schedule modal for them.
		h.click(alex, "Ask")
		if v := h.waitModal(alex, "schedule_outside"); !strings.Contains(v.PrivateMetadata, "Maria Lopez") {
			t.Errorf("ask modal is not about Maria: %q", v.PrivateMetadata)
		}
		// Log: the reflection modal, with Maria filled in.
		h.click(alex, "Log")
		if v := h.waitModal(alex, "reflect"); !strings.Contains(v.PrivateMetadata, "Maria Lopez") {
			t.Errorf("log modal is not about Maria: %q", v.PrivateMetadata)
		}
		// She is on Alex's list of ten.
		if plan := h.replyBlocks(alex, "plan"); !strings.Contains(plan, "Maria Lopez") {
			t.Errorf("plan = %s", plan)
		}
		// Hand on, from the menu: Sam gets their DM, Alex's says so.
		if _, err := h.fake.Act(h.ctx, alex, slacktest.Surface{Channel: dm.Channel, TS: dm.TS},
			slacktest.Action{BlockID: fmt.Sprintf("assign_act_%d", p), ActionID: "assign_more", Value: fmt.Sprintf("on:%d", p)}); err != nil {
			t.Fatal(err)
		}
		h.waitModal(alex, "assign_hand_on")
		if errs := h.submit(alex, map[string]string{"Organizer": sam, "Note": "you know her shift"}); len(errs) != 0 {
			t.Fatalf("hand on errors = %v", errs)
		}
		on := h.waitDM(sam, "handed Maria Lopez on to you")
		if js := blocksJSON(on.Blocks); !strings.Contains(js, "you know her shift") {
			t.Errorf("the note didn't reach Sam: %s", js)
		}
		if err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(alex) {
				if m.TS == dm.TS && m.Updated && !hasButton(m, "Hand back") && strings.Contains(blocksJSON(m.Blocks), "You handed *Maria Lopez* on") {
					return true
				}
			}
			return false
		}); err != nil {
			t.Errorf("Alex's DM still offers its buttons")
		}
		if as := h.openAssignments(); len(as) != 1 || as[0].OrganizerID != sam {
			t.Fatalf("after hand on = %+v", as)
		}
		// Hand back, by Sam: ended, off the list, the DM says so.
		h.click(sam, "Hand back")
		if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.openAssignments()) == 0 }); err != nil {
			t.Fatalf("still assigned: %+v", h.openAssignments())
		}
		if err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == on.TS && m.Updated && strings.Contains(blocksJSON(m.Blocks), "back to the coordinators") {
					return true
				}
			}
			return false
		}); err != nil {
			t.Errorf("Sam's DM doesn't say it was handed back")
		}
		if plan := h.replyBlocks(sam, "plan"); strings.Contains(plan, "Maria Lopez") {
			t.Errorf("Sam's plan still has Maria: %s", plan)
		}
	})
}

// TestAssignFromModal: a coordinator's Assign people form assigns everyone
// matching a filter in one DM, and keeps mistakes in the form.
func TestAssignFromModal(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "list")
		for i := range 12 {
			h.rosterPerson(models.Person{Name: fmt.Sprintf("Nurse %02d", i), Site: "Ward 3"})
		}
		h.rosterPerson(models.Person{Name: "Porter", Site: "Ward 4"})
		h.command(robin, "team")
		h.fake.WaitFor(h.ctx, func() bool {
			v, ok := h.fake.OpenView(robin)
			return ok && strings.Contains(blocksJSON(v.Blocks), "Assign people")
		})
		h.click(robin, "Assign people")
		h.waitModal(robin, "assign")
		if errs := h.submit(robin, map[string]string{"Organizer": alex, "Worksite": "Ward 9"}); errs["site"] == "" {
			t.Errorf("nobody matches: errors = %v", errs)
		}
		if errs := h.submit(robin, map[string]string{"Organizer": alex, "Worksite": "ward 3", "Note": "Ward 3 first"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		dm := h.waitDM(alex, "assigned you 12 people")
		if js := blocksJSON(dm.Blocks); !strings.Contains(js, "And 2 more") || strings.Contains(js, "Porter") {
			t.Errorf("the batch DM: %s", js)
		}
		if n := h.dmsContaining(alex, "assigned you"); n != 1 {
			t.Errorf("%d DMs for one batch; want 1", n)
		}
		if got := h.replyBlocks(alex, "list"); !strings.Contains(got, "Waiting: 2 more assigned to you") {
			t.Errorf("list doesn't show the waiting list: %s", got)
		}
		if home := h.openHome(alex, "EvHomeAssign"); !strings.Contains(home, "Waiting: 2 more assigned to you") || !strings.Contains(home, "Nurse 09") {
			t.Errorf("Home doesn't show the list of ten and the waiting list: %s", home)
		}
	})
}

// TestAssignedSlackMember: someone on the roster who is in Slack is asked
// in Slack: Ask opens the request modal with them chosen.
func TestAssignedSlackMember(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "list")
		h.rosterPerson(models.Person{Name: "Sam Okafor", SlackID: sam, Shift: "Day"})
		if got := h.command(robin, `assign <@UALEX> "Sam Okafor"`); !strings.Contains(got, "is assigned to <@UALEX>") {
			t.Fatalf("assign = %q", got)
		}
		dm := h.waitDM(alex, "assigned you Sam Okafor")
		if js := blocksJSON(dm.Blocks); !strings.Contains(js, "in Slack: <@USAM>") {
			t.Errorf("the DM doesn't say they're in Slack: %s", js)
		}
		h.click(alex, "Ask")
		v := h.waitModal(alex, "request")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"initial_user":"USAM"`) {
			t.Errorf("the request modal hasn't chosen Sam: %s", js)
		}
		if plan := h.replyBlocks(alex, "plan"); !strings.Contains(plan, "<@USAM>") {
			t.Errorf("Sam isn't on Alex's list: %s", plan)
		}
	})
}
