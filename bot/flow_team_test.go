package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// reflected has alex log and reflect on a one-to-one with sam.
func (h *harness) reflected(secret string) models.OneToOne {
	h.t.Helper()
	h.command(alex, "log <@USAM>")
	h.waitModal(alex, "reflect")
	if errs := h.submit(alex, map[string]string{selfInterestLabel: secret}); len(errs) != 0 {
		h.t.Fatalf("errors = %v", errs)
	}
	h.waitModal(alex, "reflect_saved")
	return h.only()
}

func TestCoordinatorSurfacesRefuseOthers(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("SECRET-CARES")
		for _, text := range []string{"team", "export", "forget <@UALEX>", "people"} {
			if got := h.command(sam, text); !strings.Contains(got, "for the group's coordinators") {
				t.Errorf("%q by a member = %q", text, got)
			}
		}
		if _, ok := h.fake.OpenView(sam); ok {
			t.Errorf("a member got a modal")
		}
		if n := len(h.otherFiles()); n != 0 {
			t.Errorf("a member got %d files", n)
		}
	})
}

func TestTeamViewAndReadingReflections(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		o := h.reflected("SECRET-CARES <!channel>")
		h.command(alex, "<@UROBIN> coffee?")
		h.command(robin, "team")
		var js string
		h.fake.WaitFor(h.ctx, func() bool {
			v, ok := h.fake.OpenView(robin)
			js = blocksJSON(v.Blocks)
			return ok && strings.Contains(js, "Who is meeting whom")
		})
		for _, want := range []string{"1 asked", "1 met and reflected", "<@UALEX> → <@USAM>", "Read reflection", "Organizers without a goal"} {
			if !strings.Contains(js, want) {
				t.Errorf("team view lacks %q: %s", want, js)
			}
		}
		if strings.Contains(js, "SECRET-CARES") {
			t.Errorf("the team list shows reflection text")
		}
		h.click(robin, "Read reflection")
		h.waitModal(robin, "reflection_read")
		v, _ := h.fake.OpenView(robin)
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "SECRET-CARES &lt;!channel&gt;") {
			t.Errorf("coordinator can't read it, or it's unescaped: %s", js)
		}
		// Sam, who was met, forges the same click: refused, nothing shown.
		payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": sam}, "team": map[string]any{"id": "T0TEST"},
			"trigger_id": h.fake.TriggerID(sam), "channel": map[string]any{"id": "DUSAM"},
			"actions": []any{map[string]any{"type": "button", "action_id": "read_reflection", "block_id": "x", "value": fmt.Sprint(o.ID)}}}
		if _, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, ""); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "This reflection is about you")
		if _, ok := h.fake.OpenView(sam); ok {
			t.Errorf("Sam got a view")
		}
		for _, e := range h.fake.Ephemerals(sam) {
			if strings.Contains(e.Text, "SECRET") {
				t.Errorf("Sam saw the reflection")
			}
		}
	})
}

func TestForget(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("x")
		h.command(sam, "goal 2")
		got := h.command(robin, "forget <@USAM>")
		if !strings.Contains(got, "cannot be undone") {
			t.Fatalf("forget = %q", got)
		}
		if n := len(h.oneToOnes()); n != 1 {
			t.Fatalf("deleted before confirming")
		}
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "deleted everything")
		if n := len(h.oneToOnes()); n != 0 {
			t.Errorf("%d one-to-ones left", n)
		}
		var refl, goals int64
		h.store.DB().Model(&models.Reflection{}).Count(&refl)
		h.store.DB().Model(&models.Goal{}).Where("user_id = ?", sam).Count(&goals)
		if refl != 0 || goals != 0 {
			t.Errorf("left: %d reflections, %d goals", refl, goals)
		}
		if _, err := h.store.Member(context.Background(), sam); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("member still there: %v", err)
		}
	})
}

