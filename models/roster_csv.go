package models

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// RosterColumn is what a column of a roster file holds: one of Person's
// fields, or a part of a name split in three.
type RosterColumn string

// The columns an import reads. ColumnName, ColumnFirst, ColumnMiddle and
// ColumnLast make the name; the others are Person's fields of that name.
const (
	ColumnName       RosterColumn = "name"
	ColumnFirst      RosterColumn = "first"
	ColumnMiddle     RosterColumn = "middle"
	ColumnLast       RosterColumn = "last"
	ColumnEmail      RosterColumn = "email"
	ColumnPhone      RosterColumn = "phone"
	ColumnSite       RosterColumn = "site"
	ColumnDepartment RosterColumn = "department"
	ColumnShift      RosterColumn = "shift"
	ColumnNotes      RosterColumn = "notes"
)

// rosterSpellings are the headers spreadsheets and organizing CRMs give
// each column, as headerKey compares them (see CAMPAIGN.md: a union's
// chart has First/Last or Name, Dept, Loc, Cell…). A group's own names for
// the three roster fields (Settings.RosterFields) come first.
var rosterSpellings = map[string]RosterColumn{
	"name": ColumnName, "fullname": ColumnName, "person": ColumnName, "nombre": ColumnName, "nombrecompleto": ColumnName,
	"first": ColumnFirst, "firstname": ColumnFirst, "givenname": ColumnFirst, "fname": ColumnFirst,
	"middle": ColumnMiddle, "middlename": ColumnMiddle, "mi": ColumnMiddle, "middleinitial": ColumnMiddle,
	"last": ColumnLast, "lastname": ColumnLast, "surname": ColumnLast, "familyname": ColumnLast, "lname": ColumnLast,
	"email": ColumnEmail, "emailaddress": ColumnEmail, "mail": ColumnEmail, "correo": ColumnEmail,
	"phone": ColumnPhone, "phonenumber": ColumnPhone, "cell": ColumnPhone, "cellphone": ColumnPhone,
	"mobile": ColumnPhone, "mobilephone": ColumnPhone, "homephone": ColumnPhone, "workphone": ColumnPhone,
	"telephone": ColumnPhone, "tel": ColumnPhone, "telefono": ColumnPhone, "teléfono": ColumnPhone,
	"department": ColumnDepartment, "dept": ColumnDepartment,
	"location": ColumnSite, "loc": ColumnSite, "site": ColumnSite, "worksite": ColumnSite, "building": ColumnSite,
	"shift": ColumnShift,
	"notes": ColumnNotes, "note": ColumnNotes, "comments": ColumnNotes, "comment": ColumnNotes,
}

// rosterFieldColumns are the columns of Person's three roster fields, in
// the order Settings.RosterFields names them.
var rosterFieldColumns = [RosterFieldCount]RosterColumn{ColumnSite, ColumnDepartment, ColumnShift}

