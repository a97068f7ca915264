package models_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

const day = 24 * time.Hour

// envDefaults are an operator's environment, as cmd/onetoone hands it on.
func envDefaults() models.Settings {
	return models.Settings{DigestChannel: "C0ENV", Timezone: "America/Chicago"}.WithDefaults()
}

// fields lists the fields of errs, in order.
func fields(errs []*models.FieldError) []string {
	var out []string
	for _, fe := range errs {
		out = append(out, fe.Field)
	}
	return out
}

func TestSettingsValidate(t *testing.T) {
	ok := envDefaults()
	tests := []struct {
		name string
		edit func(st *models.Settings)
		want []string // the fields refused
	}{
		{"OKDefaults", func(*models.Settings) {}, nil},
		{"OKNoDigest", func(st *models.Settings) { st.DigestChannel = "" }, nil},
		{"OKSubHourReflection", func(st *models.Settings) { st.ReflectionDelay = 30 * time.Minute }, nil},
		{"OKNudgeInHours", func(st *models.Settings) { st.NudgeAfter = 36 * time.Hour }, nil},
		{"OKLadder", func(st *models.Settings) { st.Ladder = []string{"a", "b", "c", "d", "e"} }, nil},
		{"OKAllDay", func(st *models.Settings) { st.DeliveryHours = models.AllDay }, nil},
		// The case: a nudge after the default expiry is never sent.
		{"ErrNudgeAfterExpiry", func(st *models.Settings) { st.NudgeAfter = 60 * day }, []string{models.FieldNudgeAfter, models.FieldExpireAfter}},
		{"ErrExpiryBeforeNudge", func(st *models.Settings) { st.ExpireAfter = 7 * day }, []string{models.FieldNudgeAfter, models.FieldExpireAfter}},
		{"ErrNudgeAtExpiry", func(st *models.Settings) { st.NudgeAfter = st.ExpireAfter }, []string{models.FieldNudgeAfter, models.FieldExpireAfter}},
		{"ErrNoNudge", func(st *models.Settings) { st.NudgeAfter = 0 }, []string{models.FieldNudgeAfter}},
		{"ErrNoExpiry", func(st *models.Settings) { st.ExpireAfter = -time.Hour }, []string{models.FieldExpireAfter}},
		{"ErrReflectionTooLate", func(st *models.Settings) { st.ReflectionDelay = 4 * day }, []string{models.FieldReflectionDelay}},
		{"ErrReflectionZero", func(st *models.Settings) { st.ReflectionDelay = 0 }, []string{models.FieldReflectionDelay}},
		{"ErrHoursBackwards", func(st *models.Settings) { st.DeliveryHours = models.Hours{From: 19, To: 9} }, []string{models.FieldDeliveryHours}},
		{"ErrHoursPastMidnight", func(st *models.Settings) { st.DeliveryHours = models.Hours{From: 9, To: 25} }, []string{models.FieldDeliveryHours}},
		{"ErrChannelName", func(st *models.Settings) { st.DigestChannel = "#general" }, []string{models.FieldDigestChannel}},
		{"ErrCron", func(st *models.Settings) { st.DigestCron = "mondays" }, []string{models.FieldDigestCron}},
		{"ErrTimezone", func(st *models.Settings) { st.Timezone = "Mars/Olympus" }, []string{models.FieldTimezone}},
		{"ErrLadderShort", func(st *models.Settings) { st.Ladder = []string{"a", "b"} }, []string{models.FieldLadder}},
		{"OKLanguage", func(st *models.Settings) { st.Language = "es" }, nil},
		{"OKNoLanguage", func(st *models.Settings) { st.Language = "" }, nil},
		{"ErrLanguageName", func(st *models.Settings) { st.Language = "Spanish" }, []string{models.FieldLanguage}},
		{"ErrLanguageLocale", func(st *models.Settings) { st.Language = "es-LA" }, []string{models.FieldLanguage}},
		{"ErrLadderBlankStep", func(st *models.Settings) { st.Ladder = []string{"a", "b", " ", "d", "e"} }, []string{models.FieldLadder}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := ok
			tt.edit(&st)
			errs := st.Validate()
			if diff := cmp.Diff(tt.want, fields(errs)); diff != "" {
				t.Errorf("fields refused (-want +got):\n%s", diff)
			}
			for _, fe := range errs {
				if msg := models.ErrorMessage(fe); msg == "" || strings.Contains(msg, "\n") {
					t.Errorf("%s: message %q should be one line for a person", fe.Field, msg)
				}
			}
		})
	}
	t.Run("ErrNudgeAfterExpirySaysWhy", func(t *testing.T) {
		st := ok
		st.NudgeAfter = 60 * day
		errs := st.Validate()
		if msg := models.ErrorMessage(errs[0]); !strings.Contains(msg, "42d") {
			t.Errorf("nudge message %q should name the expiry", msg)
		}
		if msg := models.ErrorMessage(errs[1]); !strings.Contains(msg, "60d") {
			t.Errorf("expiry message %q should name the nudge", msg)
		}
	})
}

