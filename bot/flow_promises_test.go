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
