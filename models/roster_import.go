package models

import (
	"context"
	"io"
	"net/mail"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ImportOptions tune ImportRoster.
type ImportOptions struct {
	// DryRun reads the file and reports what an import would do, storing
	// nothing.
	DryRun bool
}

// Why ImportRoster passed over a line (ImportLine.Skip).
const (
	SkipNoName    = "no_name"   // neither a name nor a first or last name
	SkipLongName  = "long_name" // a name over MaxNameLen
	SkipBadEmail  = "bad_email" // an email that isn't one
	SkipBadPhone  = "bad_phone" // a phone without a digit
	SkipLong      = "too_long"  // a cell over its bound (ImportLine.Column says which)
	SkipRepeat    = "repeat"    // the same person as an earlier line (ImportLine.SameAs)
	SkipAmbiguous = "ambiguous" // a name alone, and the roster has several people of that name
)

// Bounds of a roster person's cells, beyond the name's (MaxNameLen).
const (
	MaxRosterCell  = 200  // an email, a phone, a site, department or shift
	MaxRosterNotes = 4000 // a person's notes
)

// ImportLine is what ImportRoster did with one line of the file.
type ImportLine struct {
	// Line is the line of the file, the header being line 1.
	Line int
	Name string
	// PersonID is the person the line added, merged into or left as it
	// was; 0 for a skipped line, and for an add in a dry run.
	PersonID PersonID
	// Changed lists what a merge changed, as RosterColumns: "email",
	// "phone", "site", "department", "shift", "notes".
	Changed []RosterColumn
	// Skip says why a skipped line was passed over: one of the Skip…
	// values. Column names the cell at fault for SkipLong; SameAs is the
	// earlier line of a SkipRepeat.
	Skip   string
	Column RosterColumn
	SameAs int
}

// ImportReport says what ImportRoster did (or, in a dry run, would do),
// line by line, for the person importing to check.
type ImportReport struct {
	DryRun bool
	// Columns maps each header of the file to the column read from it.
	Columns []ImportColumn
	// Ignored are the headers of columns the import does not read, as
	// written: their cells were left out, and the report says so.
	Ignored []string
	// Added, Merged, Unchanged and Skipped list the lines, in the file's
	// order.
	Added, Merged, Unchanged, Skipped []ImportLine
}

// ImportColumn is one header of the file and what it was read as.
type ImportColumn struct {
	Header string
	Column RosterColumn
}

// Rows is how many lines of people the file had.
func (r *ImportReport) Rows() int {
	return len(r.Added) + len(r.Merged) + len(r.Unchanged) + len(r.Skipped)
}

// ImportRoster brings people from a spreadsheet or an organizing CRM's
// export into the group's roster (people with OwnerID ""): CSV with a
// header line naming the columns by their common spellings (Name or
// First/Middle/Last, Email, Phone/Cell/Mobile…, Department/Dept,
// Site/Location/Worksite/Building, Shift, Notes/Comments) or by the
// group's own names for the roster fields (Settings.RosterFields).
// Columns it does not read are listed in the report, not lost silently.
//
// A line is the same person as someone on the roster, or on an earlier
// line, when the names match (NameKey) and so does the email or the phone
// (EmailKey, PhoneKey); a name alone matches when one side has neither
// email nor phone and there is exactly one person of that name. A match
// takes the line's cells where they are not empty and differ (merged),
// or is left as it was (unchanged); no match adds a person. Lines without
// a name, with an email that isn't one, or repeating an earlier line's
// person are skipped, each with its reason and line: so importing the
// same file again adds and merges nothing.
//
// Only the group's coordinators may import (notes are theirs to read):
// anyone else gets EUNAUTHORIZED. A file without a name column, or that
// isn't CSV, gets EINVALID. It is all or nothing, in one transaction; a
// dry run (ImportOptions.DryRun) stores nothing. Group-scoped (In).
func (s *Store) ImportRoster(ctx context.Context, by *Member, rows io.Reader, opt ImportOptions) (*ImportReport, error) {
	g, err := s.scope("import roster")
	if err != nil {
		return nil, err
	}
	if by, err = s.viewerIn(ctx, by); err != nil {
		return nil, err
	}
	if !by.IsCoordinator() {
		return nil, Errorf(EUNAUTHORIZED, "Only the group's coordinators can import people to the roster.").Msg("roster.import.err_coordinators_only")
	}
	saved, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	fields := saved.Effective(Settings{}).RosterFields
	head, lines, err := readRoster(rows, fields)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{DryRun: opt.DryRun, Columns: head.mapped, Ignored: head.ignored}
	run := func(db *gorm.DB) error {
		if !opt.DryRun {
			// Two imports into one group at once take turns (on Postgres;
			// SQLite's writers queue already), or both would add the
			// same people.
			if err := db.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", g).Find(&[]Group{}).Error; err != nil {
				return err
			}
		}
		im := &rosterImport{s: s, g: g, byName: map[string][]*rosterEntry{}}
		if err := im.load(db); err != nil {
			return err
		}
		for i := range lines {
			im.line(rep, &lines[i])
		}
		if opt.DryRun {
			return nil
		}
		return im.write(db, rep)
	}
	if opt.DryRun {
		err = run(s.conn(ctx))
	} else {
		err = s.tx(ctx, run)
	}
	if err != nil {
		return nil, translate("import roster", err)
	}
	return rep, nil
}