func TestParseAndFormatDuration(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"30m", 30 * time.Minute, "30m"},
		{"36h", 36 * time.Hour, "36h"},
		{"14d", 14 * day, "14d"},
		{"48h", 2 * day, "2d"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{" 2s ", 2 * time.Second, "2s"},
	} {
		t.Run("OK"+strings.TrimSpace(tt.in), func(t *testing.T) {
			got, err := models.ParseDuration(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if s := models.FormatDuration(got); s != tt.out {
				t.Errorf("FormatDuration(%v) = %q, want %q", got, s, tt.out)
			}
			if back, err := models.ParseDuration(models.FormatDuration(got)); err != nil || back != got {
				t.Errorf("%v does not round-trip: %v, %v", got, back, err)
			}
		})
	}
	for _, in := range []string{"", "0d", "1.5d", "014d", "90", "-5m", "two weeks"} {
		t.Run("Err"+in, func(t *testing.T) {
			if got, err := models.ParseDuration(in); err == nil || models.ErrorCode(err) != models.EINVALID {
				t.Errorf("ParseDuration(%q) = %v, %v; want EINVALID", in, got, err)
			}
		})
	}
}

func TestSettingsEffective(t *testing.T) {
	def := envDefaults()
	str := func(s string) *string { return &s }
	secs := func(d time.Duration) *int64 { n := int64(d / time.Second); return &n }
	tests := []struct {
		name  string
		saved *models.SavedSettings
		want  func(st *models.Settings)
	}{
		{"OKNothingSaved", &models.SavedSettings{}, func(*models.Settings) {}},
		{"OKNilRow", nil, func(*models.Settings) {}},
		{"OKChosen", &models.SavedSettings{NudgeAfterSec: secs(36 * time.Hour), ReflectionDelaySec: secs(30 * time.Minute), DeliveryHours: str("08-20")},
			func(st *models.Settings) {
				st.NudgeAfter, st.ReflectionDelay, st.DeliveryHours = 36*time.Hour, 30*time.Minute, models.Hours{From: 8, To: 20}
			}},
		{"OKNoDigestOverridesTheEnvironment", &models.SavedSettings{DigestChannel: str("")}, func(st *models.Settings) { st.DigestChannel = "" }},
		{"OKLadder", &models.SavedSettings{LadderLabels: str("a\nb\nc\nd\ne")}, func(st *models.Settings) { st.Ladder = []string{"a", "b", "c", "d", "e"} }},
		// A nudge chosen under a longer expiry gives way when the
		// environment's expiry shrinks below it; the other choices stay.
		{"OKNudgeGivesWayToANewExpiry", &models.SavedSettings{NudgeAfterSec: secs(50 * day), Timezone: str("Europe/Paris")},
			func(st *models.Settings) { st.Timezone = "Europe/Paris" }},
		{"OKUnreadableHoursGiveWay", &models.SavedSettings{DeliveryHours: str("night")}, func(*models.Settings) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := def
			tt.want(&want)
			got := tt.saved.Effective(def)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Effective (-want +got):\n%s", diff)
			}
			if errs := got.Validate(); errs != nil {
				t.Errorf("Effective returned settings Validate refuses: %v", fields(errs))
			}
		})
	}
}

