package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// Two groups in one workspace: the workspace's own (robin coordinates it)
// and Housing (kim coordinates it; alex and sam are in both). What happens
// in one is seen by its coordinators only, on every surface.

// housingAndWorkspace sets the two groups up: alex asks robin in the
// workspace's group, then, in Housing, logs a one-to-one with sam with a
// reflection. It returns Housing, the workspace's group and the two
// one-to-ones.
func (h *harness) housingAndWorkspace() (housing, everyone models.Group, asked, held models.OneToOne) {
	h.t.Helper()
	housing = h.housing()
	def, err := h.store.DefaultGroup(h.ctx, slacktest.TeamID)
	if err != nil {
		h.t.Fatal(err)
	}
	h.command(alex, "<@UROBIN> WORKSPACE-ASK")
	if got := h.command(alex, "group Housing"); !strings.Contains(got, "You're now in *Housing*") {
		h.t.Fatalf("switch = %q", got)
	}
	h.command(alex, "log <@USAM>")
	h.waitModal(alex, "reflect")
	if errs := h.submit(alex, map[string]string{selfInterestLabel: "SECRET-HOUSING"}); len(errs) != 0 {
		h.t.Fatalf("errors = %v", errs)
	}
	h.waitModal(alex, "reflect_saved")
	h.closeModals(alex)
	for _, o := range h.oneToOnes() {
		switch o.InviteeID {
		case robin:
			asked = o
		case sam:
			held = o
		}
	}
	if g := h.groupOf("one_to_ones", int64(asked.ID)); g != def.ID {
		h.t.Errorf("the request made in the workspace's group landed in group %d, want %d", g, def.ID)
	}
	if g := h.groupOf("one_to_ones", int64(held.ID)); g != housing.ID {
		h.t.Errorf("the one-to-one logged in Housing landed in group %d, want %d", g, housing.ID)
	}
	return housing, *def, asked, held
}

// groupOf reads the group a row of table belongs to, as stored.
func (h *harness) groupOf(table string, id int64) models.GroupID {
	h.t.Helper()
	var g []models.GroupID
	if err := h.store.DB().Table(table).Where("id = ?", id).Pluck("group_id", &g).Error; err != nil || len(g) != 1 {
		h.t.Fatalf("group of %s %d: %v, %v", table, id, g, err)
	}
	return g[0]
}

// forgedReadShows has user click Read reflection on one-to-one id without
// being shown the button, and returns what answers: the modal that opens
// (with its callback id) or the private refusal.
func (h *harness) forgedReadShows(user string, id models.OneToOneID) string {
	h.t.Helper()
	before := len(h.fake.Ephemerals(user))
	h.forgeRead(user, id)
	var got string
	err := h.fake.WaitFor(h.ctx, func() bool {
		if v, ok := h.fake.OpenView(user); ok {
			got = v.CallbackID + " " + blocksJSON(v.Blocks)
			return true
		}
		if e := h.fake.Ephemerals(user); len(e) > before {
			got = e[len(e)-1].Text
			return true
		}
		return false
	})
	if err != nil {
		h.t.Fatalf("nothing answered %s's forged read", user)
	}
	return got
}

// teamView opens coordinator's team view and returns what it shows.
func (h *harness) teamView(coordinator string) string {
	h.t.Helper()
	h.closeModals(coordinator)
	if got := h.command(coordinator, "team"); got != "" {
		h.t.Fatalf("%s's team view was refused: %q", coordinator, got)
	}
	var js string
	err := h.fake.WaitFor(h.ctx, func() bool {
		v, ok := h.fake.OpenView(coordinator)
		js = blocksJSON(v.Blocks)
		return ok && strings.Contains(js, "Who is meeting whom")
	})
	if err != nil {
		h.t.Fatalf("%s's team view never opened: %s", coordinator, js)
	}
	return js
}

