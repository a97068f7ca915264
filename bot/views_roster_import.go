package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The ids of the paste-CSV import (see ids.go for why they are stable).
const (
	// actRosterImportOpen opens the paste modal (the People list and
	// `/one-to-one import` lead here).
	actRosterImportOpen = "roster_import_open"
	// actRosterPasteBack goes from the preview back to the pasted text.
	actRosterPasteBack = "roster_paste_back"
	viewRosterPaste    = "roster_paste"
	viewRosterImport   = "roster_import"
	fieldRosterCSV     = "roster_csv"
)

// maxPastedCSV is how much CSV the paste modal takes: what Slack's text
// input and a modal's private_metadata (which carries it to the import)
// hold. Longer lists go through `onetoone import`.
const maxPastedCSV = 3000

// maxImportDetails bounds the lines of a report shown one by one; the
// counts above them always cover every line.
const maxImportDetails = 20

// rosterPasteModal asks a coordinator, in l, for a small list of people as
// CSV, naming the headers the import reads for the roster fields (headers:
// the group's names for them, or the English ones). csv is what they pasted before, kept when they come back from
// the preview or an import that failed; problem, when set, says why.
func rosterPasteModal(l catalog.Lang, headers [models.RosterFieldCount]string, csv, problem string) slack.ModalViewRequest {
	t := func(id string) string { return catalog.T(l, id, nil) }
	intro := catalog.T(l, "roster.paste.intro", map[string]any{"Site": esc(headers[0]), "Department": esc(headers[1]), "Shift": esc(headers[2])})
	blocks := []slack.Block{section(intro), contextLine(t("roster.paste.example"))}
	if problem != "" {
		blocks = append(blocks, section(":warning: "+problem))
	}
	blocks = append(blocks, textInput(inputField{ID: fieldRosterCSV, Label: t("roster.paste.label"), Placeholder: t("roster.paste.placeholder"),
		Hint: catalog.T(l, "roster.paste.hint", map[string]any{"Max": maxPastedCSV}), Initial: csv, Multiline: true, MaxLen: maxPastedCSV}))
	return modal(l, viewRosterPaste, t("roster.paste.title"), t("roster.paste.preview"), "", blocks...)
}

// rosterPreviewModal shows, in l, what importing csv would do (rep, a dry
// run): how many people would be added, merged, left as they are and
// skipped, and why, line by line. Import runs it; the CSV travels in
// private_metadata.
func rosterPreviewModal(l catalog.Lang, fields [models.RosterFieldCount]string, rep *models.ImportReport, csv string) slack.ModalViewRequest {
	blocks := importReportBlocks(l, fields, rep, "roster.paste.preview_counts")
	blocks = append(blocks, actions("roster_preview",
		slack.NewButtonBlockElement(actRosterPasteBack, "back", plain(catalog.T(l, "roster.paste.back", nil)))))
	return modal(l, viewRosterImport, catalog.T(l, "roster.paste.preview_title", nil), catalog.T(l, "roster.paste.import", nil), csv, blocks...)
}

// rosterImportedModal replaces the preview once the import ran, in l:
// what it did (rep).
func rosterImportedModal(l catalog.Lang, fields [models.RosterFieldCount]string, rep *models.ImportReport) slack.ModalViewRequest {
	blocks := importReportBlocks(l, fields, rep, "roster.paste.done_counts")
	return modal(l, viewRosterImport, catalog.T(l, "roster.paste.done_title", nil), "", "", blocks...)
}

// importReportBlocks are a report's counts (the catalog's counts id), the
// columns left out, and the lines worth a look: skipped ones with why,
// merged ones with what changed, added ones by name, at most
// maxImportDetails of them.
func importReportBlocks(l catalog.Lang, fields [models.RosterFieldCount]string, rep *models.ImportReport, counts string) []slack.Block {
	blocks := []slack.Block{section(catalog.T(l, counts, map[string]any{
		"Added": len(rep.Added), "Merged": len(rep.Merged), "Unchanged": len(rep.Unchanged), "Skipped": len(rep.Skipped),
	}))}
	if len(rep.Ignored) > 0 {
		var cols []string
		for _, h := range rep.Ignored {
			cols = append(cols, "_"+esc(truncate(h, 40))+"_")
		}
		blocks = append(blocks, contextLine(catalog.T(l, "roster.paste.ignored", map[string]any{"Columns": catalog.And(l, cols)})))
	}
	var lines []string
	add := func(id string, ln models.ImportLine, data map[string]any) {
		if data == nil {
			data = map[string]any{}
		}
		data["Line"], data["Name"] = ln.Line, esc(truncate(ln.Name, models.MaxNameLen))
		lines = append(lines, catalog.T(l, id, data))
	}
	for _, ln := range rep.Skipped {
		add("roster.paste.line_skipped", ln, map[string]any{"Why": skipReason(l, fields, ln)})
	}
	for _, ln := range rep.Merged {
		var what []string
		for _, c := range ln.Changed {
			what = append(what, columnName(l, fields, c))
		}
		add("roster.paste.line_merged", ln, map[string]any{"What": catalog.And(l, what)})
	}
	for _, ln := range rep.Added {
		add("roster.paste.line_added", ln, nil)
	}
	if len(lines) == 0 {
		return blocks
	}
	shown := lines[:min(len(lines), maxImportDetails)]
	text := "• " + strings.Join(shown, "\n• ")
	if more := len(lines) - len(shown); more > 0 {
		text += "\n" + catalog.N(l, "roster.paste.more", more, nil)
	}
	if utf8.RuneCountInString(text) > 3000 {
		text = truncate(text, 3000)
	}
	return append(blocks, section(text))
}

// skipReason says in l why an import passed over a line.
func skipReason(l catalog.Lang, fields [models.RosterFieldCount]string, ln models.ImportLine) string {
	switch ln.Skip {
	case models.SkipLong:
		return catalog.T(l, "roster.paste.skip_too_long", map[string]any{"Column": columnName(l, fields, ln.Column)})
	case models.SkipRepeat:
		return catalog.T(l, "roster.paste.skip_repeat", map[string]any{"SameAs": ln.SameAs})
	case models.SkipNoName, models.SkipLongName, models.SkipBadEmail, models.SkipBadPhone, models.SkipAmbiguous:
		return catalog.T(l, "roster.paste.skip_"+ln.Skip, map[string]any{"Max": models.MaxNameLen})
	}
	return catalog.T(l, "roster.paste.skip_other", nil)
}

// columnName names a column of the roster in l, the roster fields by the
// group's names for them.
func columnName(l catalog.Lang, fields [models.RosterFieldCount]string, c models.RosterColumn) string {
	switch c {
	case models.ColumnSite:
		return esc(fields[0])
	case models.ColumnDepartment:
		return esc(fields[1])
	case models.ColumnShift:
		return esc(fields[2])
	case models.ColumnEmail, models.ColumnPhone, models.ColumnNotes:
		return catalog.T(l, "roster.paste.col_"+string(c), nil)
	}
	return catalog.T(l, "roster.paste.col_name", nil)
}
