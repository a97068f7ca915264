package models

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// OpenExisting opens a database that `onetoone migrate` has already brought
// up to date, for commands that must not create or migrate one as a side
// effect (export, reseal, run-job). A missing SQLite file is refused, not
// created; a schema that is not exactly the one this onetoone knows is
// refused, unchanged, unless opts.AnyVersion.
func OpenExisting(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	dialect, _, err := ParseDSN(rawURL)
	if err != nil {
		return nil, Errorf(EINVALID, "%s", err)
	}
	if dialect == SQLite {
		if rawURL, err = existingSQLite(rawURL); err != nil {
			return nil, err
		}
	}
	s, err := Open(ctx, rawURL, opts)
	if err != nil {
		return nil, err
	}
	check := s.CheckSchema
	if opts.AnyVersion {
		check = s.refuseNewer
	}
	if err := check(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// existingSQLite checks the file a sqlite: DATABASE_URL names is there and
// returns a URL that opens it read-write without ever creating it
// (SQLite's mode=rw), should it vanish in between.
func existingSQLite(rawURL string) (string, error) {
	raw := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
	if raw == "" {
		raw = "onetoone.db"
	}
	path, query, _ := strings.Cut(raw, "?")
	path = strings.TrimPrefix(path, "file:")
	if path == ":memory:" || strings.Contains(query, "mode=memory") {
		return "", Errorf(EINVALID, "DATABASE_URL names an in-memory SQLite database, which is empty in every process; name the file `onetoone migrate` created")
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", Errorf(ENOTFOUND, "there is no database at %s; run `onetoone migrate` to create it, or set DATABASE_URL to the one onetoone serves", path)
	} else if err != nil {
		return "", Errorf(EUNAVAILABLE, "can't read the database at %s: %v", path, err)
	}
	// SQLite reads a file: URI's query itself; % and # would be read as
	// escapes and fragments there.
	uri := "file:" + strings.NewReplacer("%", "%25", "#", "%23").Replace(path) + "?mode=rw"
	if query != "" {
		uri += "&" + query
	}
	return "sqlite:" + uri, nil
}
