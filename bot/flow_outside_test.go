package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

// people returns everyone outside Slack in the store.
func (h *harness) people() []models.Person {
	h.t.Helper()
	var ps []models.Person
	if err := h.store.DB().Order("id").Find(&ps).Error; err != nil {
		h.t.Fatal(err)
	}
	return ps
}

// TestOutsideStoredOnlyWhenSubmitted: planning a one-to-one with someone
// outside Slack stores nothing until the schedule modal is submitted, so a
// closed modal or a refused time leaves no request behind to expire.
func TestOutsideStoredOnlyWhenSubmitted(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, `"Maria Lopez" coffee & pan dulce?`)
		h.waitModal(alex, "schedule_outside")
		if _, err := h.fake.CloseView(h.ctx, alex); err != nil {
			t.Fatal(err)
		}
		if n, p := len(h.oneToOnes()), len(h.people()); n != 0 || p != 0 {
			t.Fatalf("a closed modal left %d one-to-ones and %d people", n, p)
		}

		h.command(alex, `"Maria Lopez" coffee &amp; pan dulce?`)
		h.waitModal(alex, "schedule_outside")
		past := t0.Add(-time.Hour)
		errs := h.submit(alex, map[string]string{"When": fmt.Sprint(past.Unix())})
		if !strings.Contains(errs["when"], "already passed") {
			t.Fatalf("a past time: errors = %v", errs)
		}
		if n, p := len(h.oneToOnes()), len(h.people()); n != 0 || p != 0 {
			t.Fatalf("a refused time stored %d one-to-ones and %d people", n, p)
		}
		at := t0.Add(26 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(at.Unix()), "Where": "The bakery"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusScheduled)
		if o.RequesterID != alex || o.PersonID == nil || o.ScheduledAt == nil || !o.ScheduledAt.Equal(at) || o.Place != "The bakery" {
			t.Errorf("stored %+v", o)
		}
		if o.Message != "coffee & pan dulce?" {
			t.Errorf("stored note %q, want the words as typed", o.Message)
		}
		if ps := h.people(); len(ps) != 1 || ps[0].Name != "Maria Lopez" {
			t.Errorf("people = %+v", ps)
		}
		h.waitDM(alex, "Your one-to-one with *Maria Lopez* is set")
	})
}

// TestOutsideNamesMatchInAnyCase: a name on the list and a one-to-one
// planned in another case are the same person, and the list moves along.
func TestOutsideNamesMatchInAnyCase(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, `plan "Maria Lopez"`); !strings.Contains(got, "Added 1") {
			t.Fatalf("plan = %q", got)
		}
		h.command(alex, `"maria  lopez"`)
		v := h.waitModal(alex, "schedule_outside")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "*Maria Lopez*") {
			t.Errorf("the modal doesn't name Maria as first written: %s", js)
		}
		at := t0.Add(26 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(at.Unix())}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitStatus(models.StatusScheduled)
		if ps := h.people(); len(ps) != 1 {
			t.Errorf("%d people stored, want Maria once: %+v", len(ps), ps)
		}
		items, err := h.store.Plan(context.Background(), alex)
		if err != nil || len(items) != 1 || items[0].Status != models.PlanScheduled {
			t.Errorf("list = %+v, %v; want Maria scheduled", items, err)
		}
		// Asking again in yet another case opens the same one-to-one.
		h.command(alex, `"MARIA LOPEZ"`)
		h.waitModal(alex, "schedule")
		if n := len(h.oneToOnes()); n != 1 {
			t.Errorf("%d one-to-ones, want 1", n)
		}
	})
}
