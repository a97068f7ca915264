package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
)

// Labels of the settings modal's campaign inputs.
const (
	issueTagsLabel    = "Issue tags (one per line)"
	rosterFieldsLabel = "Roster fields (3 lines)"
)

// TestSettingsSaveIssueTagsAndRosterFields: a coordinator names the
// group's issue tags and its roster fields; both come back as typed, a
// bad list is refused beside its input with nothing stored, and emptying
// the inputs returns to no tags and the bot's own field names.
func TestSettingsSaveIssueTagsAndRosterFields(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		_, shown := h.openSettings()
		if shown["issue_tags"] != "" || shown["roster_fields"] != "" {
			t.Fatalf("a new group shows tags %q and fields %q", shown["issue_tags"], shown["roster_fields"])
		}
		errs := h.submit(robin, map[string]string{issueTagsLabel: "Wages\n wages ", rosterFieldsLabel: "Ward\nShift"})
		if !strings.Contains(errs["issue_tags"], "each once") || !strings.Contains(errs["roster_fields"], "exactly 3") {
			t.Fatalf("errors = %v, want the repeated tag and the two fields refused beside their inputs", errs)
		}
		if saved, _ := h.store.Settings(ctx); saved.IssueTags != nil || saved.RosterFields != nil {
			t.Fatalf("refused settings were stored: tags %v, fields %v", saved.IssueTags, saved.RosterFields)
		}

		if errs := h.submit(robin, map[string]string{issueTagsLabel: "Wages\n\n  Safety \nScheduling", rosterFieldsLabel: "Ward\nUnit\nShift"}); len(errs) != 0 {
			t.Fatalf("refused: %v", errs)
		}
		_, shown = h.openSettings()
		if shown["issue_tags"] != "Wages\nSafety\nScheduling" || shown["roster_fields"] != "Ward\nUnit\nShift" {
			t.Errorf("after saving, the modal shows tags %q and fields %q", shown["issue_tags"], shown["roster_fields"])
		}
		st, err := h.store.EffectiveSettings(ctx, models.Settings{}.WithDefaults())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"Wages", "Safety", "Scheduling"}, st.IssueTags); diff != "" {
			t.Errorf("tags in effect (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Ward", "Unit", "Shift"}, st.RosterFields); diff != "" {
			t.Errorf("roster fields in effect (-want +got):\n%s", diff)
		}

		if errs := h.submit(robin, map[string]string{issueTagsLabel: "", rosterFieldsLabel: ""}); len(errs) != 0 {
			t.Fatalf("emptying refused: %v", errs)
		}
		saved, err := h.store.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if saved.IssueTags != nil || saved.RosterFields != nil {
			t.Errorf("emptied inputs stay chosen: tags %v, fields %v", saved.IssueTags, saved.RosterFields)
		}
		v, shown := h.openSettings()
		if shown["issue_tags"] != "" || shown["roster_fields"] != "" || !strings.Contains(blocksJSON(v.Blocks), "Worksite, Department, Shift") {
			t.Errorf("after emptying, the modal shows tags %q and fields %q", shown["issue_tags"], shown["roster_fields"])
		}
	})
}