// TestForgetOutlastsHomeRefresh holds a refresh of Sam's Home mid-flight
// while a coordinator forgets Sam, then lets it finish: it must not bring
// Sam's profile back. Only Sam opting in again starts afresh.
func TestForgetOutlastsHomeRefresh(t *testing.T) {
	for _, tc := range []struct {
		name string
		// inFlight leaves a refresh of Sam's Home waiting on Slack and
		// returns what lets it go on.
		inFlight func(h *harness) (release func())
		// publishes is how many times Sam's Home is published by the end.
		publishes int
	}{
		{"LookupAfterForget", func(h *harness) func() {
			// The first refresh waits in views.publish holding Sam's Home
			// lock; the second queues behind it, so it looks Sam up only
			// after the forget.
			release := h.fake.Hold("views.publish")
			h.command(sam, "goal 2")
			h.waitHeld("views.publish")
			h.command(sam, "goal 3")
			return release
		}, 2},
		{"StaleProfileMidForget", func(h *harness) func() {
			// Sam's stored profile is due a refresh; Sam opens the Home
			// tab, and its refresh waits in users.info, having seen the
			// row, while the forget runs.
			h.command(sam, "goal 2")
			h.fake.WaitFor(h.ctx, func() bool { return len(h.homePublishes(sam)) == 1 })
			h.store.DB().Model(&models.Member{}).Where("id = ?", sam).Update("profile_fetched_at", t0.Add(-48*time.Hour))
			release := h.fake.Hold("users.info")
			if _, err := h.fake.SendEvent(h.ctx, "EvHomeSam", map[string]any{"type": "app_home_opened", "user": sam, "tab": "home"}); err != nil {
				h.t.Fatal(err)
			}
			h.waitHeld("users.info")
			return release
		}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachHarness(t, func(t *testing.T, h *harness) {
				h.reflected("x")
				h.command(robin, "forget <@USAM>") // Robin is looked up now, before any hold
				release := tc.inFlight(h)
				defer release()
				h.click(robin, "Forget them")
				h.waitEphemeral(robin, "deleted everything")
				release()
				h.fake.WaitFor(h.ctx, func() bool { return len(h.homePublishes(sam)) == tc.publishes })
				if n := len(h.homePublishes(sam)); n != tc.publishes {
					t.Fatalf("Sam's Home published %d times, want %d", n, tc.publishes)
				}
				if _, err := h.store.Member(context.Background(), sam); models.ErrorCode(err) != models.ENOTFOUND {
					t.Errorf("member back after forget: %v", err)
				}
				var goals int64
				h.store.DB().Model(&models.Goal{}).Where("user_id = ?", sam).Count(&goals)
				if goals != 0 {
					t.Errorf("%d goals back after forget", goals)
				}
				// Sam using the bot stores no profile: forgotten at their
				// request, they are not contacted until they opt in.
				h.command(sam, "goal 1")
				if _, err := h.store.Member(context.Background(), sam); models.ErrorCode(err) != models.ENOTFOUND {
					t.Errorf("member back after using the bot: %v", err)
				}
				// Opting in, of their own accord, is a fresh start.
				h.command(sam, "optin")
				if m, err := h.store.Member(context.Background(), sam); err != nil || m.OptedOut || m.Role != models.RoleMember {
					t.Errorf("Sam after opting in = %+v, %v", m, err)
				}
				if err := h.store.MayContact(context.Background(), sam); err != nil {
					t.Errorf("Sam not contactable after opting in: %v", err)
				}
			})
		})
	}
}

// TestForgetOutlastsAnnouncement forgets Alex while the news of the time
// Sam picked is on its way to both: the announcement, which looks up each
// person's timezone, must not store Alex again. The forget deleted the
// one-to-one and its messages with it, so nobody is told of a meeting that
// is no longer there.
func TestForgetOutlastsAnnouncement(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		h.command(robin, "forget <@UALEX>") // Robin is looked up now
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
		release := h.fake.Hold("chat.update") // the old buttons are retired first
		defer release()
		if errs := h.submit(sam, map[string]string{"When": fmt.Sprint(t0.Add(48 * time.Hour).Unix())}); len(errs) != 0 {
			t.Fatalf("schedule errors = %v", errs)
		}
		h.waitHeld("chat.update")
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "deleted everything")
		release()
		h.settle()
		if _, err := h.store.Member(context.Background(), alex); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("member back after forget: %v", err)
		}
		for _, u := range []string{alex, sam} {
			if n := h.dmsContaining(u, "Your one-to-one with"); n != 0 {
				t.Errorf("%s was told %d times of a meeting the forget deleted", u, n)
			}
		}
	})
}

