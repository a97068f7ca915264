package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

// requested has alex ask sam and waits for the invitation.
func (h *harness) requested() {
	h.t.Helper()
	h.command(alex, "<@USAM> coffee?")
	h.waitDM(sam, "would like to have a one-to-one")
	h.fake.WaitFor(h.ctx, func() bool { return h.only().InviteTS != "" })
}

// scheduled has sam pick a time two days ahead, for an hour, at a café.
func (h *harness) scheduled() time.Time {
	h.t.Helper()
	h.requested()
	h.click(sam, "Pick a time")
	h.waitModal(sam, "schedule")
	at := t0.Add(48 * time.Hour).Truncate(time.Minute)
	if errs := h.submit(sam, map[string]string{"When": fmt.Sprint(at.Unix()), "How long": "60 minutes", "Where": "Café <Luna> & co"}); len(errs) != 0 {
		h.t.Fatalf("schedule errors = %v", errs)
	}
	h.waitStatus(models.StatusScheduled)
	h.waitDM(alex, "Your one-to-one with")
	h.waitDM(sam, "Your one-to-one with")
	return at
}

func TestPickATime(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		invite := h.waitDM(sam, "would like")
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
		// A time in the past keeps the modal open with the error beside it.
		errs := h.submit(sam, map[string]string{"When": fmt.Sprint(t0.Add(-time.Hour).Unix())})
		if !strings.Contains(errs["when"], "already passed") {
			t.Fatalf("past time errors = %v", errs)
		}
		h.waitModal(sam, "schedule")
		at := t0.Add(48 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(sam, map[string]string{"When": fmt.Sprint(at.Unix()), "How long": "60 minutes", "Where": "Café <Luna> & co"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusScheduled)
		if !o.ScheduledAt.Equal(at) || o.DurationMin != 60 || o.Place != "Café <Luna> & co" {
			t.Errorf("stored %+v", o)
		}
		for _, u := range []string{alex, sam} {
			m := h.waitDM(u, "Your one-to-one with")
			js := blocksJSON(m.Blocks)
			if !strings.Contains(js, fmt.Sprintf("<!date^%d^", at.Unix())) {
				t.Errorf("%s's DM lacks Slack date formatting: %s", u, js)
			}
			if !strings.Contains(js, "Café &lt;Luna&gt; &amp; co") {
				t.Errorf("%s's DM place not escaped: %s", u, js)
			}
			if !hasButton(m, "Reschedule") || !hasButton(m, "Cancel") {
				t.Errorf("%s's DM lacks Reschedule/Cancel", u)
			}
		}
		// The invitation's buttons were retired; pressing the stale one
		// on a closed request is refused, on a scheduled one it reopens
		// the picker.
		h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == invite.TS {
					return m.Updated && !hasButton(m, "Not now")
				}
			}
			return false
		})
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, invite, "Not now"); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "no longer open")
	})
}

func TestScheduleModalShowsOwnTimezone(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		h.click(sam, "Pick a time")
		v := h.waitModal(sam, "schedule")
		// Tomorrow at noon in Paris, Sam's timezone.
		paris, _ := time.LoadLocation("Europe/Paris")
		want := time.Date(2026, 11, 28, 12, 0, 0, 0, paris).Unix()
		if js := blocksJSON(v.Blocks); !strings.Contains(js, fmt.Sprintf(`"initial_date_time":%d`, want)) {
			t.Errorf("picker not at noon in Paris: %s", js)
		}
	})
}

func TestRescheduleAndCancel(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		old := h.waitDM(sam, "Your one-to-one with")
		// Alex moves it; Sam is told.
		h.click(alex, "Reschedule")
		h.waitModal(alex, "schedule")
		later := t0.Add(72 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(later.Unix())}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.fake.WaitFor(h.ctx, func() bool { o := h.only(); return o.ScheduledAt.Equal(later) })
		h.waitDM(sam, "moved")
		// Sam's old DM lost its buttons.
		h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == old.TS {
					return !hasButton(m, "Reschedule")
				}
			}
			return false
		})
		// Sam cancels; Alex is told; the one-to-one is closed once.
		h.click(sam, "Cancel")
		h.waitModal(sam, "cancel")
		h.submit(sam, nil)
		h.waitStatus(models.StatusCancelled)
		h.waitDM(alex, "cancelled your one-to-one")
		if o := h.only(); o.ClosedBy != sam {
			t.Errorf("closed by %q", o.ClosedBy)
		}
	})
}

