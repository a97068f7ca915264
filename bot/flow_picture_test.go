package bot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// waitView waits for user's top modal with this callback id to contain
// want, and returns its blocks as JSON.
func (h *harness) waitView(user, callbackID, want string) string {
	h.t.Helper()
	var js string
	err := h.fake.WaitFor(h.ctx, func() bool {
		v, ok := h.fake.OpenView(user)
		js = blocksJSON(v.Blocks)
		return ok && v.CallbackID == callbackID && strings.Contains(js, want)
	})
	if err != nil {
		h.t.Fatalf("%s's %q view never showed %q: %s", user, callbackID, want, js)
	}
	return js
}

// onRoster puts people on the group's roster, as an import would.
func (h *harness) onRoster(people ...models.Person) []models.Person {
	h.t.Helper()
	for i := range people {
		people[i].GroupID = h.store.Scope()
		if err := h.store.DB().Create(&people[i]).Error; err != nil {
			h.t.Fatal(err)
		}
	}
	return people
}

// metOnRoster logs alex's one-to-one with a person of the roster, held at.
func (h *harness) metOnRoster(p models.Person, at time.Time) {
	h.t.Helper()
	o, err := models.NewLogged(alex, "", &p.ID, at, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.CreateOneToOne(h.ctx, o); err != nil {
		h.t.Fatal(err)
	}
}

// The team view shows each organizer's funnel for the period chosen: four
// weeks at first, then since the start.
func TestTeamViewFunnelByPeriod(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("SECRET")
		h.clock.Advance(6 * 7 * 24 * time.Hour)
		h.command(robin, "team")
		h.waitView(robin, "team", "Nobody started a one-to-one in this period.")
		if _, err := h.fake.SelectInView(h.ctx, robin, "team_period", "Since the start"); err != nil {
			t.Fatal(err)
		}
		js := h.waitView(robin, "team", "<@UALEX> · 1 asked → 1 scheduled → 1 held → 1 reflected")
		if v, _ := h.fake.OpenView(robin); v.PrivateMetadata != "all" || !strings.Contains(js, "Who is meeting whom") {
			t.Errorf("after the choice: metadata %q, view %s", v.PrivateMetadata, js)
		}
	})
}

// A coordinator opens the coverage view from the team view and cuts it by
// another field; the counts come from the roster.
func TestCoverageView(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ps := h.onRoster(
			models.Person{Name: "Ana", Site: "Ward 3", Shift: "Night"},
			models.Person{Name: "Ben", Site: "Ward 3", Shift: "Day"},
			models.Person{Name: "Cy", Site: "Ward 5 <!channel>", Shift: "Night"},
		)
		h.metOnRoster(ps[0], t0.Add(-time.Hour))
		h.command(robin, "team")
		h.waitView(robin, "team", "Coverage")
		h.click(robin, "Coverage")
		js := h.waitView(robin, "coverage", "*Ward 3* · 1 of 2 met (50%)")
		if !strings.Contains(js, "Ward 5 &lt;!channel&gt;") || !strings.Contains(js, "1 of 3 met (33%)") {
			t.Errorf("coverage by worksite: %s", js)
		}
		if n := len(h.fake.ModalStack(robin)); n != 2 {
			t.Errorf("coverage opened with %d modals on the stack, want it on top of the team view", n)
		}
		if _, err := h.fake.SelectInView(h.ctx, robin, "coverage_field", "Shift"); err != nil {
			t.Fatal(err)
		}
		h.waitView(robin, "coverage", "*Night* · 1 of 2 met (50%)")
	})
}

// The Trends chart button sends the coordinator a PNG in their DM, with
// words for those who cannot see it.
func TestTrendsChartGoesToTheDM(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("SECRET")
		h.command(robin, "team")
		h.waitView(robin, "team", "Trends chart")
		h.click(robin, "Trends chart")
		f := h.waitPNG("D" + robin)
		if !strings.Contains(f.InitialComment, "1 one-to-ones held") && !strings.Contains(f.InitialComment, "1 one-to-one") {
			t.Errorf("comment = %q", f.InitialComment)
		}
		if strings.Contains(f.InitialComment, "SECRET") {
			t.Errorf("the chart's comment carries a reflection")
		}
	})
}

// waitPNG waits for a PNG file uploaded into channel and checks it
// decodes.
func (h *harness) waitPNG(channel string) slacktest.File {
	h.t.Helper()
	var found slacktest.File
	err := h.fake.WaitFor(h.ctx, func() bool {
		for _, f := range h.fake.Files() {
			if f.Channel == channel && strings.HasSuffix(f.Filename, ".png") {
				found = f
				return true
			}
		}
		return false
	})
	if err != nil {
		h.t.Fatalf("no PNG in %s; files: %+v", channel, h.fake.Files())
	}
	img, err := png.Decode(bytes.NewReader([]byte(found.Content)))
	if err != nil {
		h.t.Fatalf("%s is not a PNG: %v", found.Filename, err)
	}
	if s := img.Bounds().Size(); s.X < 600 || s.Y < 300 {
		h.t.Errorf("chart is %v, too small to read", s)
	}
	return found
}

