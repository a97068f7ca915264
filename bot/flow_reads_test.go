package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

// reads returns the recorded reads of reflections, oldest first.
func (h *harness) reads() []models.ReflectionRead {
	h.t.Helper()
	var rs []models.ReflectionRead
	if err := h.store.DB().Order("id").Find(&rs).Error; err != nil {
		h.t.Fatal(err)
	}
	return rs
}

// TestReflectionReadsAreShown: Robin's reads, in Slack and in an export,
// are recorded and shown to Alex, who wrote the reflection, on Home and
// beside it, and to coordinators in the team view and the export. Alex
// reading their own adds nothing.
func TestReflectionReadsAreShown(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("SECRET-CARES")
		home := h.homeOpened(alex)
		if !strings.Contains(home, `"text":"Your reflections"`) || !strings.Contains(home, "Nobody else has read it") {
			t.Errorf("Alex's Home lacks their unread reflection: %s", home)
		}

		h.command(robin, "team")
		h.waitOpenView(robin, "Read reflection")
		h.click(robin, "Read reflection")
		h.waitModal(robin, "reflection_read")
		if js := h.waitOpenView(robin, "SECRET-CARES"); !strings.Contains(js, "Read by <@UROBIN>") {
			t.Errorf("the reflection doesn't say Robin's read is recorded: %s", js)
		}
		rs := h.reads()
		if len(rs) != 1 || rs[0].ReaderID != robin || rs[0].Via != models.ReadOpened || !rs[0].ReadAt.Equal(t0) {
			t.Fatalf("reads = %+v, want Robin's, now, opened", rs)
		}

		h.command(robin, "team")
		if js := h.waitOpenView(robin, "Who is meeting whom"); !strings.Contains(js, "Read by <@UROBIN>") {
			t.Errorf("the team view doesn't say who read it: %s", js)
		}

		csv := h.exportFor(robin)
		header, _, _ := strings.Cut(csv, "\n")
		if !strings.HasSuffix(header, ",read_by,reflection_author_slack_id,group_id,group_name,relationship,self_interest,self_eval,tags") || !strings.Contains(csv, "(UROBIN): 1 read, last 2026-11-27T20:00:00Z, opened") {
			t.Errorf("the export doesn't say who read it:\n%s", csv)
		}
		if rs := h.reads(); len(rs) != 2 || rs[1].ReaderID != robin || rs[1].Via != models.ReadExported {
			t.Errorf("reads after the export = %+v, want Robin's export recorded", rs)
		}

		home = h.homeOpened(alex)
		if !strings.Contains(home, "Read by <@UROBIN> (2 times, last in an export, <!date^") {
			t.Errorf("Alex's Home doesn't say Robin read it: %s", home)
		}
		h.click(alex, "Read")
		h.waitModal(alex, "reflection_read")
		if js := h.waitOpenView(alex, "SECRET-CARES"); !strings.Contains(js, "Read by <@UROBIN>") {
			t.Errorf("Alex's reflection doesn't say who read it: %s", js)
		}
		if n := len(h.reads()); n != 2 {
			t.Errorf("%d reads after Alex read their own, want 2", n)
		}
	})
}

// TestForgetDeletesReads: forgetting the person met deletes the reflection
// and the record of who read it (the store's tests cover the reader).
func TestForgetDeletesReads(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("x")
		h.command(robin, "team")
		h.waitOpenView(robin, "Read reflection")
		h.click(robin, "Read reflection")
		h.waitModal(robin, "reflection_read")
		if n := len(h.reads()); n != 1 {
			t.Fatalf("%d reads, want 1", n)
		}
		h.command(robin, "forget <@USAM>")
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "deleted everything")
		if rs := h.reads(); len(rs) != 0 {
			t.Errorf("reads left after forgetting the person met: %+v", rs)
		}
	})
}
