package models_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// exportHeader is the header ExportCSV must write: a CRM import is mapped
// once by column name, so changing it breaks people's imports.
var exportHeader = []string{
	"one_to_one_id", "status", "organizer_slack_id", "organizer_name", "other_slack_id", "other_name",
	"requested_at", "scheduled_at", "duration_min", "place", "held_at", "engagement", "follow_up_on",
	"common", "learned", "cares", "excites", "talents", "why_involved", "role",
	"did_well", "stories", "leads", "felt", "ask", "interests", "read_by", "reflection_author_slack_id",
	"group_id", "group_name", "relationship", "self_interest", "self_eval", "tags",
}

// exportRecord builds an expected row from the fixed columns followed by
// the reflection's author (so a row reads in the order people think of it),
// answers by question key, and who had read the reflection (readBy,
// optional). The author goes last in the file, where new columns go.
func exportRecord(fixedAndAuthor []string, answers map[string]string, readBy ...string) []string {
	n := len(fixedAndAuthor) - 3 // engagement and follow_up_on follow the author
	rec := append(append([]string{}, fixedAndAuthor[:n]...), fixedAndAuthor[n+1:]...)
	for _, q := range models.Questions {
		rec = append(rec, answers[q.Key])
	}
	return append(rec, strings.Join(readBy, "; "), fixedAndAuthor[n])
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v\n%s", err, b)
	}
	return recs
}

func TestExportCSV(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		clock := storetest.NewClock(t0)
		s := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(4)))
		for _, m := range []*models.Member{
			{ID: "UA", Name: "Alex", ProfileFetchedAt: t0},
			{ID: "UB", Name: "=HYPERLINK(\"http://evil\")", ProfileFetchedAt: t0},
			{ID: "UC", Name: "Coord", Role: models.RoleCoordinator, ProfileFetchedAt: t0},
		} {
			if err := s.SaveMember(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		// 1: a request scheduled for Monday, somewhere a formula could hide.
		o1, _ := models.NewRequest("UA", "UB", "coffee?", clock.Now())
		monday := time.Date(2026, 11, 30, 17, 30, 0, 0, time.FixedZone("CST", -6*3600))
		if err := o1.Schedule(monday, time.Hour, "-- the basement", clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, o1); err != nil {
			t.Fatal(err)
		}
		// 2: someone outside Slack, with an encrypted reflection.
		clock.Advance(time.Hour)
		o2, _ := models.NewLogged("UA", "", nil, t0.Add(-48*time.Hour), clock.Now())
		followUp := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		tagsIn(t, s, "Rent\nWages")
		answers := map[string]string{
			"self_eval": "I listened",
			"cares":     "+1 for the rent strike",
			"common":    "we both grew up in Lyon,\nand \"love\" the bakery",
			"ask":       "@channel the tenants' meeting; she said yes",
		}
		if err := s.LogOneToOne(ctx, o2, `"Maria Lopez"`, &models.Reflection{AuthorID: "UA", Answers: answers, Engagement: 4, FollowUpOn: &followUp, Tags: []string{"wages", "Rent"}}); err != nil {
			t.Fatal(err)
		}
		// 3: a request to someone the bot has no profile for.
		o3, _ := models.NewRequest("UB", "UZ", "", clock.Now())
		if err := s.CreateOneToOne(ctx, o3); err != nil {
			t.Fatal(err)
		}
		// 4: a one-to-one both people reflected on, each in a row of its own.
		o4, _ := models.NewLogged("UA", "UB", nil, t0.Add(-24*time.Hour), clock.Now())
		if err := s.CreateOneToOne(ctx, o4); err != nil {
			t.Fatal(err)
		}
		for _, author := range []models.UserID{"UB", "UA"} {
			r := &models.Reflection{OneToOneID: o4.ID, AuthorID: author, Answers: map[string]string{"felt": "by " + string(author)}}
			if _, err := s.SaveReflection(ctx, r); err != nil {
				t.Fatal(err)
			}
		}

		t.Run("OK", func(t *testing.T) {
			var buf bytes.Buffer
			if err := s.ExportCSV(ctx, &buf, &models.Member{ID: "UC", Role: models.RoleCoordinator}); err != nil {
				t.Fatal(err)
			}
			want := [][]string{
				exportHeader,
				exportRecord([]string{fmt.Sprint(o1.ID), "scheduled", "UA", "Alex", "UB", "'=HYPERLINK(\"http://evil\")",
					"2026-11-27T15:00:00Z", "2026-11-30T23:30:00Z", "60", "'-- the basement", "", "", "", ""}, nil),
				exportRecord([]string{fmt.Sprint(o2.ID), "reflected", "UA", "Alex", "", "Maria Lopez",
					"2026-11-27T16:00:00Z", "", "45", "", "2026-11-25T15:00:00Z", "UA", "4", "2026-12-04T00:00:00Z"},
					map[string]string{
						"cares":  "'+1 for the rent strike",
						"common": "we both grew up in Lyon,\nand \"love\" the bakery",
						"ask":    "'@channel the tenants' meeting; she said yes",
					}),
				exportRecord([]string{fmt.Sprint(o3.ID), "requested", "UB", "'=HYPERLINK(\"http://evil\")", "UZ", "",
					"2026-11-27T16:00:00Z", "", "45", "", "", "", "", ""}, nil),
				exportRecord([]string{fmt.Sprint(o4.ID), "reflected", "UA", "Alex", "UB", "'=HYPERLINK(\"http://evil\")",
					"2026-11-27T16:00:00Z", "", "45", "", "2026-11-26T15:00:00Z", "UB", "", ""}, map[string]string{"felt": "by UB"}),
				exportRecord([]string{fmt.Sprint(o4.ID), "reflected", "UA", "Alex", "UB", "'=HYPERLINK(\"http://evil\")",
					"2026-11-27T16:00:00Z", "", "45", "", "2026-11-26T15:00:00Z", "UA", "", ""}, map[string]string{"felt": "by UA"}),
			}
			for i := range want[1:] {
				want[i+1] = append(want[i+1], s.Scope().String(), "", "", "", "", "")
			}
			// The short reflection's boxes and the tags go last.
			want[2][len(want[2])-2], want[2][len(want[2])-1] = "I listened", "Rent; Wages"
			if diff := cmp.Diff(want, readCSV(t, buf.Bytes())); diff != "" {
				t.Errorf("export mismatch (-want +got):\n%s", diff)
			}
		})
		for _, tt := range []struct {
			name   string
			viewer *models.Member
		}{
			{"ErrAdminNotNamed", &models.Member{ID: "UD", IsAdmin: true}},
			{"ErrAuthor", &models.Member{ID: "UA"}},
			{"ErrMember", &models.Member{ID: "UB", Role: models.RoleMember}},
			{"ErrNobody", nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var buf bytes.Buffer
				err := s.ExportCSV(ctx, &buf, tt.viewer)
				if models.ErrorCode(err) != models.EUNAUTHORIZED {
					t.Errorf("err = %v, want %s", err, models.EUNAUTHORIZED)
				}
				if buf.Len() != 0 {
					t.Errorf("a refused export wrote %d bytes", buf.Len())
				}
			})
		}
		t.Run("ErrWrongKey", func(t *testing.T) {
			other := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(5)))
			var buf bytes.Buffer
			err := other.ExportCSV(ctx, &buf, &models.Member{ID: "UC", Role: models.RoleCoordinator})
			if models.ErrorCode(err) != models.EINTERNAL || !strings.Contains(models.ErrorMessage(err)+err.Error(), fmt.Sprintf("one-to-one %d", o2.ID)) {
				t.Errorf("err = %v, want %s naming one-to-one %d", err, models.EINTERNAL, o2.ID)
			}
			assertNoKeyMaterial(t, err, testKey(4), testKey(5))
		})
	})
}

