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
// question (Question.Key, in the guide's order) follows them, then
// exportReadBy and exportAuthor. New columns go at the end, so imports mapped by position
// keep working.
var exportColumns = []string{
	"one_to_one_id", "status",
	"organizer_slack_id", "organizer_name", "other_slack_id", "other_name",
	"requested_at", "scheduled_at", "duration_min", "place", "held_at",
	"engagement", "follow_up_on",
}

// exportReadBy follows the questions: who other than its author had read
// the reflection before this export, and when last.
const exportReadBy = "read_by"

// exportAuthor follows: who wrote the row's reflection, since each of the
// two people may write their own.
const exportAuthor = "reflection_author_slack_id"

// exportGroup follow: the group the one-to-one is in, by id and name (""
// for a default group without one).
var exportGroup = []string{"group_id", "group_name"}

// exportTags follows the short reflection's boxes (SectionQuestions, one
// column each, by Key): the reflection's issue tags, "; " between them.
const exportTags = "tags"

// exportRow is one one-to-one joined with the names and one reflection an
// export shows beside it: each of the two people may have written one.
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
	ReflectionID  *int64
	AuthorID      *string
	GroupID       GroupID
	GroupName     *string
}

const exportQuery = `SELECT o.id, o.status, o.requester_id, rm.name AS organizer_name,
	o.invitee_id, im.name AS invitee_name, p.name AS person_name,
	o.requested_at, o.scheduled_at, o.duration_min, o.place, o.held_at,
	r.engagement, r.follow_up_on, r.body, r.id AS reflection_id, r.author_id,
	o.group_id, g.name AS group_name
FROM (SELECT * FROM one_to_ones WHERE id > ? AND (? = 0 OR group_id = ?) ORDER BY id LIMIT ?) o
LEFT JOIN groups g ON g.id = o.group_id
LEFT JOIN members rm ON rm.id = o.requester_id
LEFT JOIN members im ON o.invitee_id <> '' AND im.id = o.invitee_id
LEFT JOIN people p ON p.id = o.person_id
LEFT JOIN reflections r ON r.one_to_one_id = o.id
ORDER BY o.id, r.id`

// ExportCSV writes every one-to-one, with its reflections, as CSV for a
// coordinator to take the group's history into a spreadsheet or a CRM: one
// row per reflection, in the order they were written, naming its author,
// and one row for a one-to-one nobody reflected on.
// Reflections are private to their author and coordinators, so anyone else
// gets EUNAUTHORIZED and nothing is written. A reflection about the viewer
// is left out of their export (MayReadReflection): its row keeps the
// meeting, with the reflection's cells empty. Every other reflection the
// viewer did not write counts as read by them, and is recorded as such
// before its row is written. Times are RFC 3339 in UTC and empty when
// unset. Cells a spreadsheet would run as a formula are defused with a
// leading quote.
//
// Scoped (In), it writes the group's one-to-ones, for a coordinator of the
// group; unscoped, every group's, for the operator (onetoone export). The
// last columns name each row's group.
//
// Rows are read in batches, not in one snapshot: a one-to-one created
// while the export runs may or may not appear. An error part-way leaves
// the rows written so far in w; callers writing a file should write it
// aside and rename it on success.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, viewer *Member) error {
	viewer, err := s.viewerIn(ctx, viewer)
	if err != nil {
		return err
	}
	if !viewer.IsCoordinator() {
		return Errorf(EUNAUTHORIZED, "Only the group's coordinators can export one-to-ones and reflections.").Msg("error.export_coordinators_only")
	}
	cw := csv.NewWriter(w)
	header := append([]string{}, exportColumns...)
	for _, q := range Questions {
		header = append(header, q.Key)
	}
	header = append(header, exportReadBy, exportAuthor)
	header = append(header, exportGroup...)
	for _, q := range SectionQuestions {
		header = append(header, q.Key)
	}
	header = append(header, exportTags)
	if err := cw.Write(header); err != nil {
		return exportWriteError(err)
	}
	var last int64
	for {
		var rows []exportRow
		if err := s.conn(ctx).Raw(exportQuery, last, s.group, s.group, exportBatch).Scan(&rows).Error; err != nil {
			return translate("export", err)
		}
		readers, err := s.exportReads(ctx, rows, viewer)
		if err != nil {
			return err
		}
		tags, err := tagsOf(s.conn(ctx), exportedReflections(rows))
		if err != nil {
			return err
		}
		oneToOnes := 0
		for i := range rows {
			rec, err := s.exportRecord(&rows[i], readers, tags)
			if err != nil {
				return err
			}
			if err := cw.Write(rec); err != nil {
				return exportWriteError(err)
			}
			if rows[i].ID != last {
				oneToOnes++
			}
			last = rows[i].ID
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return exportWriteError(err)
		}
		if oneToOnes < exportBatch {
			return nil
		}
	}
}