// headerKey is a header as headers are compared: in lower case, without
// spaces, dashes, dots or underscores ("E-mail", "e_mail" and "EMAIL" are
// one header).
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.TrimPrefix(h, "\ufeff") {
		if unicode.IsSpace(r) || strings.ContainsRune("-_.:#'\"", r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// RosterColumnOf names the column a header holds, with the group's own
// names for the roster fields (fields, Settings.RosterFields; nil when the
// group keeps the defaults) before the common spellings; "" for a header
// the import does not read.
func RosterColumnOf(header string, fields []string) RosterColumn {
	k := headerKey(header)
	if k == "" {
		return ""
	}
	if len(fields) == RosterFieldCount {
		for i, f := range fields {
			if headerKey(f) == k {
				return rosterFieldColumns[i]
			}
		}
	}
	return rosterSpellings[k]
}

// rosterHeader is a file's header line, mapped.
type rosterHeader struct {
	cols    []RosterColumn // by position; "" for a column not read
	mapped  []ImportColumn // the headers read, in order
	ignored []string       // the headers not read, as written
}

// mapHeader maps a header line, or refuses a file none of whose columns
// gives a name.
func mapHeader(rec []string, fields []string) (*rosterHeader, error) {
	h := &rosterHeader{cols: make([]RosterColumn, len(rec))}
	named := false
	for i, cell := range rec {
		c := RosterColumnOf(cell, fields)
		h.cols[i] = c
		switch c {
		case "":
			if t := strings.TrimSpace(strings.TrimPrefix(cell, "\ufeff")); t != "" {
				h.ignored = append(h.ignored, t)
			}
		case ColumnName, ColumnFirst, ColumnLast:
			named = true
			fallthrough
		default:
			h.mapped = append(h.mapped, ImportColumn{Header: strings.TrimSpace(strings.TrimPrefix(cell, "\ufeff")), Column: c})
		}
	}
	if !named {
		return nil, Errorf(EINVALID, "I couldn't find a name column in the file's first line. Give it a column called Name (or First name and Last name).").Msg("roster.import.err_no_name_column")
	}
	return h, nil
}

// rosterCells is one line of a roster file, by column: the first cell not
// empty of each column wins (a chart with Cell, Home phone and Work phone
// keeps the first number given).
type rosterCells struct {
	line  int
	cells map[RosterColumn]string
}

// name is the line's name: its Name cell, or First, Middle and Last.
func (r *rosterCells) name() string {
	if n := r.cells[ColumnName]; n != "" {
		return n
	}
	var parts []string
	for _, c := range []RosterColumn{ColumnFirst, ColumnMiddle, ColumnLast} {
		if v := r.cells[c]; v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// MaxImportRows bounds one import: a campaign's roster with room to spare,
// in one transaction.
const MaxImportRows = 50000

// readRoster reads a roster file: CSV with a header line, separated by
// commas or, as European spreadsheets write it, by semicolons; a byte
// order mark and CRLF line ends are fine. Lines with every cell empty are
// passed over.
func readRoster(in io.Reader, fields []string) (*rosterHeader, []rosterCells, error) {
	br := bufio.NewReader(in)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	first, _ := br.Peek(4096)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	r := csv.NewReader(br)
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, Errorf(EINVALID, "The file is empty: give it a first line of column names, like Name,Email,Phone.").Msg("roster.import.err_empty")
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	h, err := mapHeader(head, fields)
	if err != nil {
		return nil, nil, err
	}
	var rows []rosterCells
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return h, rows, nil
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		row := rosterCells{line: line, cells: map[RosterColumn]string{}}
		for i, cell := range rec {
			if i >= len(h.cols) || h.cols[i] == "" {
				continue
			}
			if v := cleanCell(h.cols[i], cell); v != "" && row.cells[h.cols[i]] == "" {
				row.cells[h.cols[i]] = v
			}
		}
		if len(row.cells) == 0 {
			continue
		}
		if len(rows) == MaxImportRows {
			return nil, nil, Errorf(EINVALID, "The file has more than %d people; split it in parts and import each.", MaxImportRows).Msg("roster.import.err_too_many", "Max", MaxImportRows)
		}
		rows = append(rows, row)
	}
}

// cleanCell trims a cell, undoes the apostrophe an export puts before a
// cell a spreadsheet would run as a formula (defuseFormula), and, except
// in notes, folds runs of spaces into one.
func cleanCell(c RosterColumn, cell string) string {
	cell = strings.TrimSpace(cell)
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		cell = cell[1:]
	}
	if c == ColumnNotes {
		return strings.TrimSpace(cell)
	}
	return strings.Join(strings.Fields(cell), " ")
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		e := Errorf(EINVALID, "I couldn't read line %d of the file as CSV. Check its quotes, or save it again from the spreadsheet as CSV.", pe.Line).Msg("roster.import.err_csv", "Line", pe.Line)
		e.Err = fmt.Errorf("read roster: %w", err)
		return e
	}
	return &Error{Code: EINVALID, Message: "I couldn't read the file.", MessageID: "roster.import.err_read", Err: fmt.Errorf("read roster: %w", err)}
}