// rosterEntry is a person of the roster as an import sees it: one read
// from the database, or one the file adds.
type rosterEntry struct {
	p       *Person
	notes   *string // opened notes, once read
	line    int     // the line of the file that matched it; 0 while none has
	changed []RosterColumn
}

// contactless reports whether the person has neither email nor phone.
func (e *rosterEntry) contactless() bool { return e.p.EmailKey == "" && e.p.PhoneKey == "" }

// rosterImport is one import under way: the group's roster, by name.
type rosterImport struct {
	s      *Store
	g      GroupID
	byName map[string][]*rosterEntry
	added  []*rosterEntry
	merged []*rosterEntry
}

func (im *rosterImport) load(db *gorm.DB) error {
	var ps []Person
	if err := db.Where("group_id = ? AND owner_id = ''", im.g).Order("id").Find(&ps).Error; err != nil {
		return err
	}
	for i := range ps {
		im.byName[ps[i].NameKey] = append(im.byName[ps[i].NameKey], &rosterEntry{p: &ps[i]})
	}
	return nil
}

// line decides what one line of the file does, and notes it in rep.
func (im *rosterImport) line(rep *ImportReport, row *rosterCells) {
	name := row.name()
	out := ImportLine{Line: row.line, Name: name}
	skip := func(why string) {
		out.Skip = why
		rep.Skipped = append(rep.Skipped, out)
	}
	clean, err := CleanName(name)
	switch {
	case name == "" || (err != nil && utf8.RuneCountInString(name) <= MaxNameLen):
		skip(SkipNoName)
		return
	case err != nil:
		out.Name = string([]rune(name)[:MaxNameLen]) + "…"
		skip(SkipLongName)
		return
	}
	out.Name = clean
	for c, v := range row.cells {
		max := MaxRosterCell
		if c == ColumnNotes {
			max = MaxRosterNotes
		}
		if utf8.RuneCountInString(v) > max {
			out.Column = c
			skip(SkipLong)
			return
		}
	}
	email, phone := row.cells[ColumnEmail], row.cells[ColumnPhone]
	if email != "" && !isEmail(email) {
		skip(SkipBadEmail)
		return
	}
	if phone != "" && PhoneKey(phone) == "" {
		skip(SkipBadPhone)
		return
	}
	e, ambiguous := im.match(NameKey(clean), EmailKey(email), PhoneKey(phone))
	switch {
	case ambiguous:
		skip(SkipAmbiguous)
		return
	case e == nil:
		p := &Person{GroupID: im.g, Name: clean}
		im.fill(p, row.cells)
		e = &rosterEntry{p: p, line: row.line}
		nk := NameKey(clean)
		im.byName[nk] = append(im.byName[nk], e)
		im.added = append(im.added, e)
		rep.Added = append(rep.Added, out)
		return
	case e.line != 0:
		out.PersonID, out.SameAs = e.p.ID, e.line
		skip(SkipRepeat)
		return
	}
	e.line = row.line
	out.Name, out.PersonID = e.p.Name, e.p.ID
	e.changed = im.merge(e, row.cells)
	if len(e.changed) == 0 {
		rep.Unchanged = append(rep.Unchanged, out)
		return
	}
	out.Changed = e.changed
	im.merged = append(im.merged, e)
	rep.Merged = append(rep.Merged, out)
}

// match finds the person a line of this name, email and phone is: the one
// of that name with that email or phone, or the only one of that name
// when one side has neither. ambiguous is a name alone matching several.
func (im *rosterImport) match(nk, ek, pk string) (e *rosterEntry, ambiguous bool) {
	cands := im.byName[nk]
	if ek == "" && pk == "" {
		switch len(cands) {
		case 0:
			return nil, false
		case 1:
			return cands[0], false
		default:
			return nil, true
		}
	}
	for _, c := range cands {
		if (ek != "" && c.p.EmailKey == ek) || (pk != "" && c.p.PhoneKey == pk) {
			return c, false
		}
	}
	if len(cands) == 1 && cands[0].contactless() {
		return cands[0], false
	}
	return nil, false
}

