package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/onetoone/onetoone/models"
)

// sqliteFile is the file of a SQLite DATABASE_URL; ok is false for
// Postgres and for in-memory databases.
func sqliteFile(databaseURL string) (path string, ok bool) {
	dialect, dsn, err := models.ParseDSN(databaseURL)
	if err != nil || dialect != models.SQLite {
		return "", false
	}
	path, _, _ = strings.Cut(dsn, "?")
	if path == ":memory:" || strings.HasPrefix(path, "file::memory:") {
		return "", false
	}
	return strings.TrimPrefix(path, "file:"), true
}

// createPrivateSQLite creates a missing SQLite file readable and writable
// by its owner only, before the driver would create it readable by all:
// it holds people's reflections. SQLite gives its -wal and -shm files the
// database file's mode. An existing file keeps its mode. Only the commands
// meant to create a database (serve, migrate) call it.
func createPrivateSQLite(databaseURL string) error {
	path, ok := sqliteFile(databaseURL)
	if !ok {
		return nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case err != nil:
		return fmt.Errorf("DATABASE_URL %s: %w", path, err)
	}
	return f.Close()
}
