package models_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestExportRosterRoundTrip: the roster's export has the columns an
// import reads, by the group's names, with who has each person and their
// one-to-ones; importing it again, here or into another group, changes
// nothing and loses nothing.
func TestExportRosterRoundTrip(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		fields := "Ward\nUnit\nShift"
		if err := s.SaveSettings(ctx, &models.SavedSettings{RosterFields: &fields}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMember(ctx, &models.Member{ID: "UA", Name: "Alex", ProfileFetchedAt: t0}); err != nil {
			t.Fatal(err)
		}
		in := "Full name;E-mail;Cell;Ward;Unit;Shift;Comments\n" +
			"María López;maria@example.org;+1 555 010 2030;3;ICU;Nights;\"Knows everyone,\nand =SUM(A1)\"\n" +
			"John Smith;john@example.org;;3;ER;Days;\n" +
			"John Smith;other@example.org;;4;;;\n" +
			"@Kim Park;;-555;;;;\n"
		rep := mustImport(t, s, in, models.ImportOptions{})
		if len(rep.Added) != 4 {
			t.Fatalf("import = %+v, want 4 added", rep)
		}
		mustCreate(t, s, &models.Assignment{GroupID: s.Scope(), PersonID: rep.Added[0].PersonID, OrganizerID: "UA", AssignedBy: "UR", CreatedAt: t0})
		o, _ := models.NewLogged("UA", "", nil, t0.Add(-time.Hour), t0)
		if err := s.LogOneToOne(ctx, o, "maría lópez", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "x"}}); err != nil {
			t.Fatal(err)
		}

		var out bytes.Buffer
		if err := s.ExportRosterCSV(ctx, &out, importer); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"Name", "Email", "Phone", "Ward", "Unit", "Shift", "Notes", "Assigned to", "Assigned to Slack ID", "Slack ID", "One-to-ones held", "Last held"},
			{"María López", "maria@example.org", "'+1 555 010 2030", "3", "ICU", "Nights", "Knows everyone,\nand =SUM(A1)", "Alex", "UA", "", "1", "2026-11-27T14:00:00Z"},
			{"John Smith", "john@example.org", "", "3", "ER", "Days", "", "", "", "", "", ""},
			{"John Smith", "other@example.org", "", "4", "", "", "", "", "", "", "", ""},
			{"'@Kim Park", "", "'-555", "", "", "", "", "", "", "", "", ""},
		}
		if diff := cmp.Diff(want, recs); diff != "" {
			t.Errorf("export (-want +got):\n%s", diff)
		}

		before := roster(t, s)
		again := mustImport(t, s, out.String(), models.ImportOptions{})
		if len(again.Added)+len(again.Merged)+len(again.Skipped) != 0 || len(again.Unchanged) != 4 {
			t.Errorf("import(export) = %+v, want 4 unchanged", again)
		}
		if diff := cmp.Diff([]string{"Assigned to", "Assigned to Slack ID", "Slack ID", "One-to-ones held", "Last held"}, again.Ignored); diff != "" {
			t.Errorf("ignored (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(before, roster(t, s)); diff != "" {
			t.Errorf("roster after import(export) (-before +after):\n%s", diff)
		}

		// Into a new group with the same field names: the same people.
		g, err := s.In(0).CreateGroup(ctx, storetest.TeamID, "Nurses", "UR")
		if err != nil {
			t.Fatal(err)
		}
		other := s.In(g.ID)
		if err := other.SaveSettings(ctx, &models.SavedSettings{RosterFields: &fields}); err != nil {
			t.Fatal(err)
		}
		mustImport(t, other, out.String(), models.ImportOptions{})
		copied := roster(t, other)
		strip := func(ps []models.Person) []models.Person {
			for i := range ps {
				ps[i].ID, ps[i].GroupID = 0, 0
			}
			return ps
		}
		if diff := cmp.Diff(strip(before), strip(copied)); diff != "" {
			t.Errorf("the roster imported elsewhere (-here +there):\n%s", diff)
		}
	})
}

// TestExportRosterCoordinatorsOnly: the roster, notes and all, is the
// coordinators' to export; nobody else gets a line of it.
func TestExportRosterCoordinatorsOnly(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		mustImport(t, s, "Name,Notes\nMaria Lopez,secret\n", models.ImportOptions{})
		var out bytes.Buffer
		err := s.ExportRosterCSV(context.Background(), &out, &models.Member{ID: "UA", Role: models.RoleMember})
		if models.ErrorCode(err) != models.EUNAUTHORIZED || out.Len() != 0 {
			t.Errorf("a member's export = %v, %q; want EUNAUTHORIZED and nothing", err, out.String())
		}
		out.Reset()
		if err := s.ExportRosterCSV(context.Background(), &out, importer); err != nil || !strings.Contains(out.String(), "secret") {
			t.Errorf("a coordinator's export = %v, %q; want the notes", err, out.String())
		}
	})
}
