package bot_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
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
		fu := models.Delivery{Kind: models.KindFollowUp, Subject: models.AboutOneToOne(o.ID), Recipient: alex, Window: "2026-11-30"}
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
		h.moreQuestions(alex, nil)
		if errs := h.submit(alex, map[string]string{excitesLabel: "Gardening"}); len(errs) != 0 {
			t.Fatalf("saving again after the follow-up day: errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		r, err := h.store.Reflection(context.Background(), o.ID, alex, &models.Member{ID: alex})
		if err != nil {
			t.Fatal(err)
		}
		if r.Answers["excites"] != "Gardening" || r.Answers["ask"] != "Come to the housing group" || r.FollowUpOn == nil || r.FollowUpOn.Format(time.DateOnly) != "2026-11-30" {
			t.Errorf("saved %+v, follow-up %v", r.Answers, r.FollowUpOn)
		}
	})
}

// reflections runs the scheduler's reflections job now, with the bot's own
// notifier: both prompts, reminders and their delivery keys as in
// production.
func (h *harness) reflections(sch *scheduler.Scheduler) {
	h.t.Helper()
	if err := sch.RunJob(h.ctx, "reflections", h.clock.Now()); err != nil {
		h.t.Fatalf("reflections job: %v", err)
	}
}

func (h *harness) newScheduler() *scheduler.Scheduler {
	return scheduler.New(scheduler.Config{Store: h.store, Notifier: bot.NewNotifier(h.bot), Now: h.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// dmsContaining counts user's DMs whose text contains want.
func (h *harness) dmsContaining(user, want string) int {
	n := 0
	for _, m := range h.fake.DMs(user) {
		if strings.Contains(m.Text, want) {
			n++
		}
	}
	return n
}

// TestBothPeopleReflect: after their meeting, Alex (who asked) and Sam (who
// was asked) are each prompted, in their own waking hours, to write their
// own reflection. Sam writes his; it counts for nobody else: Alex still has
// his to write, gets the one gentle reminder two days on while Sam does
// not, and opens an empty form, never Sam's words. The meeting counts
// toward both people's goals.
func TestBothPeopleReflect(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "goal 3")
		h.command(sam, "goal 2")
		at := h.scheduled() // Sunday 20:00 UTC: 15:00 in New York, 21:00 in Paris
		sch := h.newScheduler()

		h.clock.Set(at.Add(2 * time.Hour)) // an hour after it ended: 17:00 in New York, 23:00 in Paris
		h.reflections(sch)
		h.waitDM(alex, "How did your one-to-one with <@USAM> go?")
		if n := h.dmsContaining(sam, "How did your one-to-one"); n != 0 {
			t.Errorf("Sam was asked at 23:00 in Paris")
		}
		h.clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) // 09:00 in Paris
		h.reflections(sch)
		theirs := h.waitDM(sam, "How did your one-to-one with <@UALEX> go?")
		for _, b := range []string{"Reflect", "It didn't happen"} {
			if !hasButton(theirs, b) {
				t.Errorf("Sam's prompt lacks %q", b)
			}
		}

		if _, err := h.fake.ClickButtonIn(h.ctx, sam, theirs, "Reflect"); err != nil {
			t.Fatal(err)
		}
		v := h.waitModal(sam, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "How did it go with <@UALEX>?") {
			t.Errorf("Sam's form doesn't name Alex: %s", js[:200])
		}
		if errs := h.submit(sam, map[string]string{selfInterestLabel: "SAM-SECRET: the street's history"}); len(errs) != 0 {
			t.Fatalf("Sam's reflection: errors = %v", errs)
		}
		h.waitModal(sam, "reflect_saved")
		o := h.waitStatus(models.StatusReflected)
		if got := h.command(alex, "list"); !strings.Contains(got, "1 to reflect on") {
			t.Errorf("Alex's list after Sam reflected = %q; Alex's own is still to write", got)
		}
		if got := h.command(sam, "list"); !strings.Contains(got, "Nothing open") {
			t.Errorf("Sam's list after reflecting = %q", got)
		}

		// Two days on, the one gentle reminder goes to Alex alone.
		h.clock.Set(at.Add(50 * time.Hour))
		h.reflections(sch)
		h.clock.Set(time.Date(2026, 12, 2, 8, 30, 0, 0, time.UTC))
		h.reflections(sch)
		reminder := h.waitDM(alex, "A gentle reminder to reflect")
		if n := h.dmsContaining(sam, "A gentle reminder to reflect"); n != 0 {
			t.Errorf("Sam, who reflected, was reminded %d times", n)
		}

		if _, err := h.fake.ClickButtonIn(h.ctx, alex, reminder, "Reflect"); err != nil {
			t.Fatal(err)
		}
		v = h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); strings.Contains(js, "SAM-SECRET") {
			t.Errorf("Alex's form shows Sam's reflection")
		}
		if errs := h.submit(alex, map[string]string{askLabel: "Come to the tenants' meeting"}); len(errs) != 0 {
			t.Fatalf("Alex's reflection: errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		mine, err := h.store.Reflection(h.ctx, o.ID, alex, &models.Member{ID: alex})
		if err != nil || mine.Answers["ask"] != "Come to the tenants' meeting" || mine.Answers["self_interest"] != "" {
			t.Errorf("Alex's reflection = %+v, %v", mine, err)
		}
		his, err := h.store.Reflection(h.ctx, o.ID, sam, &models.Member{ID: sam})
		if err != nil || his.Answers["self_interest"] != "SAM-SECRET: the street's history" || his.Answers["ask"] != "" {
			t.Errorf("Sam's reflection = %+v, %v", his, err)
		}
		if _, err := h.store.Reflection(h.ctx, o.ID, sam, &models.Member{ID: alex}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("Alex reads Sam's reflection: %v", err)
		}

		// The meeting counts toward both goals.
		if got := h.command(alex, "goal"); !strings.Contains(got, "1 of 3") {
			t.Errorf("Alex's goal = %q, want 1 of 3", got)
		}
		if got := h.command(sam, "goal"); !strings.Contains(got, "1 of 2") {
			t.Errorf("Sam's goal = %q, want 1 of 2", got)
		}
	})
}

// TestNoShowByTheInvitee: Sam, who was asked, is prompted too, and can say
// the meeting didn't happen: it reopens, and Alex hears it kindly.
func TestNoShowByTheInvitee(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		o := h.only()
		h.clock.Set(at.Add(3 * time.Hour))
		prompt := models.Delivery{Kind: models.KindReflectionPrompt, Subject: models.AboutOneToOne(o.ID), Recipient: sam, Window: models.WindowAt(at)}
		if err := bot.NewNotifier(h.bot).Send(h.ctx, prompt); err != nil {
			t.Fatalf("Sam's prompt: %v", err)
		}
		msg := h.waitDM(sam, "How did your one-to-one with <@UALEX> go?")
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, msg, "It didn't happen"); err != nil {
			t.Fatal(err)
		}
		h.waitStatus(models.StatusRequested)
		note := h.waitDM(alex, "let me know your one-to-one didn't happen")
		if !hasButton(note, "Pick a time") {
			t.Errorf("Alex's note lacks a way to pick a new time")
		}
	})
}
