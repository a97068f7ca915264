package main

import (
	"fmt"
	"os"
)

// lockSQLite keeps a second `serve` off the same SQLite file: SQLite has one
// writer, and two bots would both take every event. The lock is the
// operating system's, so it goes with the process, however it ends. One-off
// commands (migrate, run-job) don't take it. Postgres needs no lock: it is
// built for several replicas.
func lockSQLite(databaseURL string) (unlock func(), err error) {
	path, ok := sqliteFile(databaseURL)
	if !ok {
		return func() {}, nil
	}
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, &configError{"DATABASE_URL", fmt.Sprintf("%s is already served by another onetoone serve; SQLite allows one. Stop the other, or use Postgres for several replicas", path)}
	}
	return func() { f.Close() }, nil
}