// The weekly digest carries the team's chart into its channel, once: run
// again for the same week (a restart, another replica) it posts neither.
func TestDigestCarriesTheChartOnce(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ch := digestChannel
		if err := h.store.SaveSettings(h.ctx, &models.SavedSettings{DigestChannel: &ch}); err != nil {
			t.Fatal(err)
		}
		h.reflected("SECRET")
		monday := time.Date(2026, 11, 30, 9, 5, 0, 0, time.UTC)
		h.runJob("digest", monday)
		h.waitPNG(digestChannel)
		h.runJob("digest", monday.Add(time.Minute))
		h.settle()
		var pngs int
		for _, f := range h.fake.Files() {
			if f.Channel == digestChannel && strings.HasSuffix(f.Filename, ".png") {
				pngs++
				// Ratings are as private as reflections: the channel's
				// chart tells the one-to-ones held, not how ratings moved.
				if strings.Contains(f.InitialComment, "ladder") || !strings.Contains(f.InitialComment, "one-to-ones held") {
					t.Errorf("the channel's chart says %q", f.InitialComment)
				}
			}
		}
		if msgs := len(h.fake.Messages(digestChannel)); msgs != 1 || pngs != 1 {
			t.Errorf("digest channel holds %d messages and %d charts, want 1 and 1", msgs, pngs)
		}
	})
}

// The People list pages through the roster 25 at a time and searches it;
// only coordinators may open it.
func TestPeopleListPagesAndSearches(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		var people []models.Person
		for i := range 28 {
			people = append(people, models.Person{Name: fmt.Sprintf("Worker %02d", i), Site: "Ward 3"})
		}
		people = append(people, models.Person{Name: "Noor", Site: "Ward 5"}, models.Person{Name: "Omar <!here>", Shift: "Night"})
		h.onRoster(people...)
		if got := h.command(sam, "people"); !strings.Contains(got, "for the group's coordinators") {
			t.Errorf("a member's people = %q", got)
		}
		h.command(robin, "people")
		js := h.waitView(robin, "people", "1–25 of 30")
		if strings.Count(js, `"action_id":"person_open"`) != 25 || !strings.Contains(js, "Add person") || !strings.Contains(js, "Import") {
			t.Errorf("first page: %s", js)
		}
		h.click(robin, "Next")
		js = h.waitView(robin, "people", "26–30 of 30")
		if strings.Contains(js, "Next") || !strings.Contains(js, "Worker 27") || strings.Contains(js, "Noor") {
			t.Errorf("last page: %s", js)
		}
		h.click(robin, "Previous")
		if js := h.waitView(robin, "people", "1–25 of 30"); !strings.Contains(js, "Omar &lt;!here&gt;") {
			t.Errorf("back on the first page, unescaped or missing: %s", js)
		}
		if errs := h.submit(robin, map[string]string{"Search": "ward 5"}); len(errs) != 0 {
			t.Fatalf("search errors = %v", errs)
		}
		js = h.waitView(robin, "people", "1–1 of 1")
		if !strings.Contains(js, "Noor") || strings.Contains(js, "Worker") {
			t.Errorf("search for ward 5: %s", js)
		}
		if _, err := h.fake.CloseView(h.ctx, robin); err != nil {
			t.Fatal(err)
		}
		h.command(robin, "people night")
		h.waitView(robin, "people", "Omar")
	})
}

// The team view pages through "who is meeting whom" beyond its 25 rows.
func TestTeamViewPagesOneToOnes(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for i := range 27 {
			o, err := models.NewLogged(alex, models.UserID(fmt.Sprintf("UPEER%02d", i)), nil, t0.Add(-time.Hour), t0)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.store.CreateOneToOne(h.ctx, o); err != nil {
				t.Fatal(err)
			}
			h.clock.Advance(time.Minute)
		}
		h.command(robin, "team")
		js := h.waitView(robin, "team", "Older")
		if strings.Contains(js, "Newer") || strings.Count(js, "<@UALEX> →") != 25 {
			t.Errorf("first page: %s", js)
		}
		h.click(robin, "Older")
		js = h.waitView(robin, "team", "Newer")
		if strings.Contains(js, "Older") || strings.Count(js, "<@UALEX> →") != 2 || !strings.Contains(js, "<@UPEER00>") {
			t.Errorf("second page: %s", js)
		}
		if v, _ := h.fake.OpenView(robin); v.PrivateMetadata != "4w:25" {
			t.Errorf("metadata = %q", v.PrivateMetadata)
		}
	})
}
