// Package storetest gives tests in every package real stores to run against:
// a fresh SQLite file and, when ONETOONE_TEST_POSTGRES names a server, a
// fresh Postgres schema. It is for tests only.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// PostgresEnv names the variable holding the Postgres URL tests use. CI sets
// it; on a laptop without Postgres the Postgres half of each test skips.
const PostgresEnv = "ONETOONE_TEST_POSTGRES"

// Clock is a settable clock for tests that travel in time instead of
// sleeping.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TeamID is the workspace of the stores this package opens: the same as
// bot/slacktest's, so a bot under test works in the group tests seed.
const TeamID = models.TeamID("T0TEST")

// Each runs fn as a subtest on SQLite and on Postgres, each with a fresh
// migrated store scoped to TeamID's default group (Store.In; In(0) is the
// unscoped store).
func Each(t *testing.T, now func() time.Time, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, MustSQLite(t, now)) })
	t.Run("postgres", func(t *testing.T) { fn(t, MustPostgres(t, now)) })
}

// MustSQLite opens a migrated store on a new SQLite file in t's temp dir,
// scoped to TeamID's default group.
func MustSQLite(tb testing.TB, now func() time.Time) *models.Store {
	tb.Helper()
	return mustOpen(tb, "sqlite:"+filepath.Join(tb.TempDir(), "test.db"), now)
}

// MustPostgres opens a migrated store on a new schema of the Postgres server
// named by ONETOONE_TEST_POSTGRES, dropped when the test ends. It skips when
// the variable is unset.
func MustPostgres(tb testing.TB, now func() time.Time) *models.Store {
	tb.Helper()
	return mustOpen(tb, PostgresURL(tb), now)
}

// PostgresURL creates a fresh schema and returns a URL whose connections use
// it, so tests never see each other's rows. It skips when Postgres is not
// configured.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" && os.Getenv("ONETOONE_REQUIRE_POSTGRES") != "" {
		tb.Fatalf("%s is not set but ONETOONE_REQUIRE_POSTGRES is: CI must run the Postgres half", PostgresEnv)
	}
	if base == "" {
		tb.Skipf("%s is not set; skipping the Postgres half (CI sets it)", PostgresEnv)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		tb.Fatalf("postgres at %s: %v", models.Redact(base), err)
	}
	sqlDB, _ := admin.DB()
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		sqlDB.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func mustOpen(tb testing.TB, dsn string, now func() time.Time) *models.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, dsn, models.Options{Now: now})
	if err != nil {
		tb.Fatalf("open %s: %v", models.Redact(dsn), err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	g, err := s.DefaultGroup(ctx, TeamID)
	if err != nil {
		tb.Fatalf("default group: %v", err)
	}
	return s.In(g.ID)
}