// TestActingStoresThePerson: Home refreshes and other work after the ack
// store nobody, so the people using the bot are stored as they act.
func TestActingStoresThePerson(t *testing.T) {
	for _, tc := range []struct {
		name string
		who  string
		act  func(h *harness)
	}{
		{"Request", alex, func(h *harness) { h.requested() }},
		{"Plan", robin, func(h *harness) { h.command(robin, "plan <@USAM>") }},
		{"HomeOpened", sam, func(h *harness) {
			if _, err := h.fake.SendEvent(h.ctx, "EvHomeSam", map[string]any{"type": "app_home_opened", "user": sam, "tab": "home"}); err != nil {
				h.t.Fatal(err)
			}
			h.fake.WaitFor(h.ctx, func() bool { return len(h.homePublishes(sam)) == 1 })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachHarness(t, func(t *testing.T, h *harness) {
				tc.act(h)
				if m, err := h.store.Member(context.Background(), models.UserID(tc.who)); err != nil || m.TZ == "" {
					t.Errorf("%s after acting = %+v, %v", tc.who, m, err)
				}
			})
		})
	}
}

func TestExportByDM(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("Her kids, =cmd|' /C calc'!A0")
		if got := h.command(robin, "export"); !strings.Contains(got, "Preparing the export") {
			t.Fatalf("export = %q", got)
		}
		h.fake.WaitFor(h.ctx, func() bool { return len(h.otherFiles()) == 1 })
		files := h.otherFiles()
		if len(files) != 1 {
			t.Fatalf("%d files", len(files))
		}
		f := files[0]
		if f.Channel != "DUROBIN" || !strings.HasSuffix(f.Filename, ".csv") {
			t.Errorf("file %q went to %q", f.Filename, f.Channel)
		}
		if !strings.HasPrefix(f.Content, "one_to_one_id,status,") || !strings.Contains(f.Content, "Her kids") {
			t.Errorf("content = %q", f.Content)
		}
	})
}

func TestUninstallDeletesData(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("x")
		if _, err := h.fake.SendEvent(h.ctx, "EvGone", map[string]any{"type": "app_uninstalled"}); err != nil {
			t.Fatal(err)
		}
		h.fake.WaitFor(h.ctx, func() bool { return len(h.oneToOnes()) == 0 })
		var refl int64
		h.store.DB().Model(&models.Reflection{}).Count(&refl)
		if n := len(h.oneToOnes()); n != 0 || refl != 0 {
			t.Errorf("after uninstall with no retention: %d one-to-ones, %d reflections", n, refl)
		}
		at, err := h.store.UninstalledAt(context.Background(), slacktest.TeamID)
		if err != nil || at == nil {
			t.Errorf("uninstall not recorded: %v, %v", at, err)
		}
	})
}

