package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// Every catalog id the models name for an error is in the catalog: a slip
// would show people the id itself.
func TestModelsErrorIDsAreInTheCatalog(t *testing.T) {
	files, err := filepath.Glob("../models/*.go")
	if err != nil {
		t.Fatal(err)
	}
	idRE := regexp.MustCompile(`(?:\.Msg\(|MessageID: |ReasonID: )"([a-z_.]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range idRE.FindAllStringSubmatch(string(src), -1) {
			found++
			for _, l := range catalog.Langs() {
				if catalog.T(l, m[1], nil) == m[1] {
					t.Errorf("%s: %s names %q, which messages/%s.toml lacks", f, m[0], m[1], l)
				}
			}
		}
	}
	if found < 40 {
		t.Errorf("found only %d catalog ids in models: is the pattern stale?", found)
	}
}

// A model's error reads in English as the model wrote it, and in another
// language from the catalog.
func TestErrorText(t *testing.T) {
	now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	_, tooLong := models.NewRequest("UALEX", "USAM", strings.Repeat("x", models.MaxMessageLen+1), now)
	_, noGoal := models.NewGoal("UALEX", 0, now)
	_, hours := models.ParseHours("nine to five")
	for _, c := range []struct {
		name string
		err  error
	}{
		{"ErrMessageTooLong", tooLong},
		{"ErrGoal", noGoal},
		{"ErrHours", hours},
		{"ErrSettings", models.Settings{Timezone: "Mars/Olympus"}.WithDefaults().Validate()[0]},
		{"ErrInternal", os.ErrClosed},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.err == nil {
				t.Fatal("no error")
			}
			if got, want := errorText(catalog.English, c.err), models.ErrorMessage(c.err); got != want {
				t.Errorf("English:\n got %q\nwant %q", got, want)
			}
			es := errorText(catalog.Spanish, c.err)
			if es == models.ErrorMessage(c.err) || strings.Contains(es, "error.") {
				t.Errorf("Spanish is %q", es)
			}
		})
	}
}
