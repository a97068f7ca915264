package bot_test

import (
	"strings"
	"testing"
)

// Home's buttons at the top open the forms the command does: asking,
// logging (who, then the reflection), and setting the goal.
func TestHomeActionButtons(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		home := h.openHome(alex, "EvHomeActions1")
		for _, want := range []string{"Ask someone", "Log a one-to-one", "Set my goal"} {
			if !strings.Contains(home, want) {
				t.Errorf("Home lacks the %q button", want)
			}
		}

		h.click(alex, "Ask someone")
		if v := h.waitModal(alex, "request"); whoChosen(v) != "" {
			t.Errorf("Ask someone starts with %q chosen", whoChosen(v))
		}
		h.fake.CloseView(h.ctx, alex)

		h.click(alex, "Log a one-to-one")
		h.waitModal(alex, "log_who")
		if errs := h.submit(alex, map[string]string{}); !strings.Contains(errs["who"], "Choose who you met") {
			t.Errorf("an empty answer: errors = %v", errs)
		}
		if errs := h.submit(alex, map[string]string{"Who did you meet?": sam}); len(errs) > 0 {
			t.Fatalf("log who: %v", errs)
		}
		h.waitModal(alex, "reflect")
		h.fake.CloseView(h.ctx, alex)

		h.click(alex, "Set my goal")
		h.waitModal(alex, "goal")
		if errs := h.submit(alex, map[string]string{"One-to-ones in the next 4 weeks": "99"}); !strings.Contains(errs["goal"], "whole number") {
			t.Errorf("goal 99: errors = %v", errs)
		}
		if errs := h.submit(alex, map[string]string{"One-to-ones in the next 4 weeks": "5"}); len(errs) > 0 {
			t.Fatalf("goal 5: %v", errs)
		}
		g, err := h.store.LatestGoal(h.ctx, alex)
		if err != nil || g == nil || g.Target != 5 {
			t.Fatalf("goal after the form = %+v, %v; want 5", g, err)
		}
	})
}

// Rows on Home carry their actions: the invitee's Not now, the
// requester's Remind them.
func TestHomeRowActions(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@"+sam+"> coffee?")
		h.waitDM(sam, "one-to-one")

		if home := h.openHome(alex, "EvHomeRows1"); !strings.Contains(home, "Remind them") {
			t.Fatalf("the requester's row has no Remind them: %s", home)
		}
		h.click(alex, "Remind them")
		h.waitDM(alex, "gentle reminder")
		h.waitDM(sam, "A gentle reminder")

		if home := h.openHome(sam, "EvHomeRows2"); !strings.Contains(home, "Not now") {
			t.Fatalf("the invitee's row has no Not now: %s", home)
		}
		h.click(sam, "Not now")
		h.waitModal(sam, "decline")
	})
}
