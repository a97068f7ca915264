package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

const budgetLabel = "Unasked messages per person per week, at most"

// fillWeek spends user's whole default budget for the week of the clock's
// time, as three reminders from other requests would.
func fillWeek(t *testing.T, h *harness, user string) {
	t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	week := models.WeekOf(h.clock.Now(), paris)
	for i := range models.DefaultUnaskedPerWeek {
		got, err := h.store.RecordUnasked(context.Background(), models.KindManualNudge, models.AboutOneToOne(models.OneToOneID(900+i)), user, "earlier", week, models.DefaultUnaskedPerWeek)
		if err != nil || got != models.Within {
			t.Fatalf("fill the week: %v, %v", got, err)
		}
	}
}

// TestRemindThemOverBudget: Sam has had as many unasked messages this week
// as the group allows, so Alex's "Remind them" is answered kindly with when
// it can go, and Sam gets nothing; next week it goes.
func TestRemindThemOverBudget(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> coffee next week?")
		h.waitDM(sam, "would like")
		fillWeek(t, h, sam)
		dms := len(h.fake.DMs(sam))

		if got := h.command(alex, "<@USAM> again?"); !strings.Contains(got, "already asked") {
			t.Fatalf("reply = %q", got)
		}
		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "I haven't sent <@USAM> a reminder")
		// Sam's week ends Monday November 30 at midnight in Paris; the
		// answer names that Monday.
		monday := time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC) // noon in Paris
		var answer string
		for _, e := range h.fake.Ephemerals(alex) {
			if strings.Contains(e.Text, "I haven't sent") {
				answer = e.Text
			}
		}
		for _, want := range []string{"already had 3 messages from me this week", fmt.Sprintf("<!date^%d^", monday.Unix()), "in person"} {
			if !strings.Contains(answer, want) {
				t.Errorf("answer lacks %q: %q", want, answer)
			}
		}
		if n := len(h.fake.DMs(sam)); n != dms {
			t.Errorf("Sam got %d more DMs over the budget", n-dms)
		}

		// A new week in Paris: the reminder goes.
		h.clock.Set(monday.Add(-2 * time.Hour))
		h.click(alex, "Send a gentle reminder")
		h.waitDM(sam, "gentle reminder")
		h.waitEphemeral(alex, "Done: I sent")
	})
}

// TestRemindThemWhenTheGroupChoseNone: coordinators set the number to 0 in
// settings, and from the next click on no reminder goes, without a restart.
func TestRemindThemWhenTheGroupChoseNone(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(robin, "settings")
		h.waitModal(robin, "settings")
		if errs := h.submit(robin, map[string]string{budgetLabel: "0"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.command(alex, "<@USAM> coffee next week?")
		h.waitDM(sam, "would like")
		dms := len(h.fake.DMs(sam))
		h.command(alex, "<@USAM> again?")
		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "your group has chosen that I send nobody messages they didn't ask for")
		if n := len(h.fake.DMs(sam)); n != dms {
			t.Errorf("Sam got %d DMs under a budget of 0", n-dms)
		}
	})
}

func TestSettingsWeeklyBudget(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.command(robin, "settings")
		v := h.waitModal(robin, "settings")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"action_id":"unasked_per_week","placeholder":{"type":"plain_text","text":"3","emoji":true},"initial_value":"3"`) {
			t.Errorf("the modal does not show the default of 3: %s", js)
		}
		for _, bad := range []string{"8", "10", "-1", "x"} {
			errs := h.submit(robin, map[string]string{budgetLabel: bad})
			if !strings.Contains(errs["unasked_per_week"], "from 0 (none) to 7") {
				t.Errorf("%q: errors = %v", bad, errs)
			}
		}
		if st, _ := h.store.Settings(ctx); st.UnaskedPerWeek != nil {
			t.Fatalf("a refused number was stored: %d", *st.UnaskedPerWeek)
		}
		if errs := h.submit(robin, map[string]string{budgetLabel: "5"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		st, _ := h.store.Settings(ctx)
		if st.UnaskedPerWeek == nil || *st.UnaskedPerWeek != 5 || st.Effective(models.Settings{}.WithDefaults()).UnaskedLimit() != 5 {
			t.Fatalf("saved %v, want 5", st.UnaskedPerWeek)
		}
		h.command(robin, "settings")
		v = h.waitModal(robin, "settings")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"initial_value":"5"`) {
			t.Errorf("the modal does not show the saved 5: %s", js)
		}
		// Cleared, it is the default again.
		if errs := h.submit(robin, map[string]string{budgetLabel: ""}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		if st, _ := h.store.Settings(ctx); st.UnaskedPerWeek != nil || st.Effective(models.Settings{}.WithDefaults()).UnaskedLimit() != 3 {
			t.Errorf("cleared = %v, want the default", st.UnaskedPerWeek)
		}
	})
}

// TestRemindThemSlackRefused: when Slack refuses the reminder, Alex is told
// nothing was sent, and Sam's slot and the day's reminder are given back,
// so the next click sends it and spends one slot only.
func TestRemindThemSlackRefused(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		h.waitDM(alex, "I sent your invitation")
		h.clock.Advance(3 * 24 * time.Hour)
		if got := h.command(alex, "<@USAM> again?"); !strings.Contains(got, "already asked") {
			t.Fatalf("second request = %q", got)
		}
		dms := len(h.fake.DMs(sam))
		h.fake.FailNext("chat.postMessage", "internal_error")
		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "so nothing was sent")
		for _, e := range h.fake.Ephemerals(alex) {
			if strings.Contains(e.Text, "Done: I sent") {
				t.Errorf("Alex was told the failed reminder went: %q", e.Text)
			}
		}
		paris, _ := time.LoadLocation("Europe/Paris")
		week := models.WeekOf(h.clock.Now(), paris)
		if n, err := h.store.UnaskedSpent(context.Background(), sam, week); err != nil || n != 0 {
			t.Fatalf("after the refused reminder Sam's week holds %d, %v; want 0", n, err)
		}

		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "Done: I sent")
		h.waitDM(sam, "A gentle reminder")
		if n := len(h.fake.DMs(sam)); n != dms+1 {
			t.Errorf("Sam got %d messages, want the one reminder", n-dms)
		}
		if n, err := h.store.UnaskedSpent(context.Background(), sam, week); err != nil || n != 1 {
			t.Errorf("Sam's week holds %d, %v; want the one reminder", n, err)
		}
	})
}
