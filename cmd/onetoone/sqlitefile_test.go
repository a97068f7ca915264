package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestNewSQLiteIsPrivate migrates a new SQLite database: its file, and
// SQLite's own beside it, are readable by their owner only. Windows has no
// such modes.
func TestNewSQLiteIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are a unix matter")
	}
	dir := t.TempDir()
	e := env{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "new.db")}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, e.getenv, io.Discard, &stderr); code != 0 {
		t.Fatalf("migrate = %d; stderr: %s", code, stderr.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("migrate created no file")
	}
	for _, entry := range entries {
		info, err := entry.Info()
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %v, want -rw-------", entry.Name(), mode)
		}
	}
}
