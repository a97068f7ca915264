package models_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// importer is the coordinator who imports in these tests.
var importer = &models.Member{ID: "UC", Name: "Coord", Role: models.RoleCoordinator}

func mustImport(t *testing.T, s *models.Store, csv string, opt models.ImportOptions) *models.ImportReport {
	t.Helper()
	rep, err := s.ImportRoster(context.Background(), importer, strings.NewReader(csv), opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// roster returns the group's roster people by id, notes opened.
func roster(t *testing.T, s *models.Store) []models.Person {
	t.Helper()
	var ps []models.Person
	if err := s.DB().Where("group_id = ? AND owner_id = ''", s.Scope()).Order("id").Find(&ps).Error; err != nil {
		t.Fatal(err)
	}
	return ps
}

// lines is the line numbers of a report's list.
func lines(ls []models.ImportLine) []int {
	out := []int{}
	for _, l := range ls {
		out = append(out, l.Line)
	}
	return out
}

// TestRosterColumnOf: headers by their common spellings, in any case and
// spacing, and the group's own names for the roster fields before them.
func TestRosterColumnOf(t *testing.T) {
	ward := []string{"Ward", "Department", "Shift"}
	unit := []string{"Location", "Unit", "Rotation"}
	for _, c := range []struct {
		header string
		fields []string
		want   models.RosterColumn
	}{
		{"Name", nil, models.ColumnName},
		{"Full name", nil, models.ColumnName},
		{"\ufeffNAME", nil, models.ColumnName},
		{"First", nil, models.ColumnFirst},
		{"first_name", nil, models.ColumnFirst},
		{"Middle", nil, models.ColumnMiddle},
		{"Last Name", nil, models.ColumnLast},
		{"Surname", nil, models.ColumnLast},
		{"E-mail", nil, models.ColumnEmail},
		{"Email address", nil, models.ColumnEmail},
		{"Cell phone", nil, models.ColumnPhone},
		{"Mobile", nil, models.ColumnPhone},
		{"Home phone", nil, models.ColumnPhone},
		{"Work Phone", nil, models.ColumnPhone},
		{"Dept.", nil, models.ColumnDepartment},
		{"Loc", nil, models.ColumnSite},
		{"Worksite", nil, models.ColumnSite},
		{"Building", nil, models.ColumnSite},
		{"Shift", nil, models.ColumnShift},
		{"Comments", nil, models.ColumnNotes},
		{"Ward", nil, ""},
		{"ward", ward, models.ColumnSite},
		{"Site", ward, models.ColumnSite},
		{"Unit", unit, models.ColumnDepartment},
		{"Rotation", unit, models.ColumnShift},
		{"Location", unit, models.ColumnSite},
		{"Rating", nil, ""},
		{"", nil, ""},
	} {
		if got := models.RosterColumnOf(c.header, c.fields); got != c.want {
			t.Errorf("RosterColumnOf(%q, %q) = %q, want %q", c.header, c.fields, got, c.want)
		}
	}
}

// TestImportRoster: a file with a BOM, CRLF ends, First/Last names,
// several phones and an unknown column; then the same file again.
func TestImportRoster(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		csv := "\ufeffFirst name,Last name,E-mail,Cell,Home phone,Dept,Location,Shift,Rating,Notes\r\n" +
			"Maria,Lopez,maria@example.org,,(555) 010-2030,Kitchen,North,Nights,2,Knows everyone\r\n" +
			"John,Smith,john.smith@example.org,555 111 0000,,Laundry,South,Days,3,\r\n" +
			"John,Smith,jsmith@example.net,,,Kitchen,North,Days,,\r\n" +
			",,nobody@example.org,,,,,,,\r\n" +
			"Ana,Ruiz,not an email,,,,,,,\r\n" +
			"MARIA,LOPEZ,,555.010.2030,,,,,,\r\n" +
			",,,,,,,,,\r\n"
		rep := mustImport(t, s, csv, models.ImportOptions{})
		if diff := cmp.Diff([]int{2, 3, 4}, lines(rep.Added)); diff != "" {
			t.Errorf("added lines (-want +got):\n%s", diff)
		}
		want := []models.ImportLine{
			{Line: 5, Skip: models.SkipNoName},
			{Line: 6, Name: "Ana Ruiz", Skip: models.SkipBadEmail},
			{Line: 7, Name: "MARIA LOPEZ", Skip: models.SkipRepeat, SameAs: 2, PersonID: rep.Added[0].PersonID},
		}
		if diff := cmp.Diff(want, rep.Skipped); diff != "" {
			t.Errorf("skipped (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Rating"}, rep.Ignored); diff != "" {
			t.Errorf("ignored (-want +got):\n%s", diff)
		}
		if len(rep.Merged)+len(rep.Unchanged) != 0 || rep.Rows() != 6 {
			t.Errorf("report = %+v, want 6 rows, nothing merged", rep)
		}
		ps := roster(t, s)
		if len(ps) != 3 {
			t.Fatalf("roster = %+v, want 3 people", ps)
		}
		m := ps[0]
		if m.Name != "Maria Lopez" || m.Email != "maria@example.org" || m.PhoneKey != "5550102030" || m.Department != "Kitchen" ||
			m.Site != "North" || m.Shift != "Nights" || m.OwnerID != "" || m.ID != rep.Added[0].PersonID || m.CreatedAt.IsZero() {
			t.Errorf("Maria = %+v", m)
		}
		if string(m.NotesBody) != "Knows everyone" { // the test store's sealer is plain
			t.Errorf("Maria's notes = %q", m.NotesBody)
		}
		if ps[1].Phone != "555 111 0000" || ps[2].Email != "jsmith@example.net" {
			t.Errorf("the two John Smiths = %+v, %+v", ps[1], ps[2])
		}

		again := mustImport(t, s, csv, models.ImportOptions{})
		if len(again.Added)+len(again.Merged) != 0 || len(again.Unchanged) != 3 || len(again.Skipped) != 3 {
			t.Errorf("re-import = %+v, want 0 added, 0 merged, 3 unchanged", again)
		}
		if n := len(roster(t, s)); n != 3 {
			t.Errorf("roster after re-import = %d people, want 3", n)
		}
	})
}

