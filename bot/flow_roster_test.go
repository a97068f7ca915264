package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// robinAsCoordinator is robin, the harness's coordinator, as the store
// checks a coordinator's rights.
var robinAsCoordinator = &models.Member{ID: robin, Role: models.RoleCoordinator}

// forgeEdit has user click a person_edit button for person id (as the
// People list or a person's card shows it), with a fresh trigger.
func (h *harness) forgeEdit(user string, id models.PersonID) {
	h.t.Helper()
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T0TEST"},
		"trigger_id": h.fake.TriggerID(user), "channel": map[string]any{"id": "D" + user},
		"actions": []any{map[string]any{"type": "button", "action_id": "person_edit", "block_id": "x", "value": fmt.Sprint(id)}}}
	if _, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, ""); err != nil {
		h.t.Fatal(err)
	}
}

// roster returns the group's roster people, by id.
func (h *harness) roster() []models.Person {
	h.t.Helper()
	var ps []models.Person
	if err := h.store.DB().Where("owner_id = ''").Order("id").Find(&ps).Error; err != nil {
		h.t.Fatal(err)
	}
	return ps
}

// modalText is the blocks of user's open modal, as JSON.
func (h *harness) modalText(user string) string {
	v, _ := h.fake.OpenView(user)
	return v.CallbackID + " " + blocksJSON(v.Blocks)
}

// waitModalWith waits for user's open modal to show want.
func (h *harness) waitModalWith(user, want string) {
	h.t.Helper()
	if err := h.fake.WaitFor(h.ctx, func() bool { return strings.Contains(h.modalText(user), want) }); err != nil {
		h.t.Fatalf("%s's modal never showed %q: %s", user, want, h.modalText(user))
	}
}

