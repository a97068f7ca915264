package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
)

// Labels of the reflection modal.
const (
	askLabel      = "What did you ask of them, and what did they say?"
	excitesLabel  = "What does this person get excited talking about?"
	followUpLabel = "When should I remind you to follow up?"
)

// TestReflectionSavesAgainAfterItsFollowUpDay: Alex reflects and picks a
// follow-up day. Days after it, the follow-up's button opens the reflection
// with that day still in it; Alex adds a line and saves, and the day stays.
// Moving it to another day gone by is still refused, beside the field.
func TestReflectionSavesAgainAfterItsFollowUpDay(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		h.clock.Set(at.Add(2 * time.Hour)) // 17:00 in New York, Nov 29
		h.command(alex, "list")
		h.click(alex, "Reflect")
		h.waitModal(alex, "reflect")
		if errs := h.submit(alex, map[string]string{askLabel: "Come to the housing group", followUpLabel: "2026-11-30"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		o := h.waitStatus(models.StatusReflected)

		h.clock.Set(at.Add(6 * 24 * time.Hour))
		fu := models.Delivery{Kind: models.KindFollowUp, Subject: strconv.FormatInt(o.ID, 10), Recipient: alex, Window: "2026-11-30"}
		if err := bot.NewNotifier(h.bot).Send(h.ctx, fu); err != nil {
			t.Fatal(err)
		}
		h.waitDM(alex, "Time to follow up")
		h.click(alex, "Open my reflection")
		v := h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"initial_date":"2026-11-30"`) || !strings.Contains(js, "That day has passed") {
			t.Errorf("the modal doesn't keep the day gone by, with a word: %s", js[strings.Index(js, `"block_id":"follow_up"`):])
		}

		errs := h.submit(alex, map[string]string{followUpLabel: "2026-12-01"})
		if !strings.Contains(errs["follow_up"], "from today on") {
			t.Fatalf("another day gone by: errors = %v", errs)
		}
		if errs := h.submit(alex, map[string]string{excitesLabel: "Gardening"}); len(errs) != 0 {
			t.Fatalf("saving again after the follow-up day: errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		r, err := h.store.Reflection(context.Background(), o.ID, &models.Member{ID: alex})
		if err != nil {
			t.Fatal(err)
		}
		if r.Answers["excites"] != "Gardening" || r.Answers["ask"] != "Come to the housing group" || r.FollowUpOn == nil || r.FollowUpOn.Format(time.DateOnly) != "2026-11-30" {
			t.Errorf("saved %+v, follow-up %v", r.Answers, r.FollowUpOn)
		}
	})
}
