package bot

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestLangOf: a person reads the bot in the language they chose, else their
// Slack's, else the group's; the group's is the coordinators' choice over
// the environment's.
func TestLangOf(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC))
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		b := New(Config{Store: s, Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TeamID: storetest.TeamID,
			Defaults: models.Settings{Language: "en"}})
		for _, m := range []models.Member{
			{ID: "UCHOSE", Language: "es", Locale: "en-US"},
			{ID: "ULATAM", Locale: "es-LA"},
			{ID: "USPAIN", Locale: "es-ES"},
			{ID: "UUS", Locale: "en-US"},
			{ID: "UBRAZIL", Locale: "pt-BR"},
			{ID: "UNOLOCALE"},
			{ID: "UGONEFILE", Language: "fr", Locale: "es-LA"}, // a language whose file was removed
		} {
			if err := s.SaveMember(ctx, &m); err != nil {
				t.Fatal(err)
			}
			if m.Language != "" {
				if err := s.SetLanguage(ctx, m.ID, m.Language); err != nil {
					t.Fatal(err)
				}
			}
		}
		check := func(t *testing.T, want map[models.UserID]catalog.Lang) {
			t.Helper()
			for u, l := range want {
				if got := b.langOf(ctx, u); got != l {
					t.Errorf("langOf(%s) = %q, want %q", u, got, l)
				}
			}
		}
		t.Run("OKGroupEnglish", func(t *testing.T) {
			check(t, map[models.UserID]catalog.Lang{
				"UCHOSE": catalog.Spanish, "ULATAM": catalog.Spanish, "USPAIN": catalog.Spanish, "UUS": catalog.English,
				"UBRAZIL": catalog.English, "UNOLOCALE": catalog.English, "UGONEFILE": catalog.Spanish, "UNEVERSEEN": catalog.English,
			})
		})
		t.Run("OKGroupSpanish", func(t *testing.T) {
			saved, err := s.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			shown := saved.Effective(b.defaults)
			next := shown
			next.Language = "es"
			saved.Choose(shown, next)
			if err := s.SaveSettings(ctx, saved); err != nil {
				t.Fatal(err)
			}
			if got := b.groupLang(ctx, s); got != catalog.Spanish {
				t.Errorf("groupLang = %q, want the coordinators' es", got)
			}
			check(t, map[models.UserID]catalog.Lang{
				"UUS": catalog.English, "UBRAZIL": catalog.Spanish, "UNOLOCALE": catalog.Spanish, "UNEVERSEEN": catalog.Spanish,
			})
		})
	})
}