// TestRosterAddAndEdit: a coordinator adds a person with the person modal,
// then edits them; a mistake is said beside its field and the modal keeps
// what was typed, and the notes reach no log.
func TestRosterAddAndEdit(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		const secret = "worried about the night shift"
		if got := h.command(robin, "roster"); got != "" {
			t.Fatalf("/one-to-one roster answered %q, want the modal", got)
		}
		h.waitModal(robin, "roster_person")
		errs := h.submit(robin, map[string]string{"Name": "  Maria   Lopez ", "Email": "maria@example.org", "Worksite": "Ward 3", "Notes": secret})
		if len(errs) > 0 {
			t.Fatalf("add: %v", errs)
		}
		h.waitModalWith(robin, "is on the roster now")
		ps := h.roster()
		if len(ps) != 1 || ps[0].Name != "Maria Lopez" || ps[0].Site != "Ward 3" || ps[0].GroupID != h.store.Scope() {
			t.Fatalf("roster = %+v", ps)
		}
		maria := ps[0].ID
		got, _, err := h.store.RosterPerson(ctx, robinAsCoordinator, maria)
		if err != nil || got.Notes != secret {
			t.Errorf("notes read back = %q, %v", got.Notes, err)
		}

		// Edit: the modal opens with what the roster holds.
		h.closeModals(robin)
		h.forgeEdit(robin, maria)
		v := h.waitModal(robin, "roster_person")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"initial_value":"maria@example.org"`) || !strings.Contains(js, secret) {
			t.Errorf("edit modal does not show the person: %s", js)
		}
		errs = h.submit(robin, map[string]string{"Email": "maria at example"})
		if !strings.Contains(errs[models.PersonFieldEmail], "doesn't look like an email") {
			t.Errorf("bad email: errors %v", errs)
		}
		if v, ok := h.fake.OpenView(robin); !ok || v.CallbackID != "roster_person" {
			t.Errorf("the modal closed on an error")
		}
		if ps := h.roster(); ps[0].Email != "maria@example.org" {
			t.Errorf("a refused edit changed the email: %+v", ps[0])
		}

		// Someone else with Maria's name and email is Maria twice.
		if err := h.store.AddPerson(ctx, robinAsCoordinator, &models.Person{Name: "Jo Bloggs", Email: "jo@example.org"}); err != nil {
			t.Fatal(err)
		}
		jo := h.roster()[1].ID
		h.closeModals(robin)
		h.forgeEdit(robin, jo)
		h.waitModal(robin, "roster_person")
		errs = h.submit(robin, map[string]string{"Name": "maria lopez", "Email": "MARIA@example.org"})
		if !strings.Contains(errs[models.PersonFieldName], "Maria Lopez is already on the roster") {
			t.Errorf("duplicate: errors %v", errs)
		}
		errs = h.submit(robin, map[string]string{"Name": "Jo Bloggs", "Email": "jo@union.org", "Department": "Laundry"})
		if len(errs) > 0 {
			t.Fatalf("fixed edit: %v", errs)
		}
		h.waitModalWith(robin, "Your changes to *Jo Bloggs* are saved")
		if p := h.roster()[1]; p.Email != "jo@union.org" || p.Department != "Laundry" {
			t.Errorf("after edit: %+v", p)
		}
		if strings.Contains(h.logs.String(), secret) {
			t.Errorf("the notes reached the log")
		}
	})
}

// TestRosterCoordinatorsOnly: an organizer is told kindly that the roster
// is the coordinators', and nothing opens or changes.
func TestRosterCoordinatorsOnly(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if err := h.store.AddPerson(ctx, robinAsCoordinator, &models.Person{Name: "Maria Lopez"}); err != nil {
			t.Fatal(err)
		}
		maria := h.roster()[0].ID
		for _, text := range []string{"roster", "roster add", "import", "roster import"} {
			if got := h.command(alex, text); !strings.Contains(got, "Only the group's coordinators") {
				t.Errorf("alex: /one-to-one %s = %q", text, got)
			}
		}
		// The admin from IT is no coordinator either.
		if got := h.command(kit, "import"); !strings.Contains(got, "Only the group's coordinators") {
			t.Errorf("kit: import = %q", got)
		}
		h.forgeEdit(alex, maria)
		h.waitEphemeralOrDM(alex, "Only the group's coordinators can change the roster")
		if _, ok := h.fake.OpenView(alex); ok {
			t.Errorf("a modal opened for alex")
		}
		if ps := h.roster(); len(ps) != 1 || ps[0].Name != "Maria Lopez" {
			t.Errorf("roster = %+v", ps)
		}
	})
}

// waitEphemeralOrDM waits for a private answer to user containing want.
func (h *harness) waitEphemeralOrDM(user, want string) {
	h.t.Helper()
	err := h.fake.WaitFor(h.ctx, func() bool {
		for _, e := range h.fake.Ephemerals(user) {
			if strings.Contains(e.Text, want) {
				return true
			}
		}
		for _, m := range h.fake.DMs(user) {
			if strings.Contains(m.Text, want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		h.t.Fatalf("no private answer to %s containing %q", user, want)
	}
}

// TestRosterPasteImport: a coordinator pastes a list, sees what it would
// do, goes back to it, and imports it; a list without a name column is
// refused beside the box, which keeps it.
func TestRosterPasteImport(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		const csv = "Name,Email,Department,Rating\nMaria Lopez,maria@example.org,Kitchen,1\n,nobody@example.org,Kitchen,2\nJo Bloggs,jo@example.org,Laundry,3"
		const label = "The list, as CSV"
		if got := h.command(robin, "import"); got != "" {
			t.Fatalf("/one-to-one import answered %q", got)
		}
		h.waitModal(robin, "roster_paste")

		errs := h.submit(robin, map[string]string{label: "Email\nmaria@example.org"})
		if !strings.Contains(errs["roster_csv"], "couldn't find a name column") {
			t.Errorf("no name column: errors %v", errs)
		}
		if v, ok := h.fake.OpenView(robin); !ok || v.CallbackID != "roster_paste" {
			t.Fatalf("the modal closed on an error")
		}

		if errs := h.submit(robin, map[string]string{label: csv}); len(errs) > 0 {
			t.Fatalf("preview: %v", errs)
		}
		h.waitModalWith(robin, "*2* to add")
		for _, want := range []string{"Line 3 skipped: it has no name", "_Rating_", "Nothing is saved until you press Import"} {
			if !strings.Contains(h.modalText(robin), want) {
				t.Errorf("preview lacks %q: %s", want, h.modalText(robin))
			}
		}
		if n := len(h.roster()); n != 0 {
			t.Fatalf("the preview stored %d people", n)
		}

		// Back to the list: it is all there.
		h.click(robin, "Change the list")
		h.waitModal(robin, "roster_paste")
		h.waitModalWith(robin, `Jo Bloggs,jo@example.org,Laundry,3`)
		if errs := h.submit(robin, nil); len(errs) > 0 {
			t.Fatalf("preview again: %v", errs)
		}
		h.waitModal(robin, "roster_import")
		if errs := h.submit(robin, nil); len(errs) > 0 {
			t.Fatalf("import: %v", errs)
		}
		h.waitModalWith(robin, "Done: *2* added")
		ps := h.roster()
		if len(ps) != 2 || ps[0].Name != "Maria Lopez" || ps[1].Department != "Laundry" {
			t.Errorf("roster after import = %+v", ps)
		}

		// The same list again adds nobody.
		h.closeModals(robin)
		h.command(robin, "import")
		h.waitModal(robin, "roster_paste")
		h.submit(robin, map[string]string{label: csv})
		h.waitModalWith(robin, "*0* to add")
		h.submit(robin, nil)
		h.waitModalWith(robin, "Done: *0* added, *0* merged, *2* already on the roster")
		if n := len(h.roster()); n != 2 {
			t.Errorf("re-import: %d people", n)
		}
	})
}

// TestRosterLink: a coordinator links a person to a Slack account in the
// person modal (not a bot's, not one linked to someone else), and a member
// whose Slack profile has a roster person's email is linked to them when
// the bot reads their profile.
func TestRosterLink(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.fake.AddUser(slack.User{ID: "UMARIA", Name: "maria", RealName: "Maria Lopez", Profile: slack.UserProfile{Email: "Maria@Example.org"}})
		for _, p := range []*models.Person{{Name: "Maria Lopez", Email: "maria@example.org"}, {Name: "Jo Bloggs"}} {
			if err := h.store.AddPerson(ctx, robinAsCoordinator, p); err != nil {
				t.Fatal(err)
			}
		}
		maria, jo := h.roster()[0].ID, h.roster()[1].ID
		slackOf := func(id models.PersonID) models.UserID {
			var p models.Person
			if err := h.store.DB().First(&p, id).Error; err != nil {
				t.Fatal(err)
			}
			return p.SlackID
		}

		// By email: Maria uses the bot, and the bot reads her profile.
		h.command("UMARIA", "list")
		if err := h.fake.WaitFor(h.ctx, func() bool { return slackOf(maria) == "UMARIA" }); err != nil {
			t.Fatalf("maria was not linked by her email: %q", slackOf(maria))
		}
		if strings.Contains(strings.ToLower(h.logs.String()), "maria@example.org") {
			t.Errorf("a member's email reached the log")
		}

		// By choice.
		h.forgeEdit(robin, jo)
		h.waitModal(robin, "roster_person")
		const account = "Their Slack account"
		if errs := h.submit(robin, map[string]string{account: botty}); !strings.Contains(errs[models.PersonFieldSlack], "bot") {
			t.Errorf("a bot linked: errors %v", errs)
		}
		if errs := h.submit(robin, map[string]string{account: "UMARIA"}); !strings.Contains(errs[models.PersonFieldSlack], "already linked to Maria Lopez") {
			t.Errorf("an account linked twice: errors %v", errs)
		}
		if errs := h.submit(robin, map[string]string{account: sam}); len(errs) > 0 {
			t.Fatalf("link: %v", errs)
		}
		h.waitModalWith(robin, "Linked to <@USAM>")
		if got := slackOf(jo); got != sam {
			t.Errorf("jo linked to %q", got)
		}
		// Unlinked with the box, since Slack's menu can't be emptied.
		h.closeModals(robin)
		h.forgeEdit(robin, jo)
		h.waitModal(robin, "roster_person")
		if errs := h.submit(robin, map[string]string{"Unlink": "unlink"}); len(errs) > 0 {
			t.Fatalf("unlink: %v", errs)
		}
		h.waitModalWith(robin, "Your changes to *Jo Bloggs* are saved")
		if got := slackOf(jo); got != "" {
			t.Errorf("after unlink jo is %q", got)
		}
		if err := h.store.LinkPerson(ctx, robinAsCoordinator, jo, sam); err != nil {
			t.Fatal(err)
		}
		// Sam himself may not read the campaign's record of him.
		if _, _, err := h.store.RosterPerson(ctx, &models.Member{ID: sam, Role: models.RoleCoordinator}, jo); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("the person reads their own record: %v", err)
		}
	})
}

// TestRosterLinkOnJoin: someone on the roster joins the workspace; Slack's
// team_join carries their profile's email, and they are linked to the
// roster person of that address.
func TestRosterLinkOnJoin(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		p := &models.Person{Name: "Dana Reyes", Email: "dana@example.org"}
		if err := h.store.AddPerson(ctx, robinAsCoordinator, p); err != nil {
			t.Fatal(err)
		}
		h.fake.SendEvent(h.ctx, "EvJoinDana", map[string]any{"type": "team_join", "user": map[string]any{
			"id": "UDANA", "name": "dana", "real_name": "Dana Reyes", "profile": map[string]any{"display_name": "Dana", "email": "DANA@example.org"}}})
		err := h.fake.WaitFor(h.ctx, func() bool {
			var got models.Person
			return h.store.DB().First(&got, p.ID).Error == nil && got.SlackID == "UDANA"
		})
		if err != nil {
			t.Fatalf("dana was not linked on joining")
		}
	})
}

// TestRosterPasteTooLong: a list over what the box takes (sent by a client
// that ignores its limit) is refused kindly beside the box, and nothing is
// stored.
func TestRosterPasteTooLong(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(robin, "import")
		v := viewJSON(t, h.waitModal(robin, "roster_paste"))
		long := "Name\n" + strings.Repeat("Maria Lopez\n", 300)
		v["state"] = map[string]any{"values": map[string]any{
			"roster_csv": map[string]any{"roster_csv": map[string]any{"type": "plain_text_input", "value": long}},
		}}
		ack, err := h.fake.SendEnvelope(h.ctx, "interactive", map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T0TEST"}, "user": map[string]any{"id": robin}, "view": v,
		}, "")
		if err != nil {
			t.Fatal(err)
		}
		var resp slack.ViewSubmissionResponse
		if err := json.Unmarshal(ack.Payload, &resp); err != nil {
			t.Fatalf("ack %s: %v", ack.Payload, err)
		}
		if msg := resp.Errors["roster_csv"]; !strings.Contains(msg, "I can take 3000 at a time") {
			t.Errorf("errors = %v", resp.Errors)
		}
		if n := len(h.roster()); n != 0 {
			t.Errorf("%d people stored", n)
		}
	})
}

// TestRosterImportFailsKeepsTheList: an import that fails (here, a list
// changed on the way so it has no name column) stores nothing and goes back
// to the paste box with the list and the reason.
func TestRosterImportFailsKeepsTheList(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(robin, "import")
		h.waitModal(robin, "roster_paste")
		if errs := h.submit(robin, map[string]string{"The list, as CSV": "Name\nMaria Lopez"}); len(errs) > 0 {
			t.Fatal(errs)
		}
		v := viewJSON(t, h.waitModal(robin, "roster_import"))
		v["private_metadata"] = "Email\nmaria@example.org"
		ack, err := h.fake.SendEnvelope(h.ctx, "interactive", map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T0TEST"}, "user": map[string]any{"id": robin}, "view": v,
		}, "")
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			Action string     `json:"response_action"`
			View   slack.View `json:"view"`
		}
		if err := json.Unmarshal(ack.Payload, &resp); err != nil {
			t.Fatalf("ack %s: %v", ack.Payload, err)
		}
		js := blocksJSON(resp.View.Blocks)
		if resp.Action != "update" || resp.View.CallbackID != "roster_paste" || !strings.Contains(js, `"initial_value":"Email\nmaria@example.org"`) || !strings.Contains(js, "couldn't find a name column") {
			t.Errorf("after a failed import: %s %s %s", resp.Action, resp.View.CallbackID, js)
		}
		if n := len(h.roster()); n != 0 {
			t.Errorf("%d people stored", n)
		}
	})
}