func TestTwoPeoplePressAtOnce(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		copy := h.waitDM(alex, "I sent your invitation")
		invite := h.waitDM(sam, "would like")
		// Alex cancels while Sam declines, each through their modal.
		h.click(sam, "Not now")
		h.waitModal(sam, "decline")
		if _, err := h.fake.ClickButtonIn(h.ctx, alex, copy, "Cancel request"); err != nil {
			t.Fatal(err)
		}
		h.waitModal(alex, "cancel")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); h.fake.SubmitView(h.ctx, alex, nil) }()
		go func() { defer wg.Done(); h.fake.SubmitView(h.ctx, sam, nil) }()
		wg.Wait()
		h.fake.WaitFor(h.ctx, func() bool { o := h.only(); return !o.IsOpen() })
		o := h.only()
		if o.Status != models.StatusCancelled && o.Status != models.StatusDeclined {
			t.Fatalf("status = %s", o.Status)
		}
		if o.Version > 3 {
			t.Errorf("version %d: more changes than the request, its refs and one close", o.Version)
		}
		_ = invite
	})
}

func TestReplayedSubmissionSchedulesOnce(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		h.click(sam, "Pick a time")
		v := h.waitModal(sam, "schedule")
		at := t0.Add(50 * time.Hour).Truncate(time.Minute)
		payload := map[string]any{
			"type": "view_submission", "user": map[string]any{"id": sam}, "team": map[string]any{"id": "T0TEST"},
			"view": map[string]any{"id": v.ID, "callback_id": "schedule", "private_metadata": v.PrivateMetadata, "type": "modal",
				"state": map[string]any{"values": map[string]any{
					"when":     map[string]any{"when": map[string]any{"type": "datetimepicker", "selected_date_time": at.Unix()}},
					"duration": map[string]any{"duration": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "45"}}},
					"place":    map[string]any{"place": map[string]any{"type": "plain_text_input", "value": "Library"}},
				}}},
		}
		for i := 0; i < 3; i++ {
			if _, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, ""); err != nil {
				t.Fatal(err)
			}
		}
		o := h.waitStatus(models.StatusScheduled)
		if !o.ScheduledAt.Equal(at) {
			t.Errorf("scheduled at %v", o.ScheduledAt)
		}
		if n := len(h.oneToOnes()); n != 1 {
			t.Errorf("%d one-to-ones", n)
		}
	})
}

