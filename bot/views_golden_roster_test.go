package bot

import (
	"fmt"
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func init() {
	goldenCovered = append(goldenCovered,
		"personModal", "personSavedView",
		"rosterPasteModal", "rosterPreviewModal", "rosterImportedModal", "importReportBlocks")
}

// goldenRosterFields are a group's own names for the roster fields, one
// of them typed with hostile words.
var goldenRosterFields = [models.RosterFieldCount]string{"Ward", "Unit " + goldenHostile, "Shift"}

// goldenImportReport is a preview of a pasted list with a line of every
// kind, and a column the import does not read.
func goldenImportReport() *models.ImportReport {
	return &models.ImportReport{
		DryRun:  true,
		Ignored: []string{"Rating", goldenHostile},
		Added: []models.ImportLine{
			{Line: 2, Name: "Maria Lopez"},
			{Line: 3, Name: "Dana " + goldenHostile},
		},
		Merged:    []models.ImportLine{{Line: 4, Name: "Jo Bloggs", PersonID: 7, Changed: []models.RosterColumn{models.ColumnEmail, models.ColumnDepartment, models.ColumnShift}}},
		Unchanged: []models.ImportLine{{Line: 5, Name: "Ann Lee", PersonID: 8}},
		Skipped: []models.ImportLine{
			{Line: 6, Skip: models.SkipNoName},
			{Line: 7, Name: "Bo", Skip: models.SkipBadEmail},
			{Line: 8, Name: "Maria Lopez", Skip: models.SkipRepeat, SameAs: 2},
			{Line: 9, Name: "Cy", Skip: models.SkipLong, Column: models.ColumnSite},
			{Line: 10, Name: "John Smith", Skip: models.SkipAmbiguous},
			{Line: 11, Name: "Di", Skip: models.SkipBadPhone},
		},
	}
}

// goldenLongReport has more lines than the report shows one by one.
func goldenLongReport() *models.ImportReport {
	rep := &models.ImportReport{}
	for i := 2; i < 40; i++ {
		rep.Added = append(rep.Added, models.ImportLine{Line: i, Name: fmt.Sprintf("Person %d", i)})
	}
	return rep
}

func TestGoldenRoster(t *testing.T) {
	maria := models.Person{ID: 12, Name: "Maria " + goldenHostile, Email: "maria@example.org", Phone: "555 010 2030",
		Site: "Ward 3", Department: "Kitchen & laundry", Shift: "Nights", Notes: "Met at the rally. " + goldenHostile, SlackID: "USAM"}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		def := rosterFields(l, models.Settings{})
		return []goldenModalCase{
			{name: "roster_person_add", view: personModal(l, models.Person{}, def)},
			{name: "roster_person_edit", view: personModal(l, maria, goldenRosterFields), check: goldenExpect{escaped: true}},
			{name: "roster_person_added", view: personSavedView(l, models.Person{ID: 12, Name: "Maria Lopez"}, true)},
			{name: "roster_person_saved_linked", view: personSavedView(l, maria, false), check: goldenExpect{escaped: true}},
			{name: "roster_paste", view: rosterPasteModal(l, rosterFields(catalog.English, models.Settings{}), "", "")},
			// Back from the preview, or after an import that failed: the
			// list is still there, and the reason above it.
			{name: "roster_paste_again", view: rosterPasteModal(l, goldenRosterFields, "Name,Email\nMaria Lopez,maria@example.org", esc(catalog.T(l, "error.unavailable_unsaved", nil))), check: goldenExpect{escaped: true}},
			{name: "roster_preview", view: rosterPreviewModal(l, goldenRosterFields, goldenImportReport(), "Name,Email\nMaria Lopez,maria@example.org"), check: goldenExpect{escaped: true}},
			{name: "roster_preview_long", view: rosterPreviewModal(l, def, goldenLongReport(), "Name\nPerson 2")},
			{name: "roster_imported", view: rosterImportedModal(l, goldenRosterFields, goldenImportReport()), check: goldenExpect{escaped: true}},
			{name: "roster_imported_nothing_new", view: rosterImportedModal(l, def, &models.ImportReport{Unchanged: []models.ImportLine{{Line: 2, Name: "Ann Lee"}}})},
		}
	})
}
