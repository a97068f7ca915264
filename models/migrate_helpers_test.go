package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// eachDialect runs fn as a subtest on SQLite and on Postgres, each with a
// store on an empty database that nothing has migrated. The Postgres half
// skips when ONETOONE_TEST_POSTGRES is unset (CI sets it).
func eachDialect(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	for _, dialect := range []string{SQLite, Postgres} {
		t.Run(dialect, func(t *testing.T) { fn(t, openUnmigrated(t, dialect)) })
	}
}

// testNow is the clock of the migration tests.
var testNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// openUnmigrated opens a store on a new SQLite file, or on a new Postgres
// schema dropped when the test ends, without migrating it.
func openUnmigrated(t *testing.T, dialect string) *Store {
	t.Helper()
	ctx := context.Background()
	opts := Options{Now: func() time.Time { return testNow }}
	raw := "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	if dialect == Postgres {
		raw = unmigratedPostgres(t)
	}
	s, err := Open(ctx, raw, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// unmigratedPostgres creates a fresh schema, dropped when the test ends, and
// returns a URL whose connections use it.
func unmigratedPostgres(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ONETOONE_TEST_POSTGRES")
	if base == "" && os.Getenv("ONETOONE_REQUIRE_POSTGRES") != "" {
		t.Fatal("ONETOONE_TEST_POSTGRES is not set but ONETOONE_REQUIRE_POSTGRES is")
	}
	if base == "" {
		t.Skip("ONETOONE_TEST_POSTGRES is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := Open(context.Background(), base, Options{Now: time.Now})
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
	return u.String()
}

// schemaOf describes the store's tables, columns, indexes and constraints,
// one line each, sorted, leaving out the migrations' own bookkeeping: two
// databases with the same description have the same schema.
func schemaOf(t *testing.T, s *Store) []string {
	t.Helper()
	var lines []string
	query := func(q string) {
		t.Helper()
		rows, err := s.db.Raw(q).Rows()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				parts = append(parts, strings.ReplaceAll(toString(v), `"`, ""))
			}
			lines = append(lines, strings.Join(parts, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	const skip = `('goose_db_version', 'schema_migrations', 'sqlite_sequence')`
	if s.dialect == SQLite {
		query(`SELECT 'column', m.name, c.name, c.type, c."notnull", c.dflt_value, c.pk FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT IN ` + skip)
		query(`SELECT 'index', name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name NOT IN ` + skip)
		query(`SELECT 'index column', m.name, l.name, l."unique", l.partial, i.seqno, i.name FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i WHERE m.type = 'table' AND m.name NOT IN ` + skip)
		query(`SELECT 'foreign key', m.name, f."from", f."table", f."to", f.on_delete FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT IN ` + skip)
	} else {
		query(`SELECT 'column', table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT IN ` + skip)
		query(`SELECT 'index', indexname, tablename, replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT IN ` + skip)
		query(`SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text NOT IN ` + skip)
	}
	sort.Strings(lines)
	return lines
}

func toString(v any) string {
	if v == nil {
		return "NULL"
	}
	return strings.TrimSpace(strings.ReplaceAll(fmt.Sprint(v), "\n", " "))
}

// migratedGroup is the default group 0017_groups made for a database
// without workspaces: the rows a test wrote before it are there.
func migratedGroup(t *testing.T, s *Store) GroupID {
	t.Helper()
	var g Group
	if err := s.db.Where("is_default").Order("id").First(&g).Error; err != nil {
		t.Fatalf("the migration's default group: %v", err)
	}
	return g.ID
}
