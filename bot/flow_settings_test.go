package bot_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/slack-go/slack"
)

const day = 24 * time.Hour

// shownSettings reads what the settings modal shows, by block id: a text
// input's value, the digest channel, the digest's day (0 is Sunday) and
// time, "off" when the digest is turned off, and the coordinators
// comma-separated.
func shownSettings(v slack.View) map[string]string {
	out := map[string]string{}
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		switch el := in.Element.(type) {
		case *slack.PlainTextInputBlockElement:
			out[in.BlockID] = el.InitialValue
		case *slack.SelectBlockElement:
			out[in.BlockID] = el.InitialConversation
			if el.InitialOption != nil {
				out[in.BlockID] = el.InitialOption.Value
			}
		case *slack.TimePickerBlockElement:
			out[in.BlockID] = el.InitialTime
		case *slack.CheckboxGroupsBlockElement:
			if len(el.InitialOptions) > 0 {
				out[in.BlockID] = el.InitialOptions[0].Value
			}
		case *slack.MultiSelectBlockElement:
			out[in.BlockID] = strings.Join(el.InitialUsers, ",")
		}
	}
	return out
}

// openSettings opens the settings modal as robin and returns what it shows.
func (h *harness) openSettings() (slack.View, map[string]string) {
	h.t.Helper()
	return h.openSettingsAs(robin)
}

// openSettingsAs opens the settings modal as u, a coordinator or an admin.
func (h *harness) openSettingsAs(u string) (slack.View, map[string]string) {
	h.t.Helper()
	h.command(u, "settings")
	v := h.waitModal(u, "settings")
	return v, shownSettings(v)
}

// TestSettingsRoundTrip: a 30-minute reflection prompt, a 36-hour nudge and
// a digest turned off go through the modal and come back as chosen, and a
// later change to the environment shows through every setting the
// coordinators never changed, while "no digest" stays off although the
// environment names a channel.
func TestSettingsRoundTrip(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Defaults = models.Settings{DigestChannel: "C0ENV"} })
		_, shown := h.openSettings()
		if shown["digest_channel"] != "C0ENV" || shown["digest_off"] != "" || shown["nudge_after"] != "14d" || shown["reflection_delay"] != "1h" {
			t.Fatalf("the modal shows %v, want the environment's defaults", shown)
		}
		if errs := h.submit(robin, map[string]string{
			"Ask for a reflection after the meeting": "30m",
			"Nudge an unanswered request after":      "36h",
			"Turn the digest off":                    "Post no weekly digest",
		}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		_, shown = h.openSettings()
		if shown["reflection_delay"] != "30m" || shown["nudge_after"] != "36h" || shown["digest_off"] != "off" || shown["digest_channel"] != "" {
			t.Errorf("after saving, the modal shows %v", shown)
		}
		saved, err := s.Settings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if saved.Timezone != nil || saved.ExpireAfterSec != nil || saved.DeliveryHours != nil || saved.DigestCron != nil || saved.LadderLabels != nil {
			t.Errorf("settings nobody changed were saved as choices: %+v", saved)
		}
		if saved.DigestNames != nil {
			t.Errorf("the digest's names, untouched, were saved as the choice %q", *saved.DigestNames)
		}
		if saved.UnaskedPerWeek != nil {
			t.Errorf("the weekly budget, untouched, was saved as the choice %d", *saved.UnaskedPerWeek)
		}
		if saved.Language != nil {
			t.Errorf("the group's language, untouched, was saved as the choice %q", *saved.Language)
		}

		// The operator changes every default and restarts the bot.
		later := models.Settings{
			DigestChannel: "C0LATER", DigestCron: "0 8 * * 2", Timezone: "Europe/Paris",
			NudgeAfter: 10 * day, ExpireAfter: 30 * day, ReflectionDelay: 2 * time.Hour, DeliveryHours: models.Hours{From: 8, To: 20},
		}
		h2 := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Defaults = later })
		_, shown = h2.openSettings()
		want := map[string]string{
			"digest_channel": "", "digest_off": "off", "digest_day": "2", "digest_time": "08:00", "timezone": "Europe/Paris",
			"nudge_after": "36h", "expire_after": "30d", "reflection_delay": "30m", "delivery_hours": "08-20",
			"ladder": strings.Join(bot.DefaultLadder, "\n"), "coordinators": robin, "unasked_per_week": "3",
			"language": "en", "guide_url": "", "issue_tags": "", "roster_fields": "",
		}
		if diff := cmp.Diff(want, shown); diff != "" {
			t.Errorf("after the environment changed, the modal shows (-want +got):\n%s", diff)
		}
		if st := saved.Effective(later.WithDefaults()); st.DigestChannel != "" || st.DigestCron != "0 8 * * 2" {
			t.Errorf("the scheduler would post the digest to %q at %q", st.DigestChannel, st.DigestCron)
		}

		// Emptying an input goes back to the environment's value.
		if errs := h2.submit(robin, map[string]string{"Nudge an unanswered request after": ""}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		if _, shown = h2.openSettings(); shown["nudge_after"] != "10d" || shown["reflection_delay"] != "30m" {
			t.Errorf("after emptying the nudge, the modal shows %v", shown)
		}
	})
}

