package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestPersonCard: Alex met Maria Lopez, outside Slack, and reflected.
// Robin, a coordinator, opens her card by name: the one-to-one with its
// rating and Read button, and Edit and Assign. Alex, who met her, sees it
// without the coordinators' buttons. Sam, who never met her, is told
// kindly that there is nobody by that name he may see. With a second
// Maria Lopez on the roster, Robin picks one from a list, and the card
// opens from its button (person_open).
func TestPersonCard(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, `log "Maria Lopez"`)
		h.waitModal(alex, "reflect")
		if errs := h.submit(alex, map[string]string{selfInterestLabel: "CARD-SECRET", "Where are they on the engagement ladder?": "2 · Interested"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		h.closeModals(alex)

		h.command(robin, `person "maria lopez"`)
		js := h.waitOpenView(robin, "Maria Lopez")
		for _, want := range []string{"<@UALEX>", "rated 2 · Interested", `"action_id":"read_reflection"`, `"action_id":"person_edit"`, `"action_id":"assign_open"`, "Engagement over time"} {
			if !strings.Contains(js, want) {
				t.Errorf("Robin's card lacks %s: %s", want, js)
			}
		}
		if strings.Contains(js, "CARD-SECRET") {
			t.Errorf("the card shows the reflection's words")
		}
		h.closeModals(robin)

		h.command(alex, `person "Maria Lopez"`)
		js = h.waitOpenView(alex, "Maria Lopez")
		if strings.Contains(js, "person_edit") || strings.Contains(js, "assign_open") || !strings.Contains(js, "rated 2") {
			t.Errorf("Alex's card: %s", js)
		}

		if got := h.command(sam, `person "Maria Lopez"`); !strings.Contains(got, "couldn't find anyone called Maria Lopez whose story you can see") {
			t.Errorf("Sam asks for her card: %q", got)
		}
		if v, ok := h.fake.OpenView(sam); ok {
			t.Errorf("Sam got a modal: %s", v.CallbackID)
		}

		roster := models.Person{GroupID: h.store.Scope(), Name: "Maria Lopez", Site: "Ward 3"}
		if err := h.store.DB().Create(&roster).Error; err != nil {
			t.Fatal(err)
		}
		if got := h.command(robin, `person "Maria Lopez"`); !strings.Contains(got, "2 people have that name") {
			t.Fatalf("two Marias: %q", got)
		}
		h.click(robin, "Open") // the first: Alex's Maria
		h.waitModal(robin, "person_card")
		h.waitOpenView(robin, "rated 2 · Interested")
	})
}
