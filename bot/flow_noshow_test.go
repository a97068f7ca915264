package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
)

// TestNoShowReopensTheRequest: Alex gets the reflection prompt for a
// meeting that didn't happen and says so. The one-to-one goes back to a
// request, Alex's prompt says what happened instead of offering a
// reflection, Sam hears it kindly with a way to pick a new time, and a
// second click on the old prompt changes nothing.
func TestNoShowReopensTheRequest(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := t0.Add(-24 * time.Hour)
		o, err := models.NewRequest(alex, sam, "coffee?", t0.Add(-72*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := h.store.CreateOneToOne(h.ctx, o); err != nil {
			t.Fatal(err)
		}
		if _, err := h.store.UpdateOneToOne(h.ctx, o.ID, func(o *models.OneToOne) error { return o.Schedule(at, time.Hour, "", t0.Add(-48*time.Hour)) }); err != nil {
			t.Fatal(err)
		}
		n := bot.NewNotifier(h.bot) // one message: the default pacing sends it at once
		prompt := models.Delivery{Kind: models.KindReflectionPrompt, Subject: models.AboutOneToOne(o.ID), Recipient: alex, Window: models.WindowAt(at)}
		if err := n.Send(h.ctx, prompt); err != nil {
			t.Fatal(err)
		}
		msg := h.waitDM(alex, "How did your one-to-one")
		for _, b := range []string{"Reflect", "It didn't happen", "Reschedule"} {
			if !hasButton(msg, b) {
				t.Errorf("the prompt lacks %q", b)
			}
		}

		h.click(alex, "It didn't happen")
		got := h.waitStatus(models.StatusRequested)
		if got.ScheduledAt != nil || !got.RequestedAt.Equal(t0) {
			t.Errorf("reopened: scheduled %v, requested %v; want no time, requested now", got.ScheduledAt, got.RequestedAt)
		}
		note := h.waitDM(sam, "let me know your one-to-one didn't happen")
		if !hasButton(note, "Pick a time") || !hasButton(note, "Not now") {
			t.Errorf("Sam's note lacks its buttons: %s", blocksJSON(note.Blocks))
		}
		err = h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(alex) {
				if m.TS == msg.TS {
					return m.Updated && strings.Contains(m.Text, "didn't happen") && !hasButton(m, "Reflect") && hasButton(m, "Pick a time")
				}
			}
			return false
		})
		if err != nil {
			t.Errorf("Alex's prompt still offers a reflection: %v", h.fake.DMs(alex))
		}
		// The reopened request is live: the new messages are its refs.
		err = h.fake.WaitFor(h.ctx, func() bool {
			got = h.only()
			return got.InviteTS == note.TS && got.RequesterTS == msg.TS
		})
		if err != nil {
			t.Errorf("refs = invite %s, requester %s; want the new note %s and the prompt %s", got.InviteTS, got.RequesterTS, note.TS, msg.TS)
		}

		// A second click on the old copy of the prompt changes nothing.
		if _, err := h.fake.ClickButtonIn(h.ctx, alex, msg, "It didn't happen"); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(alex, "already waiting for a new time")
		if os := h.oneToOnes(); len(os) != 1 || os[0].Status != models.StatusRequested || os[0].Version != got.Version {
			t.Errorf("a second click changed the one-to-one: %+v", os)
		}

		// Sam picks a new time from the note.
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
	})
}

// TestNoShowWithSomeoneOutsideSlack: Alex planned a one-to-one with Maria,
// who isn't in Slack, and it didn't happen. The prompt's button reopens it
// for Alex alone to pick a new time; nobody else hears of it.
func TestNoShowWithSomeoneOutsideSlack(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, `"Maria Lopez"`)
		h.waitModal(alex, "schedule_outside")
		at := t0.Add(26 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": strconv.FormatInt(at.Unix(), 10)}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusScheduled)
		h.clock.Set(at.Add(3 * time.Hour))
		n := bot.NewNotifier(h.bot)
		prompt := models.Delivery{Kind: models.KindReflectionPrompt, Subject: models.AboutOneToOne(o.ID), Recipient: alex, Window: models.WindowAt(at)}
		if err := n.Send(h.ctx, prompt); err != nil {
			t.Fatal(err)
		}
		msg := h.waitDM(alex, "How did your one-to-one with *Maria Lopez* go?")

		h.click(alex, "It didn't happen")
		got := h.waitStatus(models.StatusRequested)
		if got.ScheduledAt != nil || got.PersonID == nil || *got.PersonID != *o.PersonID {
			t.Errorf("reopened %+v; want the same person, no time", got)
		}
		err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(alex) {
				if m.TS == msg.TS {
					return m.Updated && strings.Contains(m.Text, "didn't happen") && !hasButton(m, "Reflect") && hasButton(m, "Pick a time")
				}
			}
			return false
		})
		if err != nil {
			t.Errorf("Alex's prompt still offers a reflection: %v", h.fake.DMs(alex))
		}
		for _, e := range h.fake.Ephemerals(alex) {
			t.Errorf("Alex was told %q", e.Text)
		}
		for _, c := range h.fake.Calls("chat.postMessage") {
			if ch := c.Params["channel"]; ch != "DUALEX" {
				t.Errorf("a message went to %v", ch)
			}
		}
		h.click(alex, "Pick a time")
		h.waitModal(alex, "schedule")
	})
}
