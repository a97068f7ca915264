package models_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"gorm.io/gorm"
)

// openSQLiteFile opens and migrates a store on the SQLite file at raw,
// closed when the test ends.
func openSQLiteFile(t *testing.T, raw string) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), raw, models.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSQLiteConnectionSettings: the settings models.Open asks of SQLite
// reach the connection, whichever driver is behind it: write-ahead log,
// foreign keys enforced, 10 s of waiting on a busy database, and
// transactions that take the write lock when they begin, so a second
// writer waits (or, here, with no wait, fails and is told the database
// is unavailable) instead of both writing and one failing at commit.
func TestSQLiteConnectionSettings(t *testing.T) {
	ctx := context.Background()
	raw := "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	a := openSQLiteFile(t, raw)
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := a.DB().WithContext(ctx).Raw("PRAGMA " + pragma).Row().Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}

	b := openSQLiteFile(t, raw)
	if err := b.DB().WithContext(ctx).Exec("PRAGMA busy_timeout = 0").Error; err != nil {
		t.Fatal(err)
	}
	err := a.DB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int
		if err := tx.Raw("SELECT count(*) FROM members").Row().Scan(&n); err != nil {
			return err
		}
		// a has only read, yet holds the write lock since BEGIN.
		if err := b.SaveMember(ctx, &models.Member{ID: "UB", Name: "Bo", TZ: "UTC", ProfileFetchedAt: t0}); models.ErrorCode(err) != models.EUNAVAILABLE {
			t.Errorf("SaveMember while another transaction is open = %v, want EUNAVAILABLE (database is locked)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SaveMember(ctx, &models.Member{ID: "UB", Name: "Bo", TZ: "UTC", ProfileFetchedAt: t0}); err != nil {
		t.Errorf("SaveMember once the transaction ended = %v", err)
	}
}