// TestImportRosterMerges: a line matches by name with email or phone, or
// by name alone when one side has neither; it fills and updates cells, and
// says what changed.
func TestImportRosterMerges(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		mustImport(t, s, "Name,Email,Phone,Site,Notes\n"+
			"Maria Lopez,maria@example.org,,North,\n"+
			"Sam Lee,,555-0100,,\n"+
			"Kim Park,,,,Met at the rally\n"+
			"John Smith,john@example.org,,,\n"+
			"John Smith,other@example.org,,,\n", models.ImportOptions{})
		before := roster(t, s)
		clock.Advance(60 * 60 * 1e9)
		rep := mustImport(t, s, "Name,Email,Phone,Site,Shift,Notes\n"+
			"maria lopez,MARIA@example.org,555-0199,South,Nights,\n"+ // by email: phone filled, site updated
			"Sam Lee,sam@example.org,(555) 0100,,,\n"+ // by phone: email filled
			"Kim Park,kim@example.org,,,,Met at the rally\n"+ // by name: Kim had no contact
			"John Smith,,,,Days,\n"+ // two John Smiths: whose?
			"John Smith,third@example.org,,,,\n", // a third John Smith
			models.ImportOptions{})
		changed := map[string][]models.RosterColumn{}
		for _, l := range rep.Merged {
			changed[l.Name] = l.Changed
		}
		want := map[string][]models.RosterColumn{
			"Maria Lopez": {models.ColumnPhone, models.ColumnSite, models.ColumnShift},
			"Sam Lee":     {models.ColumnEmail},
			"Kim Park":    {models.ColumnEmail},
		}
		if diff := cmp.Diff(want, changed); diff != "" {
			t.Errorf("merged (-want +got):\n%s", diff)
		}
		if len(rep.Skipped) != 1 || rep.Skipped[0].Line != 5 || rep.Skipped[0].Skip != models.SkipAmbiguous {
			t.Errorf("skipped = %+v, want line 5 ambiguous", rep.Skipped)
		}
		if len(rep.Added) != 1 || rep.Added[0].Line != 6 {
			t.Errorf("added = %+v, want line 6", rep.Added)
		}
		after := roster(t, s)
		if len(after) != 6 {
			t.Fatalf("roster = %d people, want 6", len(after))
		}
		m := after[0]
		if m.Name != "Maria Lopez" || m.Email != "maria@example.org" || m.Phone != "555-0199" || m.Site != "South" || m.Shift != "Nights" {
			t.Errorf("Maria = %+v: the stored spellings of name and email stay, the rest follows the file", m)
		}
		if !m.UpdatedAt.After(before[0].UpdatedAt) || !after[3].UpdatedAt.Equal(before[3].UpdatedAt) {
			t.Errorf("updated_at = %v then %v; John Smith's %v then %v", before[0].UpdatedAt, m.UpdatedAt, before[3].UpdatedAt, after[3].UpdatedAt)
		}
		if after[1].Email != "sam@example.org" || after[1].Phone != "555-0100" || after[2].Email != "kim@example.org" {
			t.Errorf("Sam, Kim = %+v, %+v", after[1], after[2])
		}
	})
}

// TestImportRosterDryRun: a dry run reports what an import would do, and
// stores nothing.
func TestImportRosterDryRun(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		mustImport(t, s, "Name,Email\nMaria Lopez,maria@example.org\n", models.ImportOptions{})
		rep := mustImport(t, s, "Name;Email;Shift\nMaria Lopez;maria@example.org;Nights\nSam Lee;;\n", models.ImportOptions{DryRun: true})
		if !rep.DryRun || len(rep.Merged) != 1 || len(rep.Added) != 1 || rep.Added[0].PersonID != 0 {
			t.Errorf("dry run = %+v, want Maria merged and Sam added, without an id", rep)
		}
		ps := roster(t, s)
		if len(ps) != 1 || ps[0].Shift != "" {
			t.Errorf("roster after a dry run = %+v, want Maria as she was", ps)
		}
	})
}