// exportReads withholds from rows the reflections about viewer, records
// viewer's reads of the others, and returns who had read those before,
// by reflection.
func (s *Store) exportReads(ctx context.Context, rows []exportRow, viewer *Member) (map[int64][]Reader, error) {
	var ids []int64
	var reads []ReflectionRead
	for i := range rows {
		row := &rows[i]
		if row.ReflectionID == nil {
			continue
		}
		author := UserID(deref(row.AuthorID))
		o := OneToOne{RequesterID: row.RequesterID, InviteeID: row.InviteeID}
		if !MayReadReflection(viewer, author, ReflectionSubject(&o, author)) {
			row.ReflectionID, row.AuthorID, row.Engagement, row.FollowUpOn, row.Body = nil, nil, nil, nil, nil
			continue
		}
		ids = append(ids, *row.ReflectionID)
		if viewer.ID != author {
			reads = append(reads, ReflectionRead{ReflectionID: *row.ReflectionID, ReaderID: viewer.ID, Via: ReadExported, ReadAt: s.now()})
		}
	}
	db := s.conn(ctx)
	readers, err := readersOf(db, ids)
	if err != nil {
		return nil, err
	}
	if len(reads) > 0 {
		if err := db.Create(&reads).Error; err != nil {
			return nil, translate("record the export's reads", err)
		}
	}
	return readers, nil
}

// exportedReflections are the reflections of rows the export shows.
func exportedReflections(rows []exportRow) []int64 {
	var ids []int64
	for _, r := range rows {
		if r.ReflectionID != nil {
			ids = append(ids, *r.ReflectionID)
		}
	}
	return ids
}

func (s *Store) exportRecord(row *exportRow, readers map[int64][]Reader, tags map[int64][]string) ([]string, error) {
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
	var readBy []string
	if row.ReflectionID != nil {
		for _, r := range readers[*row.ReflectionID] {
			readBy = append(readBy, csvReader(r))
		}
	}
	rec = append(rec, strings.Join(readBy, "; "), deref(row.AuthorID), row.GroupID.String(), deref(row.GroupName))
	for _, q := range SectionQuestions {
		rec = append(rec, answers[q.Key])
	}
	var tagged []string
	if row.ReflectionID != nil {
		tagged = tags[*row.ReflectionID]
	}
	rec = append(rec, strings.Join(tagged, "; "))
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

// csvReader is one reader of a reflection in the read_by column, like
// "Robin (U0123ABC): 2 reads, last 2026-11-27T20:00:00Z, exported".
func csvReader(r Reader) string {
	who := string(r.ID)
	switch {
	case r.ID == OperatorID:
		who = "the server's operator (onetoone export)"
	case r.Name != "":
		who = r.Name + " (" + string(r.ID) + ")"
	}
	reads := "1 read"
	if r.Times != 1 {
		reads = strconv.Itoa(r.Times) + " reads"
	}
	return fmt.Sprintf("%s: %s, last %s, %s", who, reads, csvTime(&r.Last), r.Via)
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
