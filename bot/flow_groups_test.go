package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// kim coordinates the Housing group, and nothing of the workspace's own.
const kim = "UKIM"

// housing has robin, a coordinator of the workspace's default group,
// create the Housing group through settings with kim as its coordinator,
// and choose alex and sam as its members. It returns the group.
func (h *harness) housing() models.Group {
	h.t.Helper()
	h.fake.AddUser(slack.User{ID: kim, Name: "kim", RealName: "Kim Lee", TZ: "America/Chicago"})
	g := h.createGroup(robin, "Housing", kim)
	h.click(robin, "Choose members")
	h.waitModal(robin, "group_members")
	if errs := h.submit(robin, map[string]string{"Members": kim + "," + alex + "," + sam}); len(errs) != 0 {
		h.t.Fatalf("choosing Housing's members: %v", errs)
	}
	h.waitModalText(robin, "Added to *Housing*")
	h.closeModals(robin)
	return g
}

// closeModals closes every modal user has open, as they would with Close.
func (h *harness) closeModals(user string) {
	h.t.Helper()
	for len(h.fake.ModalStack(user)) > 0 {
		if _, err := h.fake.CloseView(h.ctx, user); err != nil {
			h.t.Fatal(err)
		}
	}
}

// createGroup has user create a group through settings, and returns it;
// the modals stay open on the view saying it is ready.
func (h *harness) createGroup(user, name string, coordinators ...string) models.Group {
	h.t.Helper()
	h.command(user, "settings")
	h.waitModal(user, "settings")
	h.click(user, "Create a group")
	h.waitModal(user, "group_create")
	if errs := h.submit(user, map[string]string{"Name": name, "Coordinators": strings.Join(coordinators, ",")}); len(errs) != 0 {
		h.t.Fatalf("creating %s: %v", name, errs)
	}
	h.waitModalText(user, "is ready")
	return h.group(name)
}

// group returns the workspace's group of that name.
func (h *harness) group(name string) models.Group {
	h.t.Helper()
	gs, err := h.store.Groups(context.Background(), slacktest.TeamID)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, g := range gs {
		if g.Name == name {
			return g
		}
	}
	h.t.Fatalf("no group %q among %+v", name, gs)
	return models.Group{}
}

// waitModalText waits until user's open modal says want.
func (h *harness) waitModalText(user, want string) slack.View {
	h.t.Helper()
	var v slack.View
	err := h.fake.WaitFor(h.ctx, func() bool {
		var ok bool
		v, ok = h.fake.OpenView(user)
		return ok && strings.Contains(blocksJSON(v.Blocks), want)
	})
	if err != nil {
		h.t.Fatalf("%s's modal never said %q: %s", user, want, blocksJSON(v.Blocks))
	}
	return v
}

// homeSays waits until user's Home says everything in want, and returns
// it: refreshes land in their own time, and the last one is the truth.
func (h *harness) homeSays(user string, want ...string) string {
	h.t.Helper()
	var js string
	err := h.fake.WaitFor(h.ctx, func() bool {
		v, _ := h.fake.HomeView(user)
		js = blocksJSON(v.Blocks)
		for _, w := range want {
			if !strings.Contains(js, w) {
				return false
			}
		}
		return true
	})
	if err != nil {
		h.t.Fatalf("%s's Home never said %q: %s", user, want, js)
	}
	return js
}