func TestLogAndReflect(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, tt := range []struct{ name, text, want string }{
			{"ErrNobody", "log", "Who did you meet"},
			{"ErrSelf", "log <@UALEX>", "That's you"},
			{"ErrBot", "log <@UBOTTY>", "is a bot"},
			{"ErrTwoNames", `log "Ana" "Bo"`, "One person at a time"},
			{"ErrLongName", `log "` + strings.Repeat("n", 81) + `"`, "longer than"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if got := h.command(alex, tt.text); !strings.Contains(got, tt.want) {
					t.Errorf("reply = %q, want %q", got, tt.want)
				}
			})
		}
		h.command(alex, "log <@USAM>")
		h.waitModal(alex, "reflect")
		// Nothing worth saving is refused and the modal stays open.
		errs := h.submit(alex, nil)
		if !strings.Contains(errs["relationship"], "at least one question") {
			t.Fatalf("empty reflection errors = %v", errs)
		}
		errs = h.submit(alex, map[string]string{
			selfInterestLabel:                                  "Her kids' school <!channel>",
			"Where are they on the engagement ladder?":         "3 · Ready to help",
			"What did you ask of them, and what did they say?": "Come to the housing working group; she said yes",
		})
		if len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		v := h.waitModal(alex, "reflect_saved")
		if !strings.Contains(blocksJSON(v.Blocks), "Saved your reflection") {
			t.Errorf("confirmation = %s", blocksJSON(v.Blocks))
		}
		o := h.only()
		if o.Status != models.StatusReflected || o.InviteeID != sam || o.HeldAt == nil {
			t.Errorf("stored %+v", o)
		}
		r, err := h.store.Reflection(context.Background(), o.ID, alex, &models.Member{ID: alex})
		if err != nil || r.Answers["self_interest"] != "Her kids' school <!channel>" || r.Engagement != 3 {
			t.Errorf("reflection = %+v, %v", r, err)
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("logging sent Sam %d DMs; reflections are private", n)
		}
		// Someone outside Slack.
		h.command(alex, `log "Maria Lopez"`)
		h.waitModal(alex, "reflect")
		if errs := h.submit(alex, map[string]string{relationshipLabel: "We both grew up on the east side"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		os := h.oneToOnes()
		if len(os) != 2 || os[1].PersonID == nil || os[1].InviteeID != "" {
			t.Fatalf("outside-Slack log stored %+v", os)
		}
	})
}

func TestReflectButtonAndList(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		if got := h.command(alex, "list"); !strings.Contains(got, "1 coming up") {
			t.Errorf("list before = %q", got)
		}
		// Time passes; the meeting is now one to reflect on.
		h.clock.Set(at.Add(2 * time.Hour))
		if got := h.command(alex, "list"); !strings.Contains(got, "1 to reflect on") {
			t.Errorf("list after = %q", got)
		}
		h.click(alex, "Reflect")
		h.waitModal(alex, "reflect")
		if errs := h.submit(alex, map[string]string{selfInterestLabel: "Gardening"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		o := h.waitStatus(models.StatusReflected)
		if o.HeldAt == nil || !o.HeldAt.Equal(at) {
			t.Errorf("held at %v, want the scheduled time %v", o.HeldAt, at)
		}
		// Sam may write his own: Alex's counts only for Alex.
		if got := h.command(sam, "list"); !strings.Contains(got, "1 to reflect on") {
			t.Errorf("Sam's list = %q, want his own reflection to write", got)
		}
		if got := h.command(alex, "list"); !strings.Contains(got, "Nothing open") {
			t.Errorf("list at the end = %q", got)
		}
	})
}

func TestOutsideSlackByTheOrganizerAlone(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, `"Maria <Lopez>" at the laundromat`)
		v := h.waitModal(alex, "schedule_outside")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "*Maria &lt;Lopez&gt;*") {
			t.Errorf("modal doesn't name Maria safely: %s", js)
		}
		at := t0.Add(26 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(at.Unix()), "Where": "Laundromat"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		o := h.waitStatus(models.StatusScheduled)
		if o.PersonID == nil || o.InviteeID != "" {
			t.Fatalf("stored %+v", o)
		}
		m := h.waitDM(alex, "Your one-to-one with")
		if !strings.Contains(m.Text, "*Maria &lt;Lopez&gt;*") {
			t.Errorf("DM = %q", m.Text)
		}
		for _, c := range h.fake.Calls("chat.postMessage") {
			if ch := fmt.Sprint(c.Params["channel"]); ch != "DUALEX" {
				t.Errorf("a message went to %s", ch)
			}
		}
		// Asking again reopens the same one-to-one, not a second.
		h.command(alex, `"Maria <Lopez>"`)
		h.waitModal(alex, "schedule")
		h.fake.CloseView(h.ctx, alex)
		if n := len(h.oneToOnes()); n != 1 {
			t.Errorf("%d one-to-ones", n)
		}
		h.clock.Set(at.Add(2 * time.Hour))
		h.command(alex, "list")
		h.click(alex, "Reflect")
		h.waitModal(alex, "reflect")
		if errs := h.submit(alex, map[string]string{relationshipLabel: "Night shifts"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitStatus(models.StatusReflected)
	})
}