// TestImportRosterRefuses: files the import cannot read, and people who
// may not import, store nothing.
func TestImportRosterRefuses(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, c := range []struct {
			name, csv string
			by        *models.Member
			code      string
		}{
			{"ErrNoNameColumn", "Email,Phone\nmaria@example.org,555\n", importer, models.EINVALID},
			{"ErrEmpty", "", importer, models.EINVALID},
			{"ErrNotCSV", "Name,Email\n\"Maria,\"x\"y\n", importer, models.EINVALID},
			{"ErrNotCoordinator", "Name\nMaria Lopez\n", &models.Member{ID: "UA", Role: models.RoleMember}, models.EUNAUTHORIZED},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.ImportRoster(ctx, c.by, strings.NewReader(c.csv), models.ImportOptions{})
				if models.ErrorCode(err) != c.code {
					t.Errorf("err = %v, want %s", err, c.code)
				}
			})
		}
		if _, err := s.In(0).ImportRoster(ctx, importer, strings.NewReader("Name\nMaria\n"), models.ImportOptions{}); models.ErrorCode(err) != models.EINTERNAL {
			t.Errorf("unscoped: err = %v, want EINTERNAL", err)
		}
		if ps := roster(t, s); len(ps) != 0 {
			t.Errorf("roster = %+v, want nobody", ps)
		}
	})
}

// TestImportRosterGroupFieldNames: a group that calls its sites "Ward"
// imports a Ward column as the site; another group's roster is untouched.
func TestImportRosterGroupFieldNames(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		fields := "Ward\nUnit\nShift"
		if err := s.SaveSettings(ctx, &models.SavedSettings{RosterFields: &fields}); err != nil {
			t.Fatal(err)
		}
		rep := mustImport(t, s, "Name,Ward,Unit,Dept,Rating\nMaria Lopez,3,ICU,Nursing,1\n", models.ImportOptions{})
		ps := roster(t, s)
		if len(ps) != 1 || ps[0].Site != "3" || ps[0].Department != "ICU" {
			t.Errorf("roster = %+v, want Ward 3, Unit ICU (the first department column given)", ps)
		}
		if diff := cmp.Diff([]string{"Rating"}, rep.Ignored); diff != "" {
			t.Errorf("ignored (-want +got):\n%s", diff)
		}
		other, err := s.In(0).CreateGroup(ctx, storetest.TeamID, "Tenants", "UC")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(roster(t, s.In(other.ID))); n != 0 {
			t.Errorf("the other group's roster = %d people", n)
		}
	})
}

// TestTypedNameMeansTheRosterPerson: an organizer who types the name of
// the roster's one person of that name logs a one-to-one with them; with
// two of that name, their own contact as before.
func TestTypedNameMeansTheRosterPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		rep := mustImport(t, s, "Name,Email\nMaria Lopez,maria@example.org\nJohn Smith,a@example.org\nJohn Smith,b@example.org\n", models.ImportOptions{})
		maria := rep.Added[0].PersonID
		p, err := s.FindOrCreatePerson(ctx, "UA", "maria lopez")
		if err != nil || p.ID != maria {
			t.Errorf("typed Maria = %+v, %v; want the roster's %d", p, err, maria)
		}
		if p, err := s.PersonNamed(ctx, "UB", "MARIA LOPEZ"); err != nil || p == nil || p.ID != maria {
			t.Errorf("PersonNamed = %+v, %v; want the roster's %d", p, err, maria)
		}
		o, _ := models.NewLogged("UA", "", nil, t0.Add(-60*60*1e9), t0)
		if err := s.LogOneToOne(ctx, o, "Maria Lopez", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"common": "Nights"}}); err != nil {
			t.Fatal(err)
		}
		if o.PersonID == nil || *o.PersonID != maria {
			t.Errorf("logged with %v, want the roster's Maria %d", o.PersonID, maria)
		}
		john, err := s.FindOrCreatePerson(ctx, "UA", "John Smith")
		if err != nil || john.OwnerID != "UA" {
			t.Errorf("typed John Smith = %+v, %v; want UA's own contact", john, err)
		}
	})
}

// TestImportRosterTakesTurns: two imports of one file into one group at
// once add each person once (without the lock on the group, Postgres
// added the 2,000 people twice).
func TestImportRosterTakesTurns(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		var b strings.Builder
		b.WriteString("Name,Email\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "Person %d,p%d@example.org\n", i, i)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = s.ImportRoster(context.Background(), importer, strings.NewReader(b.String()), models.ImportOptions{})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := len(roster(t, s)); n != 2000 {
			t.Errorf("roster = %d people, want 2000", n)
		}
	})
}