// TestExportCSVBatches checks the export pages through more rows than one
// batch without losing or repeating any.
func TestExportCSVBatches(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		const n = 1101
		bodies := make([][]byte, n)
		for i := range bodies {
			bodies[i] = []byte(fmt.Sprintf(`{"felt":"row %d"}`, i))
		}
		ids := seedReflections(t, s, bodies)
		// The last one-to-one of the first batch has a second reflection,
		// by the other person: a batch must not cut the two apart.
		second := models.Reflection{OneToOneID: ids[499], AuthorID: "U499", Body: []byte(`{"felt":"row 499, by U499"}`)}
		if err := s.DB().Create(&second).Error; err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.ExportCSV(context.Background(), &buf, &models.Member{ID: "UC", Role: models.RoleCoordinator}); err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, buf.Bytes())
		if len(recs) != n+2 {
			t.Fatalf("export has %d rows, want %d and a header", len(recs)-1, n+1)
		}
		felt := 13 + 10 // fixed columns, then "felt" is the 11th question
		row := 0
		for i, id := range ids {
			want := []string{fmt.Sprintf("row %d", i)}
			if i == 499 {
				want = append(want, "row 499, by U499")
			}
			for _, w := range want {
				row++
				if rec := recs[row]; rec[0] != fmt.Sprint(id) || rec[felt] != w {
					t.Fatalf("row %d = id %s, felt %q; want id %d, %q", row, rec[0], rec[felt], id, w)
				}
			}
		}
	})
}

// failingWriter fails after a few bytes, like a full disk.
type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		return 0, errors.New("disk full")
	}
	w.left -= len(p)
	return len(p), nil
}

func TestExportCSVWriteError(t *testing.T) {
	clock := storetest.NewClock(t0)
	s := storetest.MustSQLite(t, clock.Now)
	err := s.ExportCSV(context.Background(), &failingWriter{left: 10}, &models.Member{ID: "UC", Role: models.RoleCoordinator})
	if models.ErrorCode(err) != models.EINTERNAL || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want %s wrapping the write error", err, models.EINTERNAL)
	}
}
