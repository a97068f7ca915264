package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestDueQueriesUseIndexes asks Postgres for the plan of every query the
// scheduler runs each tick, with sequential scans priced out: a plan that
// still scans a table has no index to use and would read the whole table
// every minute in production. (storetest cannot be used from inside the
// package, hence the few lines of schema set-up.)
func TestDueQueriesUseIndexes(t *testing.T) {
	base := os.Getenv("ONETOONE_TEST_POSTGRES")
	if base == "" {
		t.Skip("ONETOONE_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	s := openFreshSchema(t, base, now)
	page := Page{Limit: 100}
	next := page.After(now.Add(-time.Hour), 42)
	changed := Page{Limit: 100, ChangedSince: now.Add(-2 * time.Hour)}.After(now.Add(-time.Hour), 42)
	tests := []struct {
		name  string
		query func(db *gorm.DB) *gorm.DB
	}{
		{"MeetingsToRemind", func(db *gorm.DB) *gorm.DB { return s.meetingsToRemindQuery(db, now, now.Add(26*time.Hour), page) }},
		{"MeetingsToReflect", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToReflectQuery(db, SideRequester, now.Add(-7*24*time.Hour), now, page)
		}},
		{"MeetingsToReflect/invitee", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToReflectQuery(db, SideInvitee, now.Add(-7*24*time.Hour), now, page)
		}},
		{"MeetingsToRemindReflect", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToRemindReflectQuery(db, SideRequester, now.Add(-14*24*time.Hour), now, now.Add(-48*time.Hour), page)
		}},
		{"MeetingsToRemindReflect/invitee", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToRemindReflectQuery(db, SideInvitee, now.Add(-14*24*time.Hour), now, now.Add(-48*time.Hour), page)
		}},
		{"RequestsToNudge", func(db *gorm.DB) *gorm.DB { return s.requestsToNudgeQuery(db, now.Add(-42*24*time.Hour), now, page) }},
		{"RequestsToExpire", func(db *gorm.DB) *gorm.DB { return s.requestsToExpireQuery(db, now, page) }},
		{"FollowUpsDue", func(db *gorm.DB) *gorm.DB { return s.followUpsDueQuery(db, now.Add(-7*24*time.Hour), now, page) }},
		{"MeetingsToReflect/next", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToReflectQuery(db, SideRequester, now.Add(-7*24*time.Hour), now, next)
		}},
		{"MeetingsToReflect/changed", func(db *gorm.DB) *gorm.DB {
			return s.meetingsToReflectQuery(db, SideInvitee, now.Add(-7*24*time.Hour), now, changed)
		}},
		{"RequestsToNudge/changed", func(db *gorm.DB) *gorm.DB { return s.requestsToNudgeQuery(db, now.Add(-42*24*time.Hour), now, changed) }},
		{"FollowUpsDue/changed", func(db *gorm.DB) *gorm.DB { return s.followUpsDueQuery(db, now.Add(-7*24*time.Hour), now, changed) }},
		{"ClaimDue", func(db *gorm.DB) *gorm.DB { return s.claimQuery(db, now, []string{KindReminder, KindReminderInvitee}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sql := s.db.ToSQL(func(tx *gorm.DB) *gorm.DB { return tt.query(tx).Find(&[]map[string]any{}) })
			var plan []string
			err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
					return err
				}
				return tx.Raw("EXPLAIN " + sql).Scan(&plan).Error
			})
			if err != nil {
				t.Fatalf("explain %s: %v", sql, err)
			}
			text := strings.Join(plan, "\n")
			if strings.Contains(text, "Seq Scan") {
				t.Errorf("plan scans a whole table:\n%s\nquery: %s", text, sql)
			}
		})
	}
}

// TestPostgresPlansEachRun checks the run-time parameter reaches the
// server on every pooled connection (see postgresDSN).
func TestPostgresPlansEachRun(t *testing.T) {
	base := os.Getenv("ONETOONE_TEST_POSTGRES")
	if base == "" {
		t.Skip("ONETOONE_TEST_POSTGRES is not set")
	}
	s := openFreshSchema(t, base, time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC))
	var mode string
	if err := s.db.Raw("SHOW plan_cache_mode").Scan(&mode).Error; err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode = %q, want force_custom_plan", mode)
	}
}

func openFreshSchema(t *testing.T, base string, now time.Time) *Store {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := Open(ctx, base, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.db.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() })
	if err := admin.db.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, u.String(), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
