package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// Help shows everyone their commands, plan remove and forget "Name"
// included, a coordinator the commands only coordinators have, and a
// workspace admin the settings they may open.
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
		if !strings.Contains(member, `/one-to-one forget "Name"`) {
			t.Errorf("a member's help lacks forget for their own contacts: %q", member)
		}
		coordinator := h.command(sam, "help")
		for _, c := range append(coordinatorOnly, "plan remove @a", "/one-to-one list") {
			if !strings.Contains(coordinator, c) {
				t.Errorf("a coordinator's help lacks %q: %q", c, coordinator)
			}
		}
		// Kit, a workspace admin, may name the coordinators, and reads
		// nothing.
		admin := h.command(kit, "help")
		if !strings.Contains(admin, "/one-to-one settings") {
			t.Errorf("an admin's help lacks settings: %q", admin)
		}
		for _, c := range []string{"/one-to-one team", "/one-to-one export", "/one-to-one forget @person"} {
			if strings.Contains(admin, c) {
				t.Errorf("an admin's help shows %q", c)
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

// Cancel asks for an optional word, and the other person reads it, escaped,
// in the note that the one-to-one is off. A word too long keeps the modal
// open and cancels nothing.
func TestCancelWithReason(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		h.click(alex, "Cancel")
		v := h.waitModal(alex, "cancel")

		// Slack's client holds the limit; a payload past it is refused.
		var view map[string]any
		raw, _ := json.Marshal(v)
		if err := json.Unmarshal(raw, &view); err != nil {
			t.Fatal(err)
		}
		view["state"] = map[string]any{"values": map[string]any{
			"reason": map[string]any{"reason": map[string]any{"type": "plain_text_input", "value": strings.Repeat("so sorry ", 60)}},
		}}
		long := map[string]any{"type": "view_submission", "user": map[string]any{"id": alex}, "team": map[string]any{"id": slacktest.TeamID}, "view": view}
		ack, err := h.fake.SendEnvelope(h.ctx, "interactive", long, "")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(ack.Payload), `"reason"`) || !strings.Contains(string(ack.Payload), "under 500 characters") {
			t.Errorf("a long word answered %s, want an error beside it", ack.Payload)
		}
		if o := h.only(); o.Status != models.StatusScheduled {
			t.Fatalf("a refused cancel changed the one-to-one: %s", o.Status)
		}

		if errs := h.submit(alex, map[string]string{"Anything you'd like them to know?": "So sorry: a shift came up <!channel> & I can't swap it."}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusCancelled)
		if o.ClosedBy != alex || o.Reason != "So sorry: a shift came up <!channel> & I can't swap it." {
			t.Errorf("cancelled by %q with %q", o.ClosedBy, o.Reason)
		}
		note := blocksJSON(h.waitDM(sam, "cancelled your one-to-one").Blocks)
		if !strings.Contains(note, "So sorry: a shift came up &lt;!channel&gt; &amp; I can't swap it.") || strings.Contains(note, "<!channel>") {
			t.Errorf("the note doesn't carry the word, escaped: %s", note)
		}
	})
}

// Without a word, the note says only that it's off.
func TestCancelWithoutReason(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> coffee?")
		h.waitDM(alex, "I sent your invitation")
		h.click(alex, "Cancel request")
		h.waitModal(alex, "cancel")
		h.submit(alex, nil)
		h.waitStatus(models.StatusCancelled)
		note := h.waitDM(sam, "cancelled your one-to-one")
		if n := len(note.Blocks.BlockSet); n != 1 {
			t.Errorf("the note has %d blocks, want the one line: %s", n, blocksJSON(note.Blocks))
		}
	})
}