// TestGroupCreateAndMembers: a coordinator of the workspace's group
// creates a group and chooses its members; mistakes keep the form open
// with what was typed, and store nothing.
func TestGroupCreateAndMembers(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		g := h.housing()
		ms, err := h.store.GroupMembers(h.ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, string(m.ID)+":"+m.Role)
		}
		if got := strings.Join(ids, " "); !strings.Contains(got, kim+":coordinator") || !strings.Contains(got, alex+":member") || !strings.Contains(got, sam+":member") || len(ms) != 3 {
			t.Errorf("Housing's members = %s", got)
		}

		// The same name in other case: refused beside the name, the form
		// still open with what was typed.
		h.command(robin, "settings")
		if v := h.waitModal(robin, "settings"); !strings.Contains(blocksJSON(v.Blocks), "These are the settings of *Everyone in the workspace*") {
			t.Errorf("settings don't say whose they are: %s", blocksJSON(v.Blocks))
		}
		h.click(robin, "Create a group")
		h.waitModal(robin, "group_create")
		errs := h.submit(robin, map[string]string{"Name": "HOUSING", "Coordinators": kim})
		if !strings.Contains(errs["group_name"], "already has that name") {
			t.Errorf("errors = %v, want the name taken", errs)
		}
		// Slack keeps what was typed in a modal answered with errors: the
		// same view stays open, not a new one.
		before := h.waitModal(robin, "group_create")
		// A bot as coordinator: refused beside the coordinators.
		errs = h.submit(robin, map[string]string{"Name": "Garden", "Coordinators": botty})
		if !strings.Contains(errs["group_coordinators"], "not bots") {
			t.Errorf("errors = %v, want bots refused", errs)
		}
		if v := h.waitModal(robin, "group_create"); v.ID != before.ID {
			t.Errorf("the form was replaced (%s, was %s)", v.ID, before.ID)
		}
		if gs, _ := h.store.Groups(h.ctx, slacktest.TeamID); len(gs) != 2 {
			t.Errorf("%d groups after refused forms, want 2", len(gs))
		}

		// Kim, Housing's coordinator, chooses its members from the list of
		// groups, but can't take themselves out: coordinators stay.
		h.command(kim, "group Housing")
		if got := h.command(kim, "group"); !strings.Contains(got, "*Housing* (you're here)") {
			t.Fatalf("kim's groups = %q", got)
		}
		h.click(kim, "Members of Housing")
		v := h.waitModal(kim, "group_members")
		if got := shownSettings(v)["group_members"]; got != "UALEX,UKIM,USAM" {
			t.Errorf("the members modal starts from %q, want Housing's three", got)
		}
		errs = h.submit(kim, map[string]string{"Members": alex})
		if !strings.Contains(errs["group_members"], "<@UKIM>") {
			t.Errorf("errors = %v, want kim kept as a coordinator", errs)
		}
		// Sam leaves; the group menu goes from Sam's Home, which had it
		// since Sam joined.
		h.homeSays(sam, "choose_group")
		if errs := h.submit(kim, map[string]string{"Members": kim + "," + alex}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModalText(kim, "No longer in *Housing*: <@USAM>")
		if mine, _ := h.store.GroupsOf(h.ctx, slacktest.TeamID, sam); len(mine) != 1 {
			t.Errorf("sam is still in %d groups", len(mine))
		}
		err = h.fake.WaitFor(h.ctx, func() bool {
			v, ok := h.fake.HomeView(sam)
			return ok && !strings.Contains(blocksJSON(v.Blocks), "choose_group")
		})
		if err != nil {
			t.Errorf("sam's Home still offers Housing")
		}
		// Kim coordinates Housing only: creating groups is not theirs.
		h.command(kim, "group")
		eph := h.fake.Ephemerals(kim)
		if js := blocksJSON(eph[len(eph)-1].Blocks); !strings.Contains(js, "Members of Housing") || strings.Contains(js, "Create a group") {
			t.Errorf("kim's buttons by the list of groups: %s", js)
		}
		h.forgeClick(kim, "create_group", "new")
		h.waitEphemeral(kim, "Only coordinators of the whole workspace's group can create groups")
		// Sam, a member, may not choose Housing's members.
		h.forgeClick(sam, "group_members", g.ID.String())
		h.waitEphemeral(sam, "Only this group's coordinators can choose its members")
		if _, ok := h.fake.OpenView(sam); ok {
			t.Errorf("sam got a modal")
		}
	})
}