func TestSettings(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(sam, "settings"); !strings.Contains(got, "for the group's coordinators") {
			t.Errorf("settings by a member = %q", got)
		}
		h.command(robin, "settings")
		h.waitModal(robin, "settings")
		errs := h.submit(robin, map[string]string{
			"Workspace timezone":                        "Mars/Olympus",
			"Nudge an unanswered request after":         "0d",
			"Send reminders between (local hours)":      "night",
			"Engagement ladder (5 lines, lowest first)": "one\ntwo",
			"Digest day":  "Monday",
			"Digest time": "",
		})
		for _, f := range []string{"timezone", "nudge_after", "delivery_hours", "ladder", "digest_day"} {
			if errs[f] == "" {
				t.Errorf("no error on %s: %v", f, errs)
			}
		}
		var n int64
		h.store.DB().Model(&models.SavedSettings{}).Count(&n)
		if n != 0 {
			t.Fatalf("bad settings were stored")
		}
		errs = h.submit(robin, map[string]string{
			"Workspace timezone":                        "Europe/Paris",
			"Nudge an unanswered request after":         "10d",
			"Send reminders between (local hours)":      "08-20",
			"Engagement ladder (5 lines, lowest first)": "Curious\nWarm\nHelping\nActive\nLeading",
			"Digest day":   "Friday",
			"Digest time":  "16:30",
			"Coordinators": sam,
		})
		if len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		saved, _ := h.store.Settings(context.Background())
		st := saved.Effective(models.Settings{}.WithDefaults())
		if st.Timezone != "Europe/Paris" || st.NudgeAfter != 10*24*time.Hour || st.DeliveryHours != (models.Hours{From: 8, To: 20}) || st.DigestCron != "30 16 * * 5" {
			t.Errorf("saved %+v", st)
		}
		// Sam is a coordinator now; the new ladder shows in reflections.
		if got := h.command(sam, "team"); strings.Contains(got, "for the group's coordinators") {
			t.Errorf("Sam not a coordinator after settings: %q", got)
		}
		h.command(alex, "log <@USAM>")
		v := h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "3 · Helping") {
			t.Errorf("ladder not applied: %s", js)
		}
	})
}

func TestCoordinatorHomeAndBootstrap(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("SECRET-IN-HOME")
		open := func(user, id string) string {
			t.Helper()
			if _, err := h.fake.SendEvent(h.ctx, id, map[string]any{"type": "app_home_opened", "user": user, "tab": "home"}); err != nil {
				t.Fatal(err)
			}
			var js string
			h.fake.WaitFor(h.ctx, func() bool { v, ok := h.fake.HomeView(user); js = blocksJSON(v.Blocks); return ok })
			return js
		}
		if js := open(robin, "EvH1"); !strings.Contains(js, "Your team (coordinators only)") || !strings.Contains(js, "1 met and reflected") {
			t.Errorf("coordinator home lacks the team: %s", js)
		}
		if js := open(alex, "EvH2"); strings.Contains(js, "Your team") || strings.Contains(js, "SECRET-IN-HOME") {
			t.Errorf("a member's home shows the team or a reflection: %s", js)
		}
		h.click(robin, "Open the team view")
		h.fake.WaitFor(h.ctx, func() bool {
			v, _ := h.fake.OpenView(robin)
			return strings.Contains(blocksJSON(v.Blocks), "Who is meeting whom")
		})
		if v, _ := h.fake.OpenView(robin); !strings.Contains(blocksJSON(v.Blocks), "Read reflection") {
			t.Errorf("team view from Home lacks the reflection button")
		}
	})
}

func TestBootstrapCoordinators(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Coordinators = []models.UserID{sam} })
		if got := h.command(sam, "team"); strings.Contains(got, "for the group's coordinators") {
			t.Errorf("bootstrap coordinator refused: %q", got)
		}
		h.waitModal(sam, "team")
		if got := h.command(alex, "team"); !strings.Contains(got, "for the group's coordinators") {
			t.Errorf("member allowed: %q", got)
		}
	})
}

func TestNewcomersFromTheDigestChannel(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Defaults.DigestChannel = "C0DIGEST" })
		h.fake.SendEvent(h.ctx, "EvJ1", map[string]any{"type": "member_joined_channel", "user": sam, "channel": "C0OTHER"})
		h.fake.SendEvent(h.ctx, "EvJ2", map[string]any{"type": "member_joined_channel", "user": alex, "channel": "C0DIGEST"})
		h.fake.WaitFor(h.ctx, func() bool { m, err := s.Member(context.Background(), alex); return err == nil && m.JoinedAt != nil })
		d, err := s.Digest(context.Background(), clock.Now(), models.DigestOptions{NewcomerLimit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if d.NewcomersAll != 1 || d.Newcomers[0].ID != alex {
			t.Errorf("newcomers = %+v; want only Alex, who joined the digest channel", d.Newcomers)
		}
	})
}