// TestGroupsKeepApart: robin, who coordinates the workspace's group, sees
// nothing of Housing on any surface (team view, reflections, export,
// digest, Home), and kim, who coordinates Housing, nothing of the
// workspace's group; each sees their own.
func TestGroupsKeepApart(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		_, _, asked, held := h.housingAndWorkspace()
		// Sam is in the workspace's group too: robin may see that nobody
		// met sam there, never that alex met sam in Housing.
		secretsOfHousing := []string{"SECRET-HOUSING", "<@UALEX> → <@USAM>", "met and reflected"}

		// Robin: the workspace's group only.
		team := h.teamView(robin)
		if !strings.Contains(team, "1 asked") {
			t.Errorf("robin's team view lacks the workspace's request: %s", team)
		}
		for _, s := range secretsOfHousing {
			if strings.Contains(team, s) {
				t.Errorf("robin's team view shows %q of Housing: %s", s, team)
			}
		}
		h.closeModals(robin)
		if js := h.forgedReadShows(robin, held.ID); strings.Contains(js, "SECRET-HOUSING") || js == "" {
			t.Errorf("robin's forged read of Housing's reflection shows %q, want a refusal", js)
		}
		h.closeModals(robin)
		csv := h.exportFor(robin)
		if strings.Contains(csv, "SECRET-HOUSING") || strings.Contains(csv, sam) {
			t.Errorf("robin's export holds Housing's one-to-one:\n%s", csv)
		}
		if !strings.Contains(csv, robin) {
			t.Errorf("robin's export lacks the workspace's request:\n%s", csv)
		}
		if d := h.digestPreview(robin); strings.Contains(d, "Alex") || strings.Contains(d, "SECRET") {
			t.Errorf("the workspace's digest counts Housing's one-to-one: %s", d)
		}
		if home := h.openHome(robin, "EvRobinHome"); strings.Contains(home, "SECRET") || strings.Contains(home, "<@USAM>") {
			t.Errorf("robin's Home shows Housing: %s", home)
		}

		// Kim: Housing only, once acting in it.
		if got := h.command(kim, "team"); !strings.Contains(got, "coordinators") {
			t.Errorf("kim, acting in the workspace's group they don't coordinate, opened its team view: %q", got)
		}
		h.command(kim, "group Housing")
		team = h.teamView(kim)
		if !strings.Contains(team, "<@UALEX> → <@USAM>") {
			t.Errorf("kim's team view lacks Housing's one-to-one: %s", team)
		}
		// (Alex's funnel says "1 asked" of Housing's own one-to-one: the
		// workspace's request would show in the count of all of them.)
		if strings.Contains(team, "<@UROBIN>") || strings.Contains(team, "All one-to-ones:* 1 asked") {
			t.Errorf("kim's team view shows the workspace's request: %s", team)
		}
		h.click(kim, "Read reflection")
		if v := h.waitModal(kim, "reflection_read"); !strings.Contains(blocksJSON(v.Blocks), "SECRET-HOUSING") {
			t.Errorf("kim can't read Housing's reflection")
		}
		h.closeModals(kim)
		if js := h.forgedReadShows(kim, asked.ID); strings.Contains(js, "WORKSPACE-ASK") || strings.Contains(js, "reflection_read") {
			t.Errorf("kim's forged read of the workspace's one-to-one shows %q", js)
		}
		h.closeModals(kim)
		csv = h.exportFor(kim)
		if !strings.Contains(csv, "SECRET-HOUSING") || strings.Contains(csv, robin) {
			t.Errorf("kim's export is not Housing's alone:\n%s", csv)
		}
		if d := h.digestPreview(kim); !strings.Contains(d, "Alex") {
			t.Errorf("Housing's digest doesn't name Alex, who met sam there: %s", d)
		}
		// The logs say which group acted, never what people wrote.
		h.settle()
		for _, secret := range []string{"SECRET-HOUSING", "WORKSPACE-ASK"} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("the logs hold %q", secret)
			}
		}
	})
}

// TestGroupSwitchChangesHome: Home and the team view show the group the
// member acts in, and switching changes them.
func TestGroupSwitchChangesHome(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		housing, _, _, _ := h.housingAndWorkspace()
		// Home follows the switches as they land: wait for the one to
		// Housing, then look.
		h.openHome(alex, "EvAlexHome")
		home := h.homeSays(alex, "You're in *Housing*", "With <@USAM>")
		if strings.Contains(home, "<@UROBIN>") {
			t.Errorf("alex's Home in Housing: %s", home)
		}
		if _, err := h.fake.SelectInHome(h.ctx, alex, "choose_group", "Everyone in the workspace"); err != nil {
			t.Fatal(err)
		}
		home = h.homeSays(alex, "You're in *Everyone in the workspace*")
		if !strings.Contains(home, "<@UROBIN>") || strings.Contains(home, "<@USAM>") {
			t.Errorf("alex's Home in the workspace's group: %s", home)
		}

		// Robin coordinates both groups: the team view is the group robin
		// acts in.
		if err := h.store.In(housing.ID).SetCoordinators(h.ctx, []models.UserID{kim, robin}); err != nil {
			t.Fatal(err)
		}
		team := h.teamView(robin)
		if !strings.Contains(team, "<@UALEX> → <@UROBIN>") || strings.Contains(team, "<@UALEX> → <@USAM>") {
			t.Errorf("robin's team view of the workspace's group: %s", team)
		}
		h.closeModals(robin)
		h.command(robin, "group Housing")
		team = h.teamView(robin)
		if !strings.Contains(team, "<@UALEX> → <@USAM>") || strings.Contains(team, "<@UALEX> → <@UROBIN>") {
			t.Errorf("robin's team view of Housing: %s", team)
		}
	})
}

