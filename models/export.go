package models

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// exportBatch is how many one-to-ones ExportCSV reads per query. Batches
// keep memory flat however long the history, and keep each query short so
// the bot's own queries (one connection on SQLite) never wait long behind
// an export.
const exportBatch = 500

// exportColumns are the fixed leading columns of ExportCSV, named for a
// spreadsheet or an organizing CRM's import; one column per reflection
// question (Question.Key, in the guide's order) follows them.
var exportColumns = []string{
	"one_to_one_id", "status",
	"organizer_slack_id", "organizer_name", "other_slack_id", "other_name",
	"requested_at", "scheduled_at", "duration_min", "place", "held_at",
	"engagement", "follow_up_on",
}

// exportRow is one one-to-one joined with the names and the reflection an
// export shows beside it.
type exportRow struct {
	ID            int64
	Status        Status
	RequesterID   UserID
	OrganizerName *string
	InviteeID     UserID
	InviteeName   *string
	PersonName    *string
	RequestedAt   time.Time
	ScheduledAt   *time.Time
	DurationMin   int
	Place         string
	HeldAt        *time.Time
	Engagement    *int
	FollowUpOn    *time.Time
	Body          []byte
}

const exportQuery = `SELECT o.id, o.status, o.requester_id, rm.name AS organizer_name,
	o.invitee_id, im.name AS invitee_name, p.name AS person_name,
	o.requested_at, o.scheduled_at, o.duration_min, o.place, o.held_at,
	r.engagement, r.follow_up_on, r.body
FROM one_to_ones o
LEFT JOIN members rm ON rm.id = o.requester_id
LEFT JOIN members im ON o.invitee_id <> '' AND im.id = o.invitee_id
LEFT JOIN people p ON p.id = o.person_id
LEFT JOIN reflections r ON r.one_to_one_id = o.id
WHERE o.id > ?
ORDER BY o.id
LIMIT ?`

// ExportCSV writes every one-to-one, with its reflection, as CSV for a
// coordinator to take the group's history into a spreadsheet or a CRM.
// Reflections are private to their author and coordinators, so anyone else
// gets EUNAUTHORIZED and nothing is written. Times are RFC 3339 in UTC and
// empty when unset. Cells a spreadsheet would run as a formula are
// defused with a leading quote.
//
// Rows are read in batches, not in one snapshot: a one-to-one created
// while the export runs may or may not appear. An error part-way leaves
// the rows written so far in w; callers writing a file should write it
// aside and rename it on success.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, viewer *Member) error {
	if !viewer.IsCoordinator() {
		return Errorf(EUNAUTHORIZED, "Only the group's coordinators can export one-to-ones and reflections.")
	}
	cw := csv.NewWriter(w)
	header := append([]string{}, exportColumns...)
	for _, q := range Questions {
		header = append(header, q.Key)
	}
	if err := cw.Write(header); err != nil {
		return exportWriteError(err)
	}
	var last int64
	for {
		var rows []exportRow
		if err := s.conn(ctx).Raw(exportQuery, last, exportBatch).Scan(&rows).Error; err != nil {
			return translate("export", err)
		}
		for i := range rows {
			rec, err := s.exportRecord(&rows[i])
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

func (s *Store) exportRecord(row *exportRow) ([]string, error) {
	otherID, otherName := row.InviteeID, deref(row.InviteeName)
	if otherID == "" {
		otherName = deref(row.PersonName) // outside Slack: no Slack id
	}
	rec := []string{
		strconv.FormatInt(row.ID, 10), string(row.Status),
		string(row.RequesterID), deref(row.OrganizerName), string(otherID), otherName,
		csvTime(&row.RequestedAt), csvTime(row.ScheduledAt), strconv.Itoa(row.DurationMin), row.Place, csvTime(row.HeldAt),
		"", csvTime(row.FollowUpOn),
	}
	if row.Engagement != nil && *row.Engagement != 0 {
		rec[11] = strconv.Itoa(*row.Engagement)
	}
	var answers map[string]string
	if row.Body != nil {
		r := Reflection{Body: row.Body}
		if err := s.open(&r); err != nil {
			return nil, rowError("export the reflection on one-to-one", row.ID, err)
		}
		answers = r.Answers
	}
	for _, q := range Questions {
		rec = append(rec, answers[q.Key])
	}
	for i := range rec {
		rec[i] = defuseFormula(rec[i])
	}
	return rec, nil
}

// defuseFormula keeps a spreadsheet from running a cell as a formula (CSV
// injection): text starting with = + - @, a tab or a carriage return gets
// a leading apostrophe, as OWASP recommends. Our own values (ids, times,
// counts) never start with these, so only people's words are touched.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func exportWriteError(err error) error {
	return &Error{Code: EINTERNAL, Message: "can't write the export", Err: fmt.Errorf("export: %w", err)}
}
