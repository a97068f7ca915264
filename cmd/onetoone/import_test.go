package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

const rosterCSV = "First name,Last name,Email,Cell,Dept,Location,Shift,Rating\n" +
	"Maria,Lopez,maria@example.org,555-0102,Kitchen,North,Nights,2\n" +
	"John,Smith,john@example.org,,Laundry,South,Days,\n" +
	"Ana,Ruiz,not an email,,,,,\n" +
	"maria,lopez,,(555) 0102,,,,\n"

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// rosterCount counts the roster people of the database e names.
func rosterCount(t *testing.T, e env) int64 {
	t.Helper()
	c, err := loadConfig(e.getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	s, err := openExistingStore(context.Background(), c, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	if err := s.DB().Model(&models.Person{}).Where("owner_id = ''").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportCmd(t *testing.T) {
	e, dir := seedDB(t, env{"ONETOONE_ENCRYPTION_KEY": keyA})
	file := writeFile(t, dir, "roster.csv", rosterCSV)

	t.Run("OKDryRun", func(t *testing.T) {
		code, out, errOut := runCmd(t, e, "import", file, "--dry-run")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{"Dry run: would import", "4 lines: 2 added, 0 merged, 0 unchanged, 2 skipped.", "Columns not read (their cells were not imported): Rating.",
			"line 4: Ana Ruiz: the email isn't an email address", "line 5: maria lopez: the same person as line 2", "Nothing was stored"} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
		if n := rosterCount(t, e); n != 0 {
			t.Errorf("a dry run stored %d people", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		code, out, errOut := runCmd(t, e, "import", "--group", "", file)
		if code != 0 || !strings.Contains(out, "Imported "+file+` into the group "default" of workspace `+string(slacktest.TeamID)) ||
			!strings.Contains(out, "2 added") || !strings.Contains(out, "line 2: Maria Lopez\n") {
			t.Fatalf("exit %d:\n%s%s", code, out, errOut)
		}
		if n := rosterCount(t, e); n != 2 {
			t.Errorf("roster = %d people, want 2", n)
		}
	})
	t.Run("OKAgain", func(t *testing.T) {
		code, out, errOut := runCmd(t, e, "import", file)
		if code != 0 || !strings.Contains(out, "4 lines: 0 added, 0 merged, 2 unchanged, 2 skipped.") {
			t.Fatalf("exit %d:\n%s%s", code, out, errOut)
		}
	})
	t.Run("OKMerge", func(t *testing.T) {
		more := writeFile(t, dir, "more.csv", "Name;Email;Location\nMaria Lopez;maria@example.org;West\n")
		code, out, errOut := runCmd(t, e, "import", more)
		if code != 0 || !strings.Contains(out, "line 2: Maria Lopez (Worksite)") {
			t.Fatalf("exit %d:\n%s%s", code, out, errOut)
		}
	})
	t.Run("OKRoundTrip", func(t *testing.T) {
		path := filepath.Join(dir, "roster-out.csv")
		if code, out, errOut := runCmd(t, e, "export", "--roster", "--out", path); code != 0 {
			t.Fatalf("export: exit %d:\n%s%s", code, out, errOut)
		}
		code, out, errOut := runCmd(t, e, "import", path)
		if code != 0 || !strings.Contains(out, "2 lines: 0 added, 0 merged, 2 unchanged, 0 skipped.") {
			t.Fatalf("import(export): exit %d:\n%s%s", code, out, errOut)
		}
	})
	for _, tt := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"ErrNoFile", []string{"import"}, 2, "give one file to import"},
		{"ErrTwoFiles", []string{"import", file, file}, 2, "unexpected argument"},
		{"ErrMissingFile", []string{"import", filepath.Join(dir, "nope.csv")}, 1, "can't read " + filepath.Join(dir, "nope.csv") + ": no such file or directory"},
		{"ErrNoNameColumn", []string{"import", writeFile(t, dir, "bad.csv", "Email,Phone\nx@example.org,555\n")}, 1, "I couldn't find a name column"},
		{"ErrNoGroup", []string{"import", "--group", "Tenants", file}, 1, `has no group called "Tenants"`},
		{"ErrNoTeam", []string{"import", "--team", "TNOPE", file}, 1, "no workspace TNOPE in this database"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, e, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.says) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.says)
			}
		})
	}
	if n := rosterCount(t, e); n != 2 {
		t.Errorf("roster after the errors = %d people, want 2", n)
	}
}

// TestImportCmdGroups: with several groups, the command says which flag
// to give, and --group picks one.
func TestImportCmdGroups(t *testing.T) {
	e, dir := seedDB(t, env{})
	c, _ := loadConfig(e.getenv, false)
	s, err := openExistingStore(context.Background(), c, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateGroup(context.Background(), slacktest.TeamID, "Tenants", "UA"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	file := writeFile(t, dir, "roster.csv", rosterCSV)
	code, _, errOut := runCmd(t, e, "import", file)
	if code != 1 || !strings.Contains(errOut, `has 2 groups ("default", "Tenants"): say which with --group NAME`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := runCmd(t, e, "import", file, "--group", "tenants")
	if code != 0 || !strings.Contains(out, `into the group "Tenants"`) {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

func TestForgetCmd(t *testing.T) {
	e, dir := seedDB(t, env{"ONETOONE_ENCRYPTION_KEY": keyA})
	file := writeFile(t, dir, "roster.csv", "Name,Email\nKim Park,kim@example.org\n")
	if code, out, errOut := runCmd(t, e, "import", file); code != 0 {
		t.Fatalf("import: exit %d:\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, e, "forget", "kim park")
	if code != 0 || !strings.Contains(out, "Kim Park, on the roster (kim@example.org)") || !strings.Contains(out, "--yes") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if n := rosterCount(t, e); n != 1 {
		t.Fatalf("without --yes, roster = %d people, want Kim still", n)
	}
	code, out, errOut = runCmd(t, e, "forget", "--yes", "Kim Park")
	if code != 0 || !strings.Contains(out, "Forgot Kim Park, on the roster") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if n := rosterCount(t, e); n != 0 {
		t.Errorf("roster = %d people, want nobody", n)
	}
	// Alex's own contact, and her one-to-one.
	code, out, errOut = runCmd(t, e, "forget", "Maria Lopez", "--yes")
	if code != 0 || !strings.Contains(out, "Forgot Maria Lopez, UA's contact") || !strings.Contains(out, "3 records deleted") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCmd(t, e, "forget", "Nobody Here")
	if code != 1 || !strings.Contains(errOut, `nobody called "Nobody Here"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
