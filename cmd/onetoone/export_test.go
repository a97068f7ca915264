package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// keyA and keyB are two fixed encryption keys, as ONETOONE_ENCRYPTION_KEY
// holds them.
var (
	keyA = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA}, 32))
	keyB = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xB}, 32))
)

const secretAnswer = "her brother was deported last spring"

// seedDB creates a SQLite database in a temp dir with one reflected
// one-to-one, sealed with the keys e names, and returns e pointing at it.
func seedDB(t *testing.T, e env) (env, string) {
	t.Helper()
	dir := t.TempDir()
	e = e.with("DATABASE_URL", "sqlite:"+filepath.Join(dir, "onetoone.db"))
	c, err := loadConfig(e.getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := openStore(ctx, c, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SaveMember(ctx, &models.Member{ID: "UA", Name: "Alex", ProfileFetchedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	o, _ := models.NewLogged("UA", "", nil, time.Now().Add(-time.Hour), time.Now())
	g, err := s.DefaultGroup(ctx, slacktest.TeamID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.In(g.ID).LogOneToOne(ctx, o, "Maria Lopez", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": secretAnswer}}); err != nil {
		t.Fatal(err)
	}
	return e, dir
}

// runCmd runs the binary's entry point as an operator would.
func runCmd(t *testing.T, e env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, e.getenv, &out, &errOut)
	return code, out.String(), errOut.String()
}

// exportedAnswer parses an export and returns the "cares" answer of its
// only row.
func exportedAnswer(t *testing.T, b []byte) string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("export = %d records, %v:\n%s", len(recs), err, b)
	}
	for i, h := range recs[0] {
		if h == "cares" {
			return recs[1][i]
		}
	}
	t.Fatalf("no cares column in %v", recs[0])
	return ""
}

func TestExportCmd(t *testing.T) {
	e, dir := seedDB(t, env{"ONETOONE_ENCRYPTION_KEY": keyA})

	t.Run("OKStdout", func(t *testing.T) {
		code, out, errOut := runCmd(t, e, "export", "--format", "csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if got := exportedAnswer(t, []byte(out)); got != secretAnswer {
			t.Errorf("cares = %q, want the decrypted answer", got)
		}
		if !strings.Contains(out, "Maria Lopez") {
			t.Errorf("person outside Slack missing:\n%s", out)
		}
	})
	t.Run("OKFile", func(t *testing.T) {
		path := filepath.Join(dir, "out.csv")
		code, out, errOut := runCmd(t, e, "export", "--out", path)
		if code != 0 || out != "" {
			t.Fatalf("exit %d, stdout %q: %s", code, out, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := exportedAnswer(t, b); got != secretAnswer {
			t.Errorf("cares = %q", got)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("export file mode = %v, want 0600: it holds private reflections", fi.Mode().Perm())
		}
		assertNoTempFiles(t, dir)
	})
	t.Run("OKDatabaseDumpIsSealed", func(t *testing.T) {
		for _, name := range []string{"onetoone.db", "onetoone.db-wal"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte("deported")) {
				t.Errorf("%s holds the reflection in clear", name)
			}
		}
	})
	for _, tt := range []struct {
		name     string
		env      env
		args     []string
		code     int // 2 for a command line export cannot read
		contains string
	}{
		{"ErrFormat", e, []string{"export", "--format", "xlsx"}, 2, `--format "xlsx" is not supported`},
		{"ErrFlag", e, []string{"export", "--nope"}, 2, "usage: onetoone export"},
		{"ErrArgument", e, []string{"export", "extra"}, 2, `unexpected argument "extra"`},
		{"ErrBadKey", e.with("ONETOONE_ENCRYPTION_KEY", "c2hvcnQ="), []string{"export"}, 1, "ONETOONE_ENCRYPTION_KEY key 1 is 5 bytes"},
		{"ErrWrongKey", e.with("ONETOONE_ENCRYPTION_KEY", keyB), []string{"export", "--out", filepath.Join(dir, "wrong.csv")}, 1, "sealed with a key this deployment does not have"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.env, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.contains) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.contains)
			}
			if strings.Contains(out, "deported") {
				t.Errorf("a failed export printed the reflection")
			}
			for _, k := range []string{keyA, keyB, "c2hvcnQ="} {
				if strings.Contains(errOut, k) {
					t.Errorf("stderr %q echoes a key", errOut)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "wrong.csv")); !os.IsNotExist(err) {
		t.Errorf("a failed export left its file behind: %v", err)
	}
	assertNoTempFiles(t, dir)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temp file %s left behind", e.Name())
		}
	}
}

func TestResealCmd(t *testing.T) {
	e, _ := seedDB(t, env{"ONETOONE_ENCRYPTION_KEY": keyA})

	// Rotate: B first, A still there to open what it sealed.
	code, out, errOut := runCmd(t, e.with("ONETOONE_ENCRYPTION_KEY", keyB+","+keyA), "reseal")
	if code != 0 || !strings.Contains(out, "resealed 1 reflections") {
		t.Fatalf("reseal: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A is retired: B alone reads everything.
	code, out, errOut = runCmd(t, e.with("ONETOONE_ENCRYPTION_KEY", keyB), "export")
	if code != 0 {
		t.Fatalf("export with the new key only: exit %d: %s", code, errOut)
	}
	if got := exportedAnswer(t, []byte(out)); got != secretAnswer {
		t.Errorf("cares = %q", got)
	}

	t.Run("ErrNoKey", func(t *testing.T) {
		code, _, errOut := runCmd(t, e.with("ONETOONE_ENCRYPTION_KEY", ""), "reseal")
		if code != 1 || !strings.HasPrefix(errOut, "onetoone: ONETOONE_ENCRYPTION_KEY is not set") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("ErrLostKey", func(t *testing.T) {
		code, _, errOut := runCmd(t, e.with("ONETOONE_ENCRYPTION_KEY", keyA), "reseal")
		if code != 1 || !strings.Contains(errOut, "resealed 0 reflections, then stopped: can't reseal reflection") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}

func TestSealerConfig(t *testing.T) {
	c, err := loadConfig(env{"ONETOONE_ENCRYPTION_KEY": keyB + ", " + keyA}.getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.EncryptionKeys) != 2 || c.EncryptionKeys[0][0] != 0xB || c.EncryptionKeys[1][0] != 0xA {
		t.Errorf("keys not read newest first: %d keys", len(c.EncryptionKeys))
	}
	for _, tt := range []struct{ name, value, contains string }{
		{"ErrNotBase64", "hunter2!", "key 1 is not valid base64"},
		{"ErrShort", keyA + ",AAAA", "key 2 is 3 bytes"},
		{"ErrDuplicate", keyA + "," + keyA, "same key twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadConfig(env{"ONETOONE_ENCRYPTION_KEY": tt.value}.getenv, false)
			msg := oneLine(err)
			if !strings.HasPrefix(msg, "ONETOONE_ENCRYPTION_KEY ") || !strings.Contains(msg, tt.contains) {
				t.Errorf("error %q, want it to name the variable and say %q", msg, tt.contains)
			}
			if strings.Contains(msg, "hunter2") || strings.Contains(msg, keyA) {
				t.Errorf("error %q echoes the key", msg)
			}
		})
	}
}
