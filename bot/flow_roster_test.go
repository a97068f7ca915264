package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestRosterPersonExportAndForget: organizers who type the name of a
// person of the roster log one-to-ones with them; a coordinator's export
// sends the roster beside the one-to-ones; only a coordinator forgets
// them, with every organizer's one-to-ones.
func TestRosterPersonExportAndForget(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		rep, err := h.store.ImportRoster(context.Background(), &models.Member{ID: robin, Role: models.RoleCoordinator},
			strings.NewReader("Name,Email,Shift,Notes\nMaria Lopez,maria@example.org,Nights,ROSTER-NOTE\n"), models.ImportOptions{})
		if err != nil || len(rep.Added) != 1 {
			t.Fatalf("import = %+v, %v", rep, err)
		}
		maria := rep.Added[0].PersonID
		h.loggedWith(alex, "maria lopez", "SECRET-ALEX")
		h.loggedWith(sam, "Maria Lopez", "SECRET-SAM")
		if n := h.count(&models.OneToOne{}, "person_id = ?", maria); n != 2 {
			t.Fatalf("%d one-to-ones with the roster's Maria, want Alex's and Sam's", n)
		}
		if n := h.count(&models.Person{}, "owner_id <> ''"); n != 0 {
			t.Errorf("%d organizers' own contacts made, want none", n)
		}

		h.command(robin, "export")
		h.fake.WaitFor(h.ctx, func() bool { return len(h.otherFiles()) == 2 })
		var roster string
		for _, f := range h.otherFiles() {
			if strings.HasPrefix(f.Filename, "onetoone-roster-") {
				roster = f.Content
				if f.Channel != "DUROBIN" {
					t.Errorf("the roster went to %q", f.Channel)
				}
			}
		}
		if !strings.HasPrefix(roster, "Name,Email,Phone,") || !strings.Contains(roster, "Maria Lopez,maria@example.org,,,,Nights,ROSTER-NOTE,,,,2,") {
			t.Errorf("roster file = %q", roster)
		}

		if got := h.command(alex, `forget "Maria Lopez"`); !strings.Contains(got, "I don't know anyone outside Slack called *Maria Lopez*") {
			t.Errorf("an organizer forgetting the roster's Maria = %q", got)
		}
		if got := h.command(robin, `forget "maria lopez"`); !strings.Contains(got, "*Maria Lopez*, who isn't in Slack") {
			t.Fatalf("a coordinator's forget = %q", got)
		}
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "I deleted everything I kept about *Maria Lopez*")
		if n := h.count(&models.Person{}, "id = ?", maria); n != 0 {
			t.Errorf("the roster's Maria is still there")
		}
		if n := h.count(&models.Reflection{}, "1 = 1"); n != 0 {
			t.Errorf("%d reflections on her left", n)
		}
	})
}
