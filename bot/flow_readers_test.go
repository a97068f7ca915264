package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// eachHarnessWith is eachHarness with the bot's configuration adjusted.
func eachHarnessWith(t *testing.T, edit func(c *bot.Config), fn func(t *testing.T, h *harness)) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		fn(t, newHarnessWith(t, s, clock, edit))
	})
}

// homeOpened has user open the Home tab and returns it as Slack would
// receive it, once published.
func (h *harness) homeOpened(user string) string {
	h.t.Helper()
	before := len(h.homePublishes(user))
	if _, err := h.fake.SendEvent(h.ctx, "", map[string]any{"type": "app_home_opened", "user": user, "tab": "home"}); err != nil {
		h.t.Fatal(err)
	}
	if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.homePublishes(user)) > before }); err != nil {
		h.t.Fatalf("%s's Home was never published", user)
	}
	v, _ := h.fake.HomeView(user)
	return blocksJSON(v.Blocks)
}

// waitOpenView waits for user's top modal to contain want, and returns it.
func (h *harness) waitOpenView(user, want string) string {
	h.t.Helper()
	var js string
	err := h.fake.WaitFor(h.ctx, func() bool {
		v, ok := h.fake.OpenView(user)
		js = blocksJSON(v.Blocks)
		return ok && strings.Contains(js, want)
	})
	if err != nil {
		h.t.Fatalf("%s's modal never showed %q: %s", user, want, js)
	}
	return js
}

// forgeRead sends a read_reflection click for the one-to-one as user, as
// if they had crafted the button themselves.
func (h *harness) forgeRead(user string, id models.OneToOneID) {
	h.t.Helper()
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T0TEST"},
		"trigger_id": h.fake.TriggerID(user), "channel": map[string]any{"id": "D" + user},
		"actions": []any{map[string]any{"type": "button", "action_id": "read_reflection", "block_id": "x", "value": fmt.Sprint(id)}}}
	if _, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, ""); err != nil {
		h.t.Fatal(err)
	}
}

// exportFor has user export and returns the file they got.
func (h *harness) exportFor(user string) string {
	h.t.Helper()
	if got := h.command(user, "export"); !strings.Contains(got, "Preparing the export") {
		h.t.Fatalf("export by %s = %q", user, got)
	}
	var content string
	err := h.fake.WaitFor(h.ctx, func() bool {
		for _, f := range h.otherFiles() {
			if f.Channel == "D"+user {
				content = f.Content
			}
		}
		return content != ""
	})
	if err != nil {
		h.t.Fatalf("no export reached %s", user)
	}
	return content
}

// TestAdminIsNotAReader: Kit, a workspace admin nobody named, is kindly
// refused every coordinator surface and sees no team on Home, but can open
// the settings and name the coordinators, themselves included.
func TestAdminIsNotAReader(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		o := h.reflected("SECRET-CARES")
		for _, text := range []string{"team", "export", "forget <@UALEX>"} {
			if got := h.command(kit, text); !strings.Contains(got, "being a workspace admin doesn't make you one") || !strings.Contains(got, "/one-to-one settings") {
				t.Errorf("%q by an admin = %q", text, got)
			}
		}
		h.forgeRead(kit, o.ID)
		h.waitEphemeral(kit, "private to the person who wrote them")
		if _, ok := h.fake.OpenView(kit); ok {
			t.Errorf("Kit got a modal")
		}
		if n := len(h.otherFiles()); n != 0 {
			t.Errorf("Kit got %d files", n)
		}
		if home := h.homeOpened(kit); strings.Contains(home, "Your team") || strings.Contains(home, "SECRET") {
			t.Errorf("an admin's Home shows the team: %s", home)
		}
		if rs := h.reads(); len(rs) != 0 {
			t.Errorf("reads recorded for refused reads: %+v", rs)
		}

		if got := h.command(kit, "settings"); got != "" {
			t.Fatalf("settings by an admin = %q", got)
		}
		h.waitModal(kit, "settings")
		if errs := h.submit(kit, map[string]string{"Coordinators": kit}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		if got := h.command(kit, "team"); got != "" {
			t.Fatalf("team by a newly named coordinator = %q", got)
		}
		h.waitOpenView(kit, "Read reflection")
	})
}

// TestSubjectNeverReadsReflection: Sam is a coordinator, and Alex's
// reflection is about Sam. No surface shows it to Sam or offers it, and no
// read of theirs is recorded; Robin, another coordinator, still reads it.
func TestSubjectNeverReadsReflection(t *testing.T) {
	both := func(c *bot.Config) { c.Coordinators = []models.UserID{robin, sam} }
	eachHarnessWith(t, both, func(t *testing.T, h *harness) {
		o := h.reflected("SECRET-ABOUT-SAM")

		h.command(sam, "team")
		js := h.waitOpenView(sam, "Who is meeting whom")
		if !strings.Contains(js, "<@UALEX> → <@USAM>") {
			t.Errorf("Sam's team view lacks the one-to-one itself: %s", js)
		}
		if strings.Contains(js, "Read reflection") || strings.Contains(js, "SECRET") {
			t.Errorf("the team view offers Sam the reflection about them: %s", js)
		}

		home := h.homeOpened(sam)
		if !strings.Contains(home, "Your team (coordinators only)") {
			t.Errorf("Sam's Home lacks the coordinators' section: %s", home)
		}
		if strings.Contains(home, "read_reflection") || strings.Contains(home, "SECRET") || strings.Contains(home, `"text":"Your reflections"`) {
			t.Errorf("Sam's Home offers or shows the reflection about them: %s", home)
		}

		h.forgeRead(sam, o.ID)
		h.waitEphemeral(sam, "This reflection is about you")
		if v, ok := h.fake.OpenView(sam); ok && strings.Contains(blocksJSON(v.Blocks), "SECRET") {
			t.Errorf("the forged click showed Sam the reflection")
		}

		csv := h.exportFor(sam)
		if strings.Contains(csv, "SECRET") {
			t.Errorf("Sam's export holds the reflection about them:\n%s", csv)
		}
		if !strings.Contains(csv, fmt.Sprintf("%d,reflected,UALEX", o.ID)) {
			t.Errorf("Sam's export lacks the one-to-one's row:\n%s", csv)
		}

		if got := h.command(sam, "list"); strings.Contains(got, "SECRET") {
			t.Errorf("Sam's list shows the reflection: %q", got)
		}
		for _, m := range h.fake.DMs(sam) {
			if strings.Contains(m.Text+blocksJSON(m.Blocks), "SECRET") {
				t.Errorf("a DM showed Sam the reflection: %q", m.Text)
			}
		}
		for _, e := range h.fake.Ephemerals(sam) {
			if strings.Contains(e.Text, "SECRET") {
				t.Errorf("an ephemeral showed Sam the reflection: %q", e.Text)
			}
		}
		if rs := h.reads(); len(rs) != 0 {
			t.Errorf("reads recorded for someone who read nothing: %+v", rs)
		}

		// Robin is a coordinator it is not about: offered, shown, recorded.
		h.command(robin, "team")
		h.waitOpenView(robin, "Read reflection")
		h.click(robin, "Read reflection")
		h.waitModal(robin, "reflection_read")
		h.waitOpenView(robin, "SECRET-ABOUT-SAM")
		if rs := h.reads(); len(rs) != 1 || rs[0].ReaderID != robin {
			t.Errorf("reads = %+v, want Robin's", rs)
		}
	})
}
