package models

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// DefaultRosterFields name the roster's three fields in a file while the
// group keeps its own names unset (Settings.RosterFields); the import
// reads them back (RosterColumnOf).
var DefaultRosterFields = [RosterFieldCount]string{"Worksite", "Department", "Shift"}

// rosterExportExtra are the columns ExportRosterCSV adds after the ones an
// import reads: who has the person now, their Slack account once linked,
// and their one-to-ones held. An import lists them as not read.
var rosterExportExtra = []string{"Assigned to", "Assigned to Slack ID", "Slack ID", "One-to-ones held", "Last held"}

// rosterExportRow is a roster person with their open assignment.
type rosterExportRow struct {
	Person
	OrganizerID   *string
	OrganizerName *string
}

const rosterExportQuery = `SELECT p.*, a.organizer_id, m.name AS organizer_name
FROM (SELECT * FROM people WHERE group_id = ? AND owner_id = '' AND id > ? ORDER BY id LIMIT ?) p
LEFT JOIN assignments a ON a.person_id = p.id AND a.ended_at IS NULL
LEFT JOIN members m ON m.id = a.organizer_id
ORDER BY p.id`

// ExportRosterCSV writes the group's roster as CSV with the columns
// ImportRoster reads (Name, Email, Phone, the three roster fields by the
// group's names, Notes), so importing the file again changes nothing,
// followed by rosterExportExtra. Notes are coordinators' to read, and the
// roster is the campaign's chart: anyone but a coordinator gets
// EUNAUTHORIZED and nothing is written. Cells a spreadsheet would run as
// a formula are defused (defuseFormula; the import undoes it). Rows are
// read in batches; an error part-way leaves the rows written so far in w.
// Group-scoped (In).
func (s *Store) ExportRosterCSV(ctx context.Context, w io.Writer, viewer *Member) error {
	g, err := s.scope("export roster")
	if err != nil {
		return err
	}
	if viewer, err = s.viewerIn(ctx, viewer); err != nil {
		return err
	}
	if !viewer.IsCoordinator() {
		return Errorf(EUNAUTHORIZED, "Only the group's coordinators can export one-to-ones and reflections.").Msg("error.export_coordinators_only")
	}
	saved, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	fields := DefaultRosterFields[:]
	if f := saved.Effective(Settings{}).RosterFields; len(f) == RosterFieldCount {
		fields = f
	}
	cw := csv.NewWriter(w)
	header := append(append(append([]string{"Name", "Email", "Phone"}, fields...), "Notes"), rosterExportExtra...)
	if err := cw.Write(header); err != nil {
		return exportWriteError(err)
	}
	var last PersonID
	for {
		var rows []rosterExportRow
		if err := s.conn(ctx).Raw(rosterExportQuery, g, last, exportBatch).Scan(&rows).Error; err != nil {
			return translate("export roster", err)
		}
		held, err := s.heldWith(ctx, rows)
		if err != nil {
			return err
		}
		for i := range rows {
			rec, err := s.rosterRecord(&rows[i], held[rows[i].ID])
			if err != nil {
				return err
			}
			if err := cw.Write(rec); err != nil {
				return exportWriteError(err)
			}
			last = rows[i].ID
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return exportWriteError(err)
		}
		if len(rows) < exportBatch {
			return nil
		}
	}
}

// heldOf is how many one-to-ones a person had, and the last one's time.
type heldOf struct {
	n    int
	last time.Time
}

// heldWith counts the one-to-ones held with each of rows' people.
func (s *Store) heldWith(ctx context.Context, rows []rosterExportRow) (map[PersonID]heldOf, error) {
	ids := make([]PersonID, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	var os []struct {
		PersonID PersonID
		HeldAt   time.Time
	}
	if len(ids) > 0 {
		err := s.conn(ctx).Model(&OneToOne{}).Select("person_id, held_at").
			Where("group_id = ? AND person_id IN ? AND held_at IS NOT NULL", s.group, ids).Scan(&os).Error
		if err != nil {
			return nil, translate("export roster", err)
		}
	}
	out := map[PersonID]heldOf{}
	for _, o := range os {
		h := out[o.PersonID]
		h.n++
		if o.HeldAt.After(h.last) {
			h.last = o.HeldAt
		}
		out[o.PersonID] = h
	}
	return out, nil
}

func (s *Store) rosterRecord(row *rosterExportRow, held heldOf) ([]string, error) {
	var notes string
	if len(row.NotesBody) > 0 {
		b, err := s.sealer.Open(row.NotesBody)
		if err != nil {
			return nil, rowError("export the notes on person", int64(row.ID), err)
		}
		notes = string(b)
	}
	count := ""
	if held.n > 0 {
		count = strconv.Itoa(held.n)
	}
	rec := []string{row.Name, row.Email, row.Phone, row.Site, row.Department, row.Shift, notes,
		deref(row.OrganizerName), deref(row.OrganizerID), string(row.SlackID), count, csvTime(&held.last)}
	for i := range rec {
		rec[i] = defuseFormula(rec[i])
	}
	return rec, nil
}
