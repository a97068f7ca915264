package models_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// openFails opens rawURL, expects it to fail as unavailable, and returns
// the message an operator reads.
func openFails(t *testing.T, rawURL string) string {
	t.Helper()
	s, err := models.Open(context.Background(), rawURL, models.Options{Now: time.Now})
	if err == nil {
		s.Close()
		t.Fatalf("Open(%s) worked, want it to fail", models.Redact(rawURL))
	}
	if code := models.ErrorCode(err); code != models.EUNAVAILABLE {
		t.Errorf("Open = %v, code %s, want %s", err, code, models.EUNAVAILABLE)
	}
	return models.ErrorMessage(err)
}

// wantSays checks msg holds every one of want, and never the password.
func wantSays(t *testing.T, msg string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not say %q", msg, w)
		}
	}
	if strings.Contains(msg, "s3cretpw") {
		t.Errorf("message %q shows the password", msg)
	}
}

// TestOpenSaysWhyPostgresFailed: each way a Postgres connection fails has
// its own words, against the real server.
func TestOpenSaysWhyPostgresFailed(t *testing.T) {
	t.Parallel()
	base, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	with := func(user, host, db string) string {
		u := *base
		u.User = url.UserPassword(user, "s3cretpw")
		u.Host = host
		u.Path = "/" + db
		u.RawQuery = "sslmode=disable"
		return u.String()
	}
	user, db := base.User.Username(), strings.TrimPrefix(base.Path, "/")
	cases := []struct {
		name, url string
		want      []string
	}{
		{"ConnectionRefused", with(user, "127.0.0.1:1", db), []string{"127.0.0.1:1", "connection refused", "port in DATABASE_URL"}},
		{"NoSuchDatabase", with(user, base.Host, "onetoone_missing_db_x7"), []string{`database "onetoone_missing_db_x7" does not exist`, "createdb onetoone_missing_db_x7"}},
		{"NoSuchRole", with("onetoone_missing_role_x7", base.Host, db), []string{"authentication failed", `"onetoone_missing_role_x7" does not exist`, "user in DATABASE_URL"}},
		{"HostNotFound", with(user, "onetoone-no-such-host.invalid:5432", db), []string{`host "onetoone-no-such-host.invalid" was not found`, "host name in DATABASE_URL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantSays(t, openFails(t, c.url), c.want...)
		})
	}
}

// TestOpenSaysWhySQLiteFailed: SQLite only says "unable to open database
// file"; Open says what is wrong with the path.
func TestOpenSaysWhySQLiteFailed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, url string
		want      []string
	}{
		{"NoDirectory", "sqlite:" + filepath.Join(dir, "missing", "x.db"), []string{"directory " + filepath.Join(dir, "missing") + " does not exist"}},
		{"NotADirectory", "sqlite:" + filepath.Join(file, "x.db"), []string{file + " is not a directory"}},
		{"IsADirectory", "sqlite:" + dir, []string{dir + " is a directory", "must name a file"}},
		{"NotWritable", "sqlite:" + filepath.Join(unwritableDir(t), "x.db"), []string{"is not writable", "write access"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantSays(t, openFails(t, c.url), c.want...)
		})
	}
}

// unwritableDir returns a directory this process cannot create files in: a
// read-only one of its own, or, for root who writes anywhere, /sys.
func unwritableDir(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "readonly")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if f, err := os.CreateTemp(dir, "probe"); err == nil { // root
		f.Close()
		os.Remove(f.Name())
		dir = "/sys"
		if f, err := os.CreateTemp(dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("no directory here refuses this process a new file")
		}
	}
	return dir
}

// TestParseDSNSaysWhatIsWrong: an unparseable postgres URL says what is
// wrong with it, without quoting it (the part quoted may be the password).
func TestParseDSNSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct{ name, url, want string }{
		{"BadEscape", "postgres://u:s3cretpw%zz@localhost/db", "invalid URL escape"},
		{"SlashInPassword", "postgres://u:s3cretpw/x@localhost/db", "invalid port"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := models.ParseDSN(c.url)
			if err == nil {
				t.Fatal("ParseDSN worked, want an error")
			}
			wantSays(t, err.Error(), c.want, "percent-encoded")
		})
	}
}
