package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// Help shows everyone their commands, plan remove included, and a
// coordinator the commands only coordinators have.
func TestHelpShowsCoordinatorsTheirCommands(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Coordinators = []models.UserID{sam} })
		coordinatorOnly := []string{"/one-to-one team", "/one-to-one settings", "/one-to-one export", "/one-to-one forget @person"}
		member := h.command(alex, "help")
		if !strings.Contains(member, "plan remove @a") {
			t.Errorf("a member's help lacks plan remove: %q", member)
		}
		for _, c := range coordinatorOnly {
			if strings.Contains(member, c) {
				t.Errorf("a member's help shows %q", c)
			}
		}
		coordinator := h.command(sam, "help")
		for _, c := range append(coordinatorOnly, "plan remove @a", "/one-to-one list") {
			if !strings.Contains(coordinator, c) {
				t.Errorf("a coordinator's help lacks %q: %q", c, coordinator)
			}
		}
	})
}

// An empty Home tells a newcomer how to ask someone, and points to their
// list only once it has someone to ask.
func TestHomeEmptySaysWhatIsThere(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		home := func(want string) string {
			t.Helper()
			var js string
			if err := h.fake.WaitFor(h.ctx, func() bool {
				v, _ := h.fake.HomeView(sam)
				js = blocksJSON(v.Blocks)
				return strings.Contains(js, want)
			}); err != nil {
				t.Fatalf("Home never said %q: %s", want, js)
			}
			return js
		}
		if _, err := h.fake.SendEvent(h.ctx, "", map[string]any{"type": "app_home_opened", "user": sam, "tab": "home"}); err != nil {
			t.Fatal(err)
		}
		if js := home("Nothing open right now"); strings.Contains(js, "list below") || !strings.Contains(js, "/one-to-one @name") {
			t.Errorf("an empty Home with an empty list = %s", js)
		}
		h.command(sam, "plan <@UROBIN>")
		home("Ask someone from your list below")
	})
}