// TestSettingsRoundTrip stores coordinators' choices on both databases and
// reads them back: sub-hour and non-whole-day delays keep their value, a
// cleared digest channel stays off although the environment names one, and
// everything coordinators never changed follows the environment, even after
// it changes.
func TestSettingsRoundTrip(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		def := envDefaults()
		saved, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		shown := saved.Effective(def)
		next := shown
		next.ReflectionDelay, next.NudgeAfter, next.DigestChannel = 30*time.Minute, 36*time.Hour, ""
		if errs := next.Validate(); errs != nil {
			t.Fatalf("refused: %v", fields(errs))
		}
		saved.Choose(shown, next)
		if err := s.SaveSettings(ctx, saved); err != nil {
			t.Fatal(err)
		}

		// The operator changes every default afterwards.
		later := models.Settings{
			DigestChannel: "C0LATER", DigestCron: "0 8 * * 2", Timezone: "Europe/Paris",
			NudgeAfter: 10 * day, ExpireAfter: 30 * day, ReflectionDelay: 2 * time.Hour,
			DeliveryHours: models.Hours{From: 8, To: 20}, Ladder: []string{"1", "2", "3", "4", "5"},
		}
		back, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := later
		want.ReflectionDelay, want.NudgeAfter, want.DigestChannel = 30*time.Minute, 36*time.Hour, ""
		if diff := cmp.Diff(want, back.Effective(later)); diff != "" {
			t.Errorf("after the environment changed (-want +got):\n%s", diff)
		}

		// Going back to the environment's value for one setting.
		back.Reset(models.FieldDigestChannel)
		if err := s.SaveSettings(ctx, back); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Settings(ctx)
		if got := again.Effective(later).DigestChannel; got != "C0LATER" {
			t.Errorf("reset digest channel = %q, want the environment's C0LATER", got)
		}
	})
}

// TestSettingsMarks: the marks have their own writers, which saving the
// choices never undoes, and the first mark stays.
func TestSettingsMarks(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		if err := s.SaveMember(ctx, &models.Member{ID: "UA", ProfileFetchedAt: t0}); err != nil {
			t.Fatal(err)
		}
		st, _ := s.Settings(ctx)
		if !st.FirstCoordinatorsCount() {
			t.Fatal("the environment's coordinators should count before anyone saved the list")
		}
		if err := s.SetCoordinators(ctx, []models.UserID{"UA"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		if err := s.SetCoordinators(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkUninstalled(ctx, "T1", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkUninstalled(ctx, "T1", t0.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		st.Timezone = new(string)
		*st.Timezone = "Europe/Paris"
		if err := s.SaveSettings(ctx, st); err != nil { // st was read before the marks
			t.Fatal(err)
		}
		got, _ := s.Settings(ctx)
		if got.FirstCoordinatorsCount() || !got.CoordinatorsSavedAt.Equal(t0) {
			t.Errorf("coordinators saved at %v, want %v", got.CoordinatorsSavedAt, t0)
		}
		if at, err := s.UninstalledAt(ctx, "T1"); err != nil || at == nil || !at.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("uninstalled at %v, %v; want the first mark", at, err)
		}
		if got.Timezone == nil || *got.Timezone != "Europe/Paris" {
			t.Errorf("timezone = %v", got.Timezone)
		}
		coords, _ := s.Coordinators(ctx)
		if len(coords) != 0 {
			t.Errorf("coordinators = %v, want none", coords)
		}
	})
}

// TestSettingsChooseKeepsWhatWasNotChanged: a setting submitted as shown
// keeps following what it followed.
func TestSettingsChooseKeepsWhatWasNotChanged(t *testing.T) {
	def := envDefaults()
	var saved models.SavedSettings
	shown := saved.Effective(def)
	next := shown
	next.Ladder = slices.Clone(shown.Ladder)
	saved.Choose(shown, next)
	if diff := cmp.Diff(models.SavedSettings{}, saved); diff != "" {
		t.Errorf("unchanged settings became choices (-want +got):\n%s", diff)
	}
}
