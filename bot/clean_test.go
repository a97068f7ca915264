package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

// TestHostileBytesStoredClean types a NUL byte into a request's text, a
// quoted name and a place. Postgres refuses NUL in text (SQLite keeps it),
// so each failed there with "something went wrong", every retry alike.
// Cleaned where the payload enters the bot, each succeeds on both stores
// and stores the same text.
func TestHostileBytesStoredClean(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, "<@USAM> coffee\x00 soon?"); !strings.Contains(got, "Invitation sent") {
			t.Fatalf("request with a NUL answered %q", got)
		}
		if o := h.only(); o.Message != "coffee soon?" {
			t.Errorf("request text stored as %q, want %q", o.Message, "coffee soon?")
		}

		h.command(alex, "\"Maria\x00 Lopez\" lunch\x00 talk")
		h.waitModal(alex, "schedule_outside")
		at := t0.Add(48 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(at.Unix()), "How long": "60 minutes", "Where": "Café\x00 Luna"}); len(errs) != 0 {
			t.Fatalf("schedule with a NUL in the place: errors %v", errs)
		}
		var people []models.Person
		if err := h.store.DB().Find(&people).Error; err != nil {
			t.Fatal(err)
		}
		if len(people) != 1 || people[0].Name != "Maria Lopez" {
			var names []string
			for _, p := range people {
				names = append(names, p.Name)
			}
			t.Errorf("people stored: %q, want Maria Lopez", names)
		}
		var planned models.OneToOne
		err := h.fake.WaitFor(h.ctx, func() bool {
			os := h.oneToOnes()
			planned = os[len(os)-1]
			return len(os) == 2 && planned.Status == models.StatusScheduled
		})
		if err != nil || planned.Place != "Café Luna" || planned.Message != "lunch talk" {
			t.Errorf("one-to-one with Maria stored with place %q, text %q (%v); want %q, %q", planned.Place, planned.Message, err, "Café Luna", "lunch talk")
		}
	})
}

// TestHostileBytesStoredCleanHTTP sends a request over HTTP whose form
// carries a NUL and a byte that is not UTF-8, which JSON cannot carry but a
// form can: stored with U+FFFD in its place, on both stores.
func TestHostileBytesStoredCleanHTTP(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		resp := h.command(alex, "<@USAM|sam> coffee\xff\x00 soon?")
		if resp.Status != 200 || !strings.Contains(resp.Body, "Invitation sent") {
			t.Fatalf("request answered %+v", resp)
		}
		os := h.oneToOnes()
		if want := "coffee\uFFFD soon?"; len(os) != 1 || os[0].Message != want {
			t.Errorf("stored %d one-to-ones (first text %q), want one with text %q", len(os), firstMessage(os), want)
		}
		h.waitDM(sam, "would like to have a one-to-one")
	})
}

func firstMessage(os []models.OneToOne) string {
	if len(os) == 0 {
		return ""
	}
	return os[0].Message
}
