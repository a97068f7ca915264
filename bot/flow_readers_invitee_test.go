package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
)

// TestRequesterNeverReadsInviteesReflection: Alex, who asked, is a
// coordinator, and Sam, who was asked, reflects on their meeting. What Sam
// wrote is about Alex: the team view, Alex's Home and Alex's export never
// show or offer it, and no read of Alex's is recorded; Robin, another
// coordinator, still reads it.
func TestRequesterNeverReadsInviteesReflection(t *testing.T) {
	both := func(c *bot.Config) { c.Coordinators = []models.UserID{robin, alex} }
	eachHarnessWith(t, both, func(t *testing.T, h *harness) {
		at := h.scheduled()
		h.runJob("reflections", at.Add(time.Hour+scheduler.DefaultReflectionDelay+time.Minute))
		prompt := h.waitDM(sam, "How did your one-to-one with <@UALEX> go?")
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, prompt, "Reflect"); err != nil {
			t.Fatal(err)
		}
		h.waitModal(sam, "reflect")
		if errs := h.submit(sam, map[string]string{selfInterestLabel: "SAM-SECRET-ABOUT-ALEX"}); len(errs) != 0 {
			t.Fatalf("Sam's reflection: errors = %v", errs)
		}
		h.waitModal(sam, "reflect_saved")
		o := h.waitStatus(models.StatusReflected)

		h.command(alex, "team")
		js := h.waitOpenView(alex, "Who is meeting whom")
		if !strings.Contains(js, "<@UALEX> → <@USAM>") {
			t.Errorf("Alex's team view lacks the one-to-one itself: %s", js)
		}
		if strings.Contains(js, "Read reflection") || strings.Contains(js, "SECRET") {
			t.Errorf("the team view offers Alex the reflection about them: %s", js)
		}

		home := h.homeOpened(alex)
		if !strings.Contains(home, "Your team (coordinators only)") {
			t.Errorf("Alex's Home lacks the coordinators' section: %s", home)
		}
		if strings.Contains(home, "read_reflection") || strings.Contains(home, "SECRET") {
			t.Errorf("Alex's Home offers or shows the reflection about them: %s", home)
		}

		csv := h.exportFor(alex)
		if strings.Contains(csv, "SECRET") {
			t.Errorf("Alex's export holds the reflection about them:\n%s", csv)
		}
		if !strings.Contains(csv, fmt.Sprintf("%d,reflected,UALEX", o.ID)) {
			t.Errorf("Alex's export lacks the one-to-one's row:\n%s", csv)
		}
		if rs := h.reads(); len(rs) != 0 {
			t.Errorf("reads recorded for someone who read nothing: %+v", rs)
		}

		// Robin is a coordinator it is not about: offered, shown, recorded.
		h.command(robin, "team")
		h.waitOpenView(robin, "Read reflection")
		h.click(robin, "Read reflection")
		h.waitModal(robin, "reflection_read")
		h.waitOpenView(robin, "SAM-SECRET-ABOUT-ALEX")
		if rs := h.reads(); len(rs) != 1 || rs[0].ReaderID != robin {
			t.Errorf("reads = %+v, want Robin's", rs)
		}
	})
}
