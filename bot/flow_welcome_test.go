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

const welcomed = "This group practises one-to-ones"

// A coordinator turns the welcome on with a link to the guide (a bad link
// refused); whoever joins the digest channel then gets one welcome, ever,
// counted in their weekly budget; a join elsewhere gets none.
func TestWelcomeOnceToWhoJoins(t *testing.T) {
	eachConsentHarness(t, func(t *testing.T, h *harness) {
		h.joinChannel(sam, digestChannel, "EvWelcomeEarly")
		h.runJob("welcome", t0.Add(time.Minute))
		if n := h.dmsContaining(sam, welcomed); n != 0 {
			t.Fatalf("welcomed %d times before the group turned it on", n)
		}

		h.openSettings()
		errs := h.submit(robin, map[string]string{
			"Welcome newcomers":          "Send a welcome to each person who joins the digest channel",
			"Link to your group's guide": "javascript:alert(1)",
		})
		if !strings.Contains(errs[models.FieldGuideURL], "https://") {
			t.Fatalf("a bad guide link: errors = %v", errs)
		}
		if errs := h.submit(robin, map[string]string{
			"Welcome newcomers":          "Send a welcome to each person who joins the digest channel",
			"Link to your group's guide": "https://example.org/guide",
		}); len(errs) > 0 {
			t.Fatalf("refused: %v", errs)
		}

		h.joinChannel(alex, "C0ELSEWHERE", "EvWelcomeElsewhere")
		h.joinChannel(sam, digestChannel, "EvWelcome1")
		h.runJob("welcome", t0.Add(2*time.Minute))
		m := h.waitDM(sam, welcomed)
		if js := blocksJSON(m.Blocks); !strings.Contains(js, "https://example.org/guide") {
			t.Errorf("the welcome has no link to the guide: %s", js)
		}

		// Sam leaves and joins again, and Slack sends that twice: still
		// one welcome.
		h.joinChannel(sam, digestChannel, "EvWelcome2")
		h.joinChannel(sam, digestChannel, "EvWelcome3")
		h.runJob("welcome", t0.Add(3*time.Minute))
		h.runJob("welcome", t0.Add(24*time.Hour))
		if n := h.dmsContaining(sam, welcomed); n != 1 {
			t.Errorf("sam was welcomed %d times, want once", n)
		}
		if n := h.dmsContaining(alex, welcomed); n != 0 {
			t.Errorf("alex, who joined another channel, was welcomed %d times", n)
		}
		ds, err := h.store.Deliveries(context.Background(), models.AboutChannel(digestChannel))
		if err != nil {
			t.Fatal(err)
		}
		var spent []string
		for _, d := range ds {
			if d.Kind == models.KindWelcome {
				spent = append(spent, d.Recipient+":"+d.State+":"+d.BudgetWeek)
			}
		}
		if len(spent) != 1 || !strings.HasPrefix(spent[0], sam+":sent:") || strings.HasSuffix(spent[0], ":") {
			t.Errorf("welcome deliveries = %q, want one sent to sam that spent a week's budget", spent)
		}
	})
}

// joinChannel has user join channel, and waits for the bot to handle it.
func (h *harness) joinChannel(user, channel, eventID string) {
	h.t.Helper()
	before := strings.Count(h.logs.String(), "welcome: join handled")
	if _, err := h.fake.SendEvent(h.ctx, eventID, map[string]any{"type": "member_joined_channel", "user": user, "channel": channel}); err != nil {
		h.t.Fatal(err)
	}
	h.waitLogged("welcome: join handled", before+1)
}

// A welcome due at night waits for the newcomer's morning.
func TestWelcomeWaitsForMorning(t *testing.T) {
	eachConsentHarness(t, func(t *testing.T, h *harness) {
		h.openSettings()
		if errs := h.submit(robin, map[string]string{"Welcome newcomers": "Send a welcome to each person who joins the digest channel"}); len(errs) > 0 {
			t.Fatalf("refused: %v", errs)
		}
		h.joinChannel(sam, digestChannel, "EvWelcomeNight")
		// t0 is 21:00 in Paris, Sam's timezone.
		h.runJobHours("welcome", t0.Add(time.Minute), scheduler.DefaultHours)
		if n := h.dmsContaining(sam, welcomed); n != 0 {
			t.Fatalf("welcomed at 21:00 in their timezone")
		}
		morning := time.Date(2026, 11, 28, 8, 1, 0, 0, time.UTC) // 09:01 in Paris
		h.runJobHours("welcome", morning, scheduler.DefaultHours)
		h.waitDM(sam, welcomed)
	})
}

// runJobHours is runJob with delivery hours.
func (h *harness) runJobHours(job string, at time.Time, hours scheduler.Hours) {
	h.t.Helper()
	h.clock.Set(at)
	s := scheduler.New(scheduler.Config{
		Store: h.store, Notifier: bot.NewNotifier(h.bot), Now: h.clock.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Hours: hours,
	})
	if err := s.RunJob(h.ctx, job, at); err != nil {
		h.t.Fatalf("run %s: %v", job, err)
	}
}
