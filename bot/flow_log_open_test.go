package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

const askCommon = relationshipLabel

// TestLogOpenOneToOne: `log @person` while a one-to-one with them is
// scheduled records that one as held, instead of a second record, and
// retires its buttons.
func TestLogOpenOneToOne(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		samsCopy := h.waitDM(sam, "Your one-to-one with")
		h.clock.Set(at.Add(2 * time.Hour))
		h.command(alex, "log <@USAM|sam>")
		v := h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "scheduled for <!date^"+fmt.Sprint(at.Unix())) || !strings.Contains(js, "records that one as held") {
			t.Errorf("the modal doesn't say it logs the scheduled one-to-one: %s", js)
		}
		if errs := h.submit(alex, map[string]string{askCommon: "Night shifts"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusReflected) // still one one-to-one
		if o.HeldAt == nil || o.HeldAt.Before(at) || o.HeldAt.After(h.clock.Now()) {
			t.Errorf("held at %v, want between the meeting and now", o.HeldAt)
		}
		if err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == samsCopy.TS {
					return !hasButton(m, "Reschedule")
				}
			}
			return false
		}); err != nil {
			t.Errorf("Sam's message about the meeting kept its buttons")
		}
	})
}

// TestLogOpenOutsideSlack: the same for someone outside Slack, named in
// another case, on the day of the meeting.
func TestLogOpenOutsideSlack(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, `"Maria Lopez"`)
		h.waitModal(alex, "schedule_outside")
		at := t0.Add(26 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(at.Unix())}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitStatus(models.StatusScheduled)
		h.clock.Set(at.Add(72 * time.Hour))
		h.command(alex, `log "maria lopez"`)
		v := h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "*Maria Lopez* scheduled for") {
			t.Errorf("the modal doesn't name the scheduled one-to-one: %s", js)
		}
		if errs := h.submit(alex, map[string]string{askCommon: "The laundromat"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusReflected)
		ny, _ := time.LoadLocation("America/New_York")
		y, m, d := at.In(ny).Date()
		if want := time.Date(y, m, d, 12, 0, 0, 0, ny); o.HeldAt == nil || !o.HeldAt.Equal(want) {
			t.Errorf("held at %v, want the meeting's day, %v", o.HeldAt, want)
		}
		if ps := h.people(); len(ps) != 1 {
			t.Errorf("%d people, want Maria once", len(ps))
		}
	})
}