// forgeClick sends a click on a button user was never shown.
func (h *harness) forgeClick(user, actionID, value string) {
	h.t.Helper()
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": slacktest.TeamID},
		"trigger_id": h.fake.TriggerID(user), "channel": map[string]any{"id": "D" + user},
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "x", "value": value}}}
	if _, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, ""); err != nil {
		h.t.Fatal(err)
	}
}

// TestGroupCommand: `/one-to-one group` lists the member's groups and
// switches between them; names that are of no use change nothing.
func TestGroupCommand(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, "group"); !strings.Contains(got, "You're in one group") {
			t.Errorf("group before any other = %q", got)
		}
		// Robin, who coordinates the workspace's group, may start another
		// from there; alex has nothing to press.
		h.command(robin, "group")
		if eph := h.fake.Ephemerals(robin); !strings.Contains(blocksJSON(eph[len(eph)-1].Blocks), "Create a group") {
			t.Errorf("robin's list of groups offers no new group: %s", blocksJSON(eph[len(eph)-1].Blocks))
		}
		if eph := h.fake.Ephemerals(alex); strings.Contains(blocksJSON(eph[len(eph)-1].Blocks), `"button"`) {
			t.Errorf("alex's list of groups has buttons: %s", blocksJSON(eph[len(eph)-1].Blocks))
		}
		if got := h.command(alex, "help"); !strings.Contains(got, "/one-to-one group`") {
			t.Errorf("help doesn't list group: %q", got)
		}
		g := h.housing()
		h.createGroup(robin, "Garden", robin)
		h.closeModals(robin)
		got := h.command(alex, "group")
		if !strings.Contains(got, "*Everyone in the workspace* (you're here)") || !strings.Contains(got, "• Housing") || strings.Contains(got, "Garden") {
			t.Errorf("group = %q", got)
		}
		if got := h.command(alex, `group "housing"`); !strings.Contains(got, "You're now in *Housing*") {
			t.Errorf("switch = %q", got)
		}
		if cur, _ := h.store.CurrentGroup(h.ctx, slacktest.TeamID, alex); cur.ID != g.ID {
			t.Errorf("current group = %+v, want Housing", cur)
		}
		if got := h.command(alex, "grupo HOUSING"); !strings.Contains(got, "Ya estás en *Housing*") && !strings.Contains(got, "already in *Housing*") {
			t.Errorf("again = %q", got)
		}
		if got := h.command(alex, "group Garden"); !strings.Contains(got, "You're not in *Garden* yet") {
			t.Errorf("not a member = %q", got)
		}
		if got := h.command(alex, "group Nowhere &lt;!channel&gt;"); !strings.Contains(got, "None of your groups is called “Nowhere &lt;!channel&gt;”") {
			t.Errorf("unknown = %q", got)
		}
		if cur, _ := h.store.CurrentGroup(h.ctx, slacktest.TeamID, alex); cur.ID != g.ID {
			t.Errorf("a refused switch moved alex to %+v", cur)
		}
		if got := h.command(alex, "group everyone in the workspace"); !strings.Contains(got, "You're now in *Everyone in the workspace*") {
			t.Errorf("back = %q", got)
		}
	})
}

// TestGroupHomeMenu: Home of a member of two groups says which it shows
// and switches with its menu; a member of one group sees no menu.
func TestGroupHomeMenu(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.housing()
		js := h.openHome(alex, "EvHome1")
		if !strings.Contains(js, "You're in *Everyone in the workspace*") {
			t.Errorf("alex's Home doesn't say its group: %s", js)
		}
		if js := h.openHome(robin, "EvHome2"); strings.Contains(js, "choose_group") || strings.Contains(js, "You're in *") {
			t.Errorf("robin, in one group, sees groups on Home: %s", js)
		}
		if _, err := h.fake.SelectInHome(h.ctx, alex, "choose_group", "Housing"); err != nil {
			t.Fatal(err)
		}
		h.homeSays(alex, "You're in *Housing*")
		if cur, _ := h.store.CurrentGroup(h.ctx, slacktest.TeamID, alex); cur.Name != "Housing" {
			t.Errorf("current group = %+v, want Housing", cur)
		}
	})
}
