package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// cmdName is the slash command as the harness types it.
const cmdName = slacktest.SlashCommandName

// langCodesIn is how language.current and language.unknown list the
// languages in l.
func langCodesIn(l catalog.Lang) string {
	return catalog.And(l, []string{"`en` (English)", "`es` (Español)"})
}

// TestLanguageCommand: `/one-to-one language es` stores the choice and
// answers in Spanish; `idioma en` goes back, answered in English; the
// command alone says which language it is and how to change it.
func TestLanguageCommand(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		lang := func() string {
			m, err := h.store.Member(h.ctx, alex)
			if err != nil {
				t.Fatal(err)
			}
			return m.Language
		}
		if got, want := h.command(alex, "language"), catalog.T(catalog.English, "language.current", map[string]any{"Command": cmdName, "Langs": langCodesIn(catalog.English)}); got != want {
			t.Errorf("language = %q, want %q", got, want)
		}
		if got, want := h.command(alex, "language es"), catalog.T(catalog.Spanish, "language.set", map[string]any{"Command": cmdName}); got != want {
			t.Errorf("language es = %q, want it in Spanish: %q", got, want)
		}
		if got := lang(); got != "es" {
			t.Errorf("stored language = %q, want es", got)
		}
		if got, want := h.command(alex, "idioma"), catalog.T(catalog.Spanish, "language.current", map[string]any{"Command": cmdName, "Langs": langCodesIn(catalog.Spanish)}); got != want {
			t.Errorf("idioma = %q, want %q", got, want)
		}
		if got, want := h.command(alex, "idioma klingon"), catalog.T(catalog.Spanish, "language.unknown", map[string]any{"Command": cmdName, "Langs": catalog.And(catalog.Spanish, []string{"English", "Español"})}); got != want {
			t.Errorf("idioma klingon = %q, want %q", got, want)
		}
		if got := lang(); got != "es" {
			t.Errorf("an unknown language changed the choice to %q", got)
		}
		if got, want := h.command(alex, "idioma inglés"), catalog.T(catalog.English, "language.set", map[string]any{"Command": cmdName}); got != want {
			t.Errorf("idioma inglés = %q, want it in English: %q", got, want)
		}
		if got := lang(); got != "en" {
			t.Errorf("stored language = %q, want en", got)
		}
	})
}

// TestLanguageHomeMenu: choosing a language in Home's menu stores it and
// draws Home again in it.
func TestLanguageHomeMenu(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.openHome(alex, "Ev1")
		if _, err := h.fake.SelectInHome(h.ctx, alex, "language", "Español"); err != nil {
			t.Fatal(err)
		}
		err := h.fake.WaitFor(h.ctx, func() bool {
			v, _ := h.fake.HomeView(alex)
			return strings.Contains(blocksJSON(v.Blocks), `"text":"`+catalog.T(catalog.Spanish, "language.choose", nil)+`"`)
		})
		if err != nil {
			t.Fatalf("Home was not drawn again in Spanish: %v", err)
		}
		if m, err := h.store.Member(h.ctx, alex); err != nil || m.Language != "es" {
			t.Errorf("member = %+v, %v; want language es", m, err)
		}
	})
}

// TestLanguageSetting: coordinators choose the group's language in
// settings.
func TestLanguageSetting(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(robin, "settings")
		h.waitModal(robin, "settings")
		if errs := h.submit(robin, map[string]string{catalog.T(catalog.English, "language.group", nil): "Español"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.fake.WaitFor(h.ctx, func() bool {
			saved, err := h.store.Settings(h.ctx)
			return err == nil && saved.Language != nil
		})
		saved, _ := h.store.Settings(h.ctx)
		if got := saved.Effective(models.Settings{}.WithDefaults()).Language; got != "es" {
			t.Errorf("group language = %q, want es", got)
		}
	})
}
