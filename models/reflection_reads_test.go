package models_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// readsEnv is a store holding Alex's reflection on a one-to-one with Sam,
// who is a coordinator, and Cy, another coordinator.
type readsEnv struct {
	ctx   context.Context
	s     *models.Store
	clock *storetest.Clock
	o     *models.OneToOne
}

var (
	alexR = &models.Member{ID: "UA", Name: "Alex"}
	samR  = &models.Member{ID: "UB", Name: "Sam", Role: models.RoleCoordinator}
	cyR   = &models.Member{ID: "UC", Name: "Cy", Role: models.RoleCoordinator}
	dee   = &models.Member{ID: "UD", Name: "Dee (IT)", IsAdmin: true}
)

func newReadsEnv(t *testing.T, s *models.Store, clock *storetest.Clock) *readsEnv {
	t.Helper()
	e := &readsEnv{ctx: context.Background(), s: s, clock: clock}
	for _, m := range []*models.Member{alexR, samR, cyR, dee} {
		m := *m
		m.ProfileFetchedAt = t0
		if err := s.SaveMember(e.ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	e.o, _ = models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), t0)
	if err := s.LogOneToOne(e.ctx, e.o, "", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "SECRET rent"}}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *readsEnv) reads(t *testing.T) []models.ReflectionRead {
	t.Helper()
	var rs []models.ReflectionRead
	if err := e.s.DB().Order("id").Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestReflectionReads(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		e := newReadsEnv(t, s, clock)
		ctx := e.ctx

		t.Run("RefusedRecordsNothing", func(t *testing.T) {
			for _, v := range []*models.Member{samR, dee, {ID: "UE"}, nil} {
				if _, err := s.Reflection(ctx, e.o.ID, e.o.RequesterID, v); models.ErrorCode(err) != models.EUNAUTHORIZED {
					t.Errorf("read by %+v = %v, want %s", v, err, models.EUNAUTHORIZED)
				}
			}
			if _, err := s.Reflection(ctx, e.o.ID, e.o.RequesterID, samR); !strings.Contains(models.ErrorMessage(err), "about you") {
				t.Errorf("the subject's refusal = %q, want it to say why", models.ErrorMessage(err))
			}
			if rs := e.reads(t); len(rs) != 0 {
				t.Errorf("reads = %+v, want none", rs)
			}
		})
		t.Run("AuthorIsNotRecorded", func(t *testing.T) {
			r, err := s.Reflection(ctx, e.o.ID, e.o.RequesterID, alexR)
			if err != nil || r.Answers["cares"] != "SECRET rent" || len(r.Readers) != 0 {
				t.Fatalf("author's read = %+v, %v", r, err)
			}
			if rs := e.reads(t); len(rs) != 0 {
				t.Errorf("reads = %+v, want none", rs)
			}
		})
		t.Run("CoordinatorIsRecorded", func(t *testing.T) {
			if _, err := s.Reflection(ctx, e.o.ID, e.o.RequesterID, cyR); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
			r, err := s.Reflection(ctx, e.o.ID, e.o.RequesterID, cyR)
			if err != nil || r.Answers["cares"] != "SECRET rent" {
				t.Fatalf("coordinator's read = %+v, %v", r, err)
			}
			want := []models.Reader{{ID: "UC", Name: "Cy", Times: 2, Last: t0.Add(time.Hour), Via: models.ReadOpened}}
			if diff := cmp.Diff(want, r.Readers); diff != "" {
				t.Errorf("readers (-want +got):\n%s", diff)
			}
			rs := e.reads(t)
			if len(rs) != 2 || rs[0].ReaderID != "UC" || !rs[0].ReadAt.Equal(t0) || !rs[1].ReadAt.Equal(t0.Add(time.Hour)) {
				t.Errorf("reads = %+v, want Cy's two, at their times", rs)
			}
		})
		t.Run("TeamView", func(t *testing.T) {
			team, err := s.TeamPicture(ctx, samR, clock.Now(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if team.Reflected[e.o.ID] || len(team.ReadBy[e.o.ID]) != 0 {
				t.Errorf("the team view offers Sam the reflection about them: %v, %v", team.Reflected, team.ReadBy)
			}
			team, err = s.TeamPicture(ctx, cyR, clock.Now(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if !team.Reflected[e.o.ID] || len(team.ReadBy[e.o.ID]) != 1 || team.ReadBy[e.o.ID][0].Times != 2 {
				t.Errorf("Cy's team view = %v, %+v; want the reflection and Cy's two reads", team.Reflected, team.ReadBy)
			}
			if _, err := s.TeamPicture(ctx, dee, clock.Now(), 10); models.ErrorCode(err) != models.EUNAUTHORIZED {
				t.Errorf("an admin nobody named = %v, want %s", err, models.EUNAUTHORIZED)
			}
		})
		t.Run("AuthorSeesWhoRead", func(t *testing.T) {
			mine, err := s.ReflectionsBy(ctx, "UA", 5)
			if err != nil || len(mine) != 1 {
				t.Fatalf("ReflectionsBy = %+v, %v", mine, err)
			}
			if mine[0].OneToOne.ID != e.o.ID || len(mine[0].Readers) != 1 || mine[0].Readers[0].ID != "UC" || mine[0].Readers[0].Times != 2 {
				t.Errorf("Alex's reflections = %+v", mine)
			}
			if theirs, err := s.ReflectionsBy(ctx, "UB", 5); err != nil || len(theirs) != 0 {
				t.Errorf("Sam's reflections = %+v, %v; want none", theirs, err)
			}
		})
		t.Run("ExportBySubjectOmitsIt", func(t *testing.T) {
			var buf bytes.Buffer
			if err := s.ExportCSV(ctx, &buf, samR); err != nil {
				t.Fatal(err)
			}
			recs := readCSV(t, buf.Bytes())
			if len(recs) != 2 || strings.Contains(buf.String(), "SECRET") || strings.Contains(buf.String(), "Cy") {
				t.Errorf("Sam's export shows the reflection about them or its readers:\n%s", buf.String())
			}
			if n := len(e.reads(t)); n != 2 {
				t.Errorf("%d reads after Sam's export, want 2", n)
			}
		})
		t.Run("ExportIsARead", func(t *testing.T) {
			clock.Advance(time.Hour)
			var buf bytes.Buffer
			if err := s.ExportCSV(ctx, &buf, cyR); err != nil {
				t.Fatal(err)
			}
			recs := readCSV(t, buf.Bytes())
			last := recs[1][slices.Index(recs[0], "read_by")]
			if want := "Cy (UC): 2 reads, last 2026-11-27T16:00:00Z, opened"; last != want {
				t.Errorf("read_by = %q, want %q", last, want)
			}
			rs := e.reads(t)
			if len(rs) != 3 || rs[2].ReaderID != "UC" || rs[2].Via != models.ReadExported || !rs[2].ReadAt.Equal(clock.Now()) {
				t.Errorf("reads = %+v, want Cy's export recorded", rs)
			}
			// The operator's export is recorded under their own name.
			buf.Reset()
			if err := s.ExportCSV(ctx, &buf, &models.Member{ID: models.OperatorID, Role: models.RoleCoordinator}); err != nil {
				t.Fatal(err)
			}
			recs = readCSV(t, buf.Bytes())
			if last := recs[1][slices.Index(recs[0], "read_by")]; !strings.HasPrefix(last, "Cy (UC): 3 reads, last 2026-11-27T17:00:00Z, exported") {
				t.Errorf("read_by = %q", last)
			}
			if rs := e.reads(t); len(rs) != 4 || rs[3].ReaderID != models.OperatorID {
				t.Errorf("reads = %+v, want the operator's export recorded", rs)
			}
		})
	})
}

// TestReflectionReadsGoWithTheirPeople: reads go with their reflection,
// with a forgotten reader, with a forgotten author or subject, and on purge.
func TestReflectionReadsGoWithTheirPeople(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		e := newReadsEnv(t, s, clock)
		ctx := e.ctx
		// A second reflection, Cy's on meeting Alex, read by Dee once
		// named a coordinator.
		o2, _ := models.NewLogged("UC", "UA", nil, t0.Add(-time.Hour), t0)
		if err := s.LogOneToOne(ctx, o2, "", &models.Reflection{AuthorID: "UC", Answers: map[string]string{"cares": "x"}}); err != nil {
			t.Fatal(err)
		}
		named := &models.Member{ID: "UD", Role: models.RoleCoordinator}
		var o3 *models.OneToOne // logged before the purge, below
		author := func(id models.OneToOneID) models.UserID {
			if o3 != nil && id == o3.ID {
				return o3.RequesterID
			}
			return map[models.OneToOneID]models.UserID{e.o.ID: e.o.RequesterID, o2.ID: "UC"}[id]
		}
		read := func(id models.OneToOneID, v *models.Member) {
			t.Helper()
			if _, err := s.Reflection(ctx, id, author(id), v); err != nil {
				t.Fatal(err)
			}
		}
		read(e.o.ID, cyR)
		read(e.o.ID, named)
		read(o2.ID, named)
		if n := len(e.reads(t)); n != 3 {
			t.Fatalf("%d reads, want 3", n)
		}

		// Forgetting Dee deletes what Dee read, and only that.
		if _, err := s.ForgetMember(ctx, "UD"); err != nil {
			t.Fatal(err)
		}
		if rs := e.reads(t); len(rs) != 1 || rs[0].ReaderID != "UC" {
			t.Errorf("after forgetting the reader: %+v, want only Cy's read", rs)
		}
		// Deleting a reflection deletes its reads.
		read(o2.ID, samR)
		if err := s.DB().Where("one_to_one_id = ?", o2.ID).Delete(&models.Reflection{}).Error; err != nil {
			t.Fatal(err)
		}
		if rs := e.reads(t); len(rs) != 1 || rs[0].ReaderID != "UC" {
			t.Errorf("after deleting a reflection: %+v, want only Cy's read of the other", rs)
		}
		// Forgetting Sam, whom the reflection is about, deletes it and its
		// reads.
		if _, err := s.ForgetMember(ctx, "UB"); err != nil {
			t.Fatal(err)
		}
		if rs := e.reads(t); len(rs) != 0 {
			t.Errorf("after forgetting the subject: %+v", rs)
		}
		// And a purge deletes them all.
		o3, _ = models.NewLogged("UA", "UC", nil, t0.Add(-time.Hour), t0)
		if err := s.LogOneToOne(ctx, o3, "", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "x"}}); err != nil {
			t.Fatal(err)
		}
		read(o3.ID, samR)
		if err := s.DB().Exec("UPDATE members SET team_id = 'T1'").Error; err != nil {
			t.Fatal(err)
		}
		if err := s.Purge(ctx, "T1"); err != nil {
			t.Fatal(err)
		}
		if rs := e.reads(t); len(rs) != 0 {
			t.Errorf("after the purge: %+v", rs)
		}
	})
}