// TestGroupClicksActInTheOneToOnesGroup: a request made in Housing lands
// in Housing, and sam's answer, clicked while sam acts in the workspace's
// group, stays there; the reflection prompt and follow-up that come later
// act in it too. Nothing people typed reaches the logs.
func TestGroupClicksActInTheOneToOnesGroup(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		housing := h.housing()
		h.command(alex, "group Housing")
		h.command(alex, "<@USAM> HOUSING-ASK")
		o := h.only()
		if g := h.groupOf("one_to_ones", int64(o.ID)); g != housing.ID {
			t.Fatalf("the request made in Housing landed in group %d", g)
		}
		if cur, _ := h.store.CurrentGroup(h.ctx, slacktest.TeamID, sam); cur.ID == housing.ID {
			t.Fatalf("sam acts in Housing already; the test wants the other group")
		}
		h.waitDM(sam, "would like to have a one-to-one with you")
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
		at := t0.Add(30 * time.Hour)
		if errs := h.submit(sam, map[string]string{"When": fmt.Sprint(at.Unix()), "Where": "HOUSING-PLACE"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o = h.waitStatus(models.StatusScheduled)
		if g := h.groupOf("one_to_ones", int64(o.ID)); g != housing.ID {
			t.Errorf("scheduling moved the one-to-one to group %d", g)
		}
		// After the meeting, the reflection prompt; sam reflects from it.
		h.runJob("reflections", at.Add(3*time.Hour))
		h.waitDM(sam, "How did your one-to-one with")
		h.click(sam, "Reflect")
		h.waitModal(sam, "reflect")
		if errs := h.submit(sam, map[string]string{selfInterestLabel: "SAM-SECRET", followUpLabel: "2026-12-01"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(sam, "reflect_saved")
		h.closeModals(sam)
		var refl []models.Reflection
		h.store.DB().Where("one_to_one_id = ?", o.ID).Find(&refl)
		if len(refl) != 1 || h.groupOf("reflections", int64(refl[0].ID)) != housing.ID {
			t.Errorf("sam's reflection = %+v, want one in Housing", refl)
		}
		// On the follow-up day, the reminder's button opens the reflection
		// in Housing, though sam acts in the workspace's group.
		h.runJob("follow-ups", time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		h.waitDM(sam, "Time to follow up")
		h.click(sam, "Open my reflection")
		if v := h.waitModal(sam, "reflect"); !strings.Contains(blocksJSON(v.Blocks), "SAM-SECRET") {
			t.Errorf("the follow-up opened another reflection: %s", blocksJSON(v.Blocks))
		}
		h.settle()
		for _, secret := range []string{"HOUSING-ASK", "HOUSING-PLACE", "SAM-SECRET"} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("the logs hold %q", secret)
			}
		}
	})
}

// TestGroupDigestsPostApart: each group's digest goes to its own channel
// and counts its own one-to-ones.
func TestGroupDigestsPostApart(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		housing, everyone, _, _ := h.housingAndWorkspace()
		// Each group's digest goes to its own channel at the top of every
		// hour.
		hourly := "0 * * * *"
		for g, ch := range map[models.GroupID]string{everyone.ID: "CWORKSPACE", housing.ID: "CHOUSING"} {
			if err := h.store.In(g).SaveSettings(h.ctx, &models.SavedSettings{DigestChannel: &ch, DigestCron: &hourly}); err != nil {
				t.Fatal(err)
			}
		}
		h.runJob("digest", t0.Add(24*time.Hour+5*time.Minute))
		// runJob returns once the digests are posted.
		var workspace, housingJS string
		if w := h.fake.Messages("CWORKSPACE"); len(w) > 0 {
			workspace = blocksJSON(w[len(w)-1].Blocks)
		}
		if hs := h.fake.Messages("CHOUSING"); len(hs) > 0 {
			housingJS = blocksJSON(hs[len(hs)-1].Blocks)
		}
		if housingJS == "" || !strings.Contains(housingJS, "Alex") {
			t.Errorf("Housing's digest doesn't name Alex: %q", housingJS)
		}
		if workspace == "" || strings.Contains(workspace, "Alex") {
			t.Errorf("the workspace's digest counts Housing's one-to-one: %q", workspace)
		}
	})
}
