package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestMemberLanguage: a member's chosen language is theirs, kept when Slack's
// profile is saved or refreshed, while their Slack locale follows Slack.
func TestMemberLanguage(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		profile := func(locale string) *models.Member {
			return &models.Member{ID: "UA", Name: "Ana", Locale: locale, ProfileFetchedAt: clock.Now()}
		}
		if err := s.SaveMember(ctx, profile("es-LA")); err != nil {
			t.Fatal(err)
		}
		got, err := s.Member(ctx, "UA")
		if err != nil || got.Locale != "es-LA" || got.Language != "" {
			t.Fatalf("stored = %+v, %v; want Slack's locale and no choice", got, err)
		}
		t.Run("OK", func(t *testing.T) {
			if err := s.SetLanguage(ctx, "UA", "en"); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
			if err := s.SaveMember(ctx, profile("es-ES")); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
			if err := s.RefreshMember(ctx, profile("pt-BR")); err != nil {
				t.Fatal(err)
			}
			got, err := s.Member(ctx, "UA")
			if err != nil || got.Language != "en" || got.Locale != "pt-BR" {
				t.Errorf("member = %+v, %v; want the choice en kept and Slack's newest locale pt-BR", got, err)
			}
		})
		t.Run("OKFollowSlackAgain", func(t *testing.T) {
			if err := s.SetLanguage(ctx, "UA", ""); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Member(ctx, "UA"); got.Language != "" {
				t.Errorf("language = %q, want none chosen", got.Language)
			}
		})
		t.Run("ErrNotACode", func(t *testing.T) {
			if err := s.SetLanguage(ctx, "UA", "Spanish"); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("SetLanguage(Spanish) = %v, want EINVALID", err)
			}
		})
		t.Run("ENOTFOUND", func(t *testing.T) {
			if err := s.SetLanguage(ctx, "UNOBODY", "es"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("SetLanguage of someone unknown = %v, want ENOTFOUND", err)
			}
		})
	})
}

// TestSettingsLanguage: the group's language follows the environment until a
// coordinator chooses one, on both databases.
func TestSettingsLanguage(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		def := envDefaults()
		saved, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		shown := saved.Effective(def)
		if shown.Language != models.DefaultLanguage {
			t.Fatalf("language before any choice = %q, want %q", shown.Language, models.DefaultLanguage)
		}
		next := shown
		next.Language = "es"
		saved.Choose(shown, next)
		if err := s.SaveSettings(ctx, saved); err != nil {
			t.Fatal(err)
		}
		back, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		later := def
		later.Language = "fr"
		if got := back.Effective(later).Language; got != "es" {
			t.Errorf("language = %q, want the coordinators' es over the environment's", got)
		}
		back.Reset(models.FieldLanguage)
		if got := back.Effective(later).Language; got != "fr" {
			t.Errorf("language after reset = %q, want the environment's fr", got)
		}
	})
}