// fill sets a new person's fields from a line's cells.
func (im *rosterImport) fill(p *Person, cells map[RosterColumn]string) {
	p.Email, p.Phone = cells[ColumnEmail], cells[ColumnPhone]
	p.Site, p.Department, p.Shift = cells[ColumnSite], cells[ColumnDepartment], cells[ColumnShift]
	p.Notes = cells[ColumnNotes]
	p.NameKey, p.EmailKey, p.PhoneKey = NameKey(p.Name), EmailKey(p.Email), PhoneKey(p.Phone)
}

// merge takes a line's cells into a person where they are not empty and
// differ (an email or a phone differs when its key does), and returns
// what changed.
func (im *rosterImport) merge(e *rosterEntry, cells map[RosterColumn]string) []RosterColumn {
	p := e.p
	var changed []RosterColumn
	if v := cells[ColumnEmail]; v != "" && EmailKey(v) != p.EmailKey {
		p.Email, p.EmailKey = v, EmailKey(v)
		changed = append(changed, ColumnEmail)
	}
	if v := cells[ColumnPhone]; v != "" && PhoneKey(v) != p.PhoneKey {
		p.Phone, p.PhoneKey = v, PhoneKey(v)
		changed = append(changed, ColumnPhone)
	}
	for _, f := range []struct {
		c RosterColumn
		v *string
	}{{ColumnSite, &p.Site}, {ColumnDepartment, &p.Department}, {ColumnShift, &p.Shift}} {
		if v := cells[f.c]; v != "" && v != *f.v {
			*f.v = v
			changed = append(changed, f.c)
		}
	}
	if v := cells[ColumnNotes]; v != "" && v != im.notes(e) {
		p.Notes = v
		changed = append(changed, ColumnNotes)
	}
	return changed
}

// notes opens a roster person's notes, once; a note that cannot be opened
// (a key gone) reads as none, so the file's replaces it.
func (im *rosterImport) notes(e *rosterEntry) string {
	if e.notes == nil {
		var n string
		if len(e.p.NotesBody) > 0 {
			if b, err := im.s.sealer.Open(e.p.NotesBody); err == nil {
				n = string(b)
			}
		}
		e.notes = &n
	}
	return *e.notes
}

// importBatch is how many people one INSERT adds.
const importBatch = 500

// write stores the adds in batches and the merges one by one, and puts
// the new people's ids in the report.
func (im *rosterImport) write(db *gorm.DB, rep *ImportReport) error {
	ps := make([]*Person, 0, len(im.added))
	for _, e := range im.added {
		if err := im.seal(e.p); err != nil {
			return err
		}
		ps = append(ps, e.p)
	}
	if len(ps) > 0 {
		if err := db.CreateInBatches(ps, importBatch).Error; err != nil {
			return err
		}
	}
	for _, e := range im.merged {
		p := e.p
		up := map[string]any{}
		for _, c := range e.changed {
			switch c {
			case ColumnEmail:
				up["email"], up["email_key"] = p.Email, p.EmailKey
			case ColumnPhone:
				up["phone"], up["phone_key"] = p.Phone, p.PhoneKey
			case ColumnSite:
				up["site"] = p.Site
			case ColumnDepartment:
				up["department"] = p.Department
			case ColumnShift:
				up["shift"] = p.Shift
			case ColumnNotes:
				if err := im.seal(p); err != nil {
					return err
				}
				up["notes"] = p.NotesBody
			}
		}
		up["updated_at"] = im.s.now()
		if err := db.Model(&Person{}).Where("id = ? AND group_id = ?", p.ID, im.g).UpdateColumns(up).Error; err != nil {
			return err
		}
	}
	byLine := map[int]PersonID{}
	for _, e := range im.added {
		byLine[e.line] = e.p.ID
	}
	for i := range rep.Added {
		rep.Added[i].PersonID = byLine[rep.Added[i].Line]
	}
	for i := range rep.Skipped {
		if rep.Skipped[i].Skip == SkipRepeat && rep.Skipped[i].PersonID == 0 {
			rep.Skipped[i].PersonID = byLine[rep.Skipped[i].SameAs]
		}
	}
	return nil
}

// seal seals a person's notes into NotesBody, as reflections are sealed;
// no notes store nothing.
func (im *rosterImport) seal(p *Person) error {
	if p.Notes == "" {
		p.NotesBody = nil
		return nil
	}
	b, err := im.s.sealer.Seal([]byte(p.Notes))
	if err != nil {
		return err
	}
	p.NotesBody = b
	return nil
}

// isEmail reports whether s is an email address alone, like
// maria@example.org: not a name with one, not two.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}
