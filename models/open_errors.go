package models

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// unreachable says why Open could not use the database named by rawURL, in
// words the operator can act on: nothing listening, no such host, no such
// database or user, a refused login, no answer in time, a SQLite file that
// cannot be made. The password never appears: the URL is shown through
// Redact, and the driver's own text, kept in Err for logs, through
// redactErr.
func unreachable(rawURL string, err error) error {
	where := Redact(rawURL)
	msg := "can't reach the database at " + where + ": " + whyUnreachable(rawURL, err)
	return &Error{Code: EUNAVAILABLE, Message: msg, Err: errors.New(redactErr(err.Error(), rawURL))}
}

// pgError is what pgx's *pgconn.PgError answers; matching on the method
// keeps the driver out of our imports.
type pgError interface {
	error
	SQLState() string
}

// whyUnreachable names the cause of a failed Open and what to check.
func whyUnreachable(rawURL string, err error) string {
	var pe pgError
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("it did not answer within %s; check it is running, reachable from here and not overloaded", ConnectTimeout)
	case errors.Is(err, context.Canceled):
		return "stopped while connecting"
	case errors.As(err, &pe):
		return pgRefusal(rawURL, pe)
	case errors.As(err, &dns) && dns.IsNotFound:
		return fmt.Sprintf("the host %q was not found; check the host name in DATABASE_URL", dns.Name)
	case errors.As(err, &dns):
		return fmt.Sprintf("the host %q could not be looked up (%s); check this host's DNS", dns.Name, dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens at that host and port; check the database is running and the port in DATABASE_URL"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to that host; check the host in DATABASE_URL and this host's network"
	}
	if dialect, _, _ := ParseDSN(rawURL); dialect == SQLite {
		if why := sqliteCannotOpen(rawURL); why != "" {
			return why
		}
	}
	return redactErr(err.Error(), rawURL)
}

// pgRefusal explains an error the Postgres server sent back while we logged
// in. Its message names the role or database, never a password.
func pgRefusal(rawURL string, pe pgError) string {
	server := pe.Error() // "FATAL: role \"x\" does not exist (SQLSTATE 28000)"
	user, db := "", ""
	if u, err := url.Parse(rawURL); err == nil {
		user, db = u.User.Username(), strings.TrimPrefix(u.Path, "/")
	}
	switch code := pe.SQLState(); {
	case code == "3D000": // invalid_catalog_name
		return fmt.Sprintf("the database %q does not exist on that server; create it (createdb %s) or fix the database name in DATABASE_URL", db, db)
	case code == "28P01": // invalid_password
		return fmt.Sprintf("authentication failed for user %q (wrong password); check the user and password in DATABASE_URL", user)
	case code == "28000" && strings.Contains(server, "does not exist"): // invalid_authorization_specification
		return fmt.Sprintf("authentication failed: the user (role) %q does not exist on that server; check the user in DATABASE_URL, or create the role", user)
	case strings.HasPrefix(code, "28"):
		return fmt.Sprintf("authentication failed for user %q (%s); check the user and password in DATABASE_URL and the server's pg_hba.conf", user, server)
	case code == "53300": // too_many_connections
		return fmt.Sprintf("the server has no connection slots left (%s); try again later, or raise max_connections", server)
	case code == "57P03": // cannot_connect_now
		return fmt.Sprintf("the server is starting up or shutting down (%s); try again in a moment", server)
	}
	return "the server refused the connection: " + server
}

// sqliteCannotOpen says why SQLite could not open the file rawURL names,
// which SQLite itself does not ("unable to open database file: out of
// memory (14)"): it looks at the file and its directory, and for a new file
// tries to create, then removes, a scratch file beside it. "" when it finds
// nothing wrong.
func sqliteCannotOpen(rawURL string) string {
	path := rawURL
	if path == "" {
		path = "onetoone.db"
	}
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite:"), "//")
	path, _, _ = strings.Cut(path, "?")
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return ""
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Sprintf("%s is a directory; DATABASE_URL must name a file in it, like sqlite:%s", path, filepath.Join(path, "onetoone.db"))
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Sprintf("the file %s cannot be opened for writing (%s); give the user onetoone runs as read and write access to it", path, osReason(err))
		}
		f.Close()
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("the directory %s does not exist; create it, or point DATABASE_URL at a file in a directory that does", dir)
	case err != nil:
		return fmt.Sprintf("the directory %s cannot be read (%s); check the path in DATABASE_URL", dir, osReason(err))
	case !fi.IsDir():
		return fmt.Sprintf("%s is not a directory; check the path in DATABASE_URL", dir)
	}
	// SQLite writes its -wal and -shm files beside the database.
	f, err := os.CreateTemp(dir, ".onetoone-probe-*")
	if err != nil {
		return fmt.Sprintf("the directory %s is not writable (%s); SQLite writes the database and its -wal and -shm files there: give the user onetoone runs as write access, or point DATABASE_URL elsewhere", dir, osReason(err))
	}
	f.Close()
	os.Remove(f.Name())
	return ""
}

// osReason is the system's word for a file error, without the path the
// message already names.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// redactErr strips the password out of a driver's error text, should a
// driver ever echo the URL.
func redactErr(s, rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			s = strings.ReplaceAll(s, p, "***")
		}
	}
	return s
}

// urlProblem says what url.Parse found wrong with a DATABASE_URL, without
// quoting any of it: the part it would quote may be a piece of the password.
func urlProblem(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	why := err.Error()
	for {
		i := strings.IndexByte(why, '"')
		j := -1
		if i >= 0 {
			j = strings.IndexByte(why[i+1:], '"')
		}
		if j < 0 {
			break
		}
		why = why[:i] + why[i+1+j+1:]
	}
	why = strings.Join(strings.Fields(strings.TrimPrefix(why, "net/url: ")), " ")
	return why + "; a password with / ? # @ : or % in it must have them percent-encoded (%2F %3F %23 %40 %3A %25)"
}