// TestSettingsRefuseANudgeAfterTheExpiry: a nudge that would come after the
// request closed is refused beside the field, whether the expiry is the
// environment's or chosen in the same form, and nothing is stored.
func TestSettingsRefuseANudgeAfterTheExpiry(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newHarnessWith(t, s, clock, nil)
		h.openSettings()
		errs := h.submit(robin, map[string]string{"Nudge an unanswered request after": "60d"})
		if !strings.Contains(errs["nudge_after"], "42d") {
			t.Errorf("errors = %v, want the nudge refused, naming the 42-day expiry", errs)
		}
		errs = h.submit(robin, map[string]string{"Close an unscheduled request after": "7d"})
		if !strings.Contains(errs["expire_after"], "14d") {
			t.Errorf("errors = %v, want the expiry refused, naming the 14-day nudge", errs)
		}
		errs = h.submit(robin, map[string]string{"Nudge an unanswered request after": "60d", "Close an unscheduled request after": "90d"})
		if len(errs) != 0 {
			t.Errorf("a 60-day nudge with a 90-day expiry refused: %v", errs)
		}
		saved, _ := s.Settings(context.Background())
		if st := saved.Effective(models.Settings{}.WithDefaults()); st.NudgeAfter != 60*day || st.ExpireAfter != 90*day {
			t.Errorf("saved nudge %v, expiry %v", st.NudgeAfter, st.ExpireAfter)
		}
	})
	t.Run("ExpiryFromTheEnvironment", func(t *testing.T) {
		clock.Set(t0)
		s := storetest.MustSQLite(t, clock.Now)
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Defaults.ExpireAfter = 20 * day })
		h.openSettings()
		errs := h.submit(robin, map[string]string{"Nudge an unanswered request after": "30d"})
		if !strings.Contains(errs["nudge_after"], "20d") {
			t.Errorf("errors = %v, want the nudge refused, naming the environment's 20-day expiry", errs)
		}
		var n int64
		s.DB().Model(&models.SavedSettings{}).Count(&n)
		if n != 0 {
			t.Errorf("refused settings were stored")
		}
	})
}

// TestFirstCoordinatorsGiveWayToTheList: the environment names the first
// coordinators; the settings modal lists them, and once a coordinator
// removes one there, they are no longer a coordinator, also after a
// restart with the same environment.
func TestFirstCoordinatorsGiveWayToTheList(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		env := func(c *bot.Config) { c.Coordinators = []models.UserID{sam} }
		refused := func(h *harness) bool {
			t.Helper()
			return strings.Contains(h.command(sam, "team"), "for the group's coordinators")
		}
		h := newHarnessWith(t, s, clock, env)
		if refused(h) {
			t.Fatal("the environment's coordinator was refused")
		}
		if _, shown := h.openSettingsAs(kit); shown["coordinators"] != sam {
			t.Fatalf("the modal lists coordinators %q, want the environment's %s", shown["coordinators"], sam)
		}
		if errs := h.submit(kit, map[string]string{"Coordinators": ""}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		if !refused(h) {
			t.Error("removed in settings, the environment's coordinator still coordinates")
		}

		h2 := newHarnessWith(t, s, clock, env) // a restart, same environment
		if !refused(h2) {
			t.Error("after a restart, the removed coordinator coordinates again")
		}
		if _, shown := h2.openSettingsAs(kit); shown["coordinators"] != "" {
			t.Errorf("after a restart the modal lists %q, want nobody", shown["coordinators"])
		}
		// Named again in settings, they coordinate again.
		if errs := h2.submit(kit, map[string]string{"Coordinators": sam}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		if refused(h2) {
			t.Error("named in settings, still refused")
		}
	})
}

// TestSettingsSayWhenReflectionsAreNotEncrypted: without an encryption key
// the coordinators' settings modal says so and how to turn it on; with one
// it says nothing.
func TestSettingsSayWhenReflectionsAreNotEncrypted(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		v, _ := h.openSettings()
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "stored without encryption") || !strings.Contains(js, "ONETOONE_ENCRYPTION_KEY") {
			t.Errorf("no notice of plain reflections: %s", js)
		}
	})
	clock := storetest.NewClock(t0)
	sealer, err := models.NewAESGCMSealer(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "sealed.db") },
		"postgres": storetestURL,
	} {
		t.Run("Encrypted/"+name, func(t *testing.T) {
			ctx := context.Background()
			s, err := models.Open(ctx, url(t), models.Options{Now: clock.Now, Sealer: sealer})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, s, clock)
			v, _ := h.openSettings()
			if js := blocksJSON(v.Blocks); strings.Contains(js, "ONETOONE_ENCRYPTION_KEY") {
				t.Errorf("the notice shows although reflections are encrypted: %s", js)
			}
		})
	}
}

func storetestURL(t *testing.T) string { return storetest.PostgresURL(t) }

// TestWorkspaceTimezoneForPeopleWithoutOne: the timezone chosen in settings
// is where the bot and the scheduler place someone whose Slack profile has
// none, as the modal promises.
func TestWorkspaceTimezoneForPeopleWithoutOne(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if err := h.store.SaveMember(ctx, &models.Member{ID: "UNOTZ", Name: "No Zone", ProfileFetchedAt: h.clock.Now()}); err != nil {
			t.Fatal(err)
		}
		n := bot.NewNotifier(h.bot)
		if loc := n.Location(ctx, "UNOTZ"); loc.String() != "UTC" {
			t.Fatalf("before any choice: %s, want the environment's UTC", loc)
		}
		h.openSettings()
		if errs := h.submit(robin, map[string]string{"Workspace timezone": "Europe/Paris"}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		if loc := n.Location(ctx, "UNOTZ"); loc.String() != "Europe/Paris" {
			t.Errorf("after choosing Europe/Paris: %s", loc)
		}
		if loc := n.Location(ctx, alex); loc.String() != "America/New_York" {
			t.Errorf("someone with a zone of their own: %s", loc)
		}
	})
}
