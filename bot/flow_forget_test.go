package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

// loggedWith has user log and reflect on a one-to-one with someone outside
// Slack.
func (h *harness) loggedWith(user, name, secret string) {
	h.t.Helper()
	h.command(user, `log "`+name+`"`)
	h.waitModal(user, "reflect")
	if errs := h.submit(user, map[string]string{selfInterestLabel: secret}); len(errs) != 0 {
		h.t.Fatalf("errors = %v", errs)
	}
	h.waitModal(user, "reflect_saved")
}

// count is how many rows of model match the condition.
func (h *harness) count(model any, where string, args ...any) int64 {
	h.t.Helper()
	var n int64
	if err := h.store.DB().Model(model).Where(where, args...).Count(&n).Error; err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestForgetPersonOutsideSlack: the organizer who named someone outside
// Slack, or a coordinator, can forget them as a member is forgotten: the
// contact, their one-to-ones and the reflections on them, and their place
// on lists, after the same confirmation.
func TestForgetPersonOutsideSlack(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.loggedWith(alex, "Maria Lopez", "SECRET-ALEX")
		h.command(alex, `plan "Maria Lopez"`)
		h.loggedWith(sam, "maria lopez", "SECRET-SAM")
		mine := func(owner string) int64 { return h.count(&models.Person{}, "owner_id = ?", owner) }
		if mine(alex) != 1 || mine(sam) != 1 || len(h.oneToOnes()) != 2 {
			t.Fatalf("setup: %d and %d contacts, %d one-to-ones", mine(alex), mine(sam), len(h.oneToOnes()))
		}

		// Alex forgets their own Maria, whatever the case; Sam's stays.
		got := h.command(alex, `forget "MARIA  lopez"`)
		if !strings.Contains(got, "*Maria Lopez*, who isn't in Slack") || !strings.Contains(got, "cannot be undone") {
			t.Fatalf("forget = %q", got)
		}
		if mine(alex) != 1 {
			t.Fatalf("deleted before confirming")
		}
		h.click(alex, "Forget them")
		h.waitEphemeral(alex, "I deleted everything I kept about *Maria Lopez*")
		if n := mine(alex); n != 0 {
			t.Errorf("%d of Alex's contacts left", n)
		}
		if n := h.count(&models.PlanEntry{}, "owner_id = ?", alex); n != 0 {
			t.Errorf("%d list entries left", n)
		}
		if n := h.count(&models.OneToOne{}, "requester_id = ?", alex); n != 0 {
			t.Errorf("%d of Alex's one-to-ones left", n)
		}
		if n := h.count(&models.Reflection{}, "author_id = ?", alex); n != 0 {
			t.Errorf("%d of Alex's reflections left", n)
		}
		if mine(sam) != 1 || h.count(&models.Reflection{}, "author_id = ?", sam) != 1 {
			t.Errorf("Alex's forget reached Sam's contact")
		}

		// Sam's Maria is not Alex's to forget.
		if got := h.command(alex, `forget "Maria Lopez"`); !strings.Contains(got, "I don't know anyone outside Slack called *Maria Lopez*") {
			t.Errorf("forget someone else's contact = %q", got)
		}

		// A coordinator may, and sees whose contact it is.
		h.command(robin, `forget "Maria Lopez"`)
		eph := h.fake.Ephemerals(robin)
		if js := blocksJSON(eph[len(eph)-1].Blocks); !strings.Contains(js, "Known to <@USAM>") {
			t.Errorf("coordinator's confirmation = %s", js)
		}
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "I deleted everything I kept about *maria lopez*")
		if n := h.count(&models.Person{}, "1 = 1"); n != 0 {
			t.Errorf("%d contacts left", n)
		}
		if n := len(h.oneToOnes()); n != 0 {
			t.Errorf("%d one-to-ones left", n)
		}
		if n := h.count(&models.Reflection{}, "1 = 1"); n != 0 {
			t.Errorf("%d reflections left", n)
		}
	})
}
