package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"gorm.io/gorm"
)

// --- the bot's Slack client --------------------------------------------------

// botSlack is the bot's Slack client as cmd/onetoone builds it, on the
// production HTTP client (bot.SlackHTTPClient), pointed at a fake Slack's
// Web API. A non-nil hc replaces that client, for comparisons.
func botSlack(apiURL string, hc *http.Client) *slack.Client {
	if hc == nil {
		hc = bot.SlackHTTPClient()
	}
	return slack.New(slacktest.BotToken, slack.OptionHTTPClient(hc),
		slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(apiURL))
}

// --- statistics ------------------------------------------------------------

// pct returns the p-th percentile (0..100) of sorted durations, nearest rank.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func sortedCopy(ds []time.Duration) []time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s
}

// spread is the min, median and max of repeated measurements.
type spread struct{ min, med, max float64 }

// spreadOf summarises repeated measurements.
func spreadOf(xs []float64) spread {
	if len(xs) == 0 {
		return spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return spread{s[0], med, s[len(s)-1]}
}

// ms formats a spread of milliseconds as "med (min–max)".
func (s spread) ms() string {
	return fmt.Sprintf("%s (%s–%s)", fmtMS(s.med), fmtMS(s.min), fmtMS(s.max))
}

func (s spread) num(format string) string {
	return fmt.Sprintf(format+" ("+format+"–"+format+")", s.med, s.min, s.max)
}

func fmtMS(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func fmtDur(d time.Duration) string { return fmtMS(msOf(d)) + " ms" }

// --- tables ----------------------------------------------------------------

// table prints aligned columns to stdout.
type table struct{ w *tabwriter.Writer }

func newTable(header ...string) *table {
	t := &table{tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)}
	t.row(header...)
	dashes := make([]string, len(header))
	for i, h := range header {
		dashes[i] = strings.Repeat("-", len(h))
	}
	t.row(dashes...)
	return t
}

func (t *table) row(cols ...string) { fmt.Fprintln(t.w, strings.Join(cols, "\t")+"\t") }
func (t *table) flush()             { t.w.Flush() }

// --- flags helpers ---------------------------------------------------------

// splitList reads a comma-separated flag.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseCount reads 10k, 1m, 5000.
func parseCount(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1000, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1000000, strings.TrimSuffix(s, "m")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a count like 10k or 5000", s)
	}
	return n * mult, nil
}

func countLabel(n int) string {
	switch {
	case n >= 1000000 && n%1000000 == 0:
		return strconv.Itoa(n/1000000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// --- databases -------------------------------------------------------------

const benchDB = "onetoone_bench"

// postgresBase is the server's admin URL.
func postgresBase() string {
	if v := os.Getenv("ONETOONE_BENCH_POSTGRES"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// benchDBURL returns the URL of the benchmarks' own database, creating it
// when missing.
func benchDBURL(ctx context.Context) (string, error) {
	base := postgresBase()
	admin, err := models.Open(ctx, base, models.Options{Now: time.Now})
	if err != nil {
		return "", err
	}
	defer admin.Close()
	var n int64
	if err := admin.DB().WithContext(ctx).Raw("SELECT COUNT(*) FROM pg_database WHERE datname = ?", benchDB).Scan(&n).Error; err != nil {
		return "", err
	}
	if n == 0 {
		if err := admin.DB().WithContext(ctx).Exec("CREATE DATABASE " + benchDB).Error; err != nil && !strings.Contains(err.Error(), "already exists") {
			return "", fmt.Errorf("create database %s: %w", benchDB, err)
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + benchDB
	return u.String(), nil
}

// withSearchPath points a URL's connections at schema.
func withSearchPath(raw, schema string) string {
	u, _ := url.Parse(raw)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// benchStore is a migrated store and how to throw it away.
type benchStore struct {
	*models.Store
	kind  string // "sqlite" or "postgres"
	url   string
	close func()
}

// openStore opens a fresh migrated store: a SQLite file in a temp dir, or a
// new schema in onetoone_bench that close drops. schema "" picks a random
// name; a given schema is created if missing and kept on close.
func openStore(ctx context.Context, kind string, now func() time.Time, schema string) (*benchStore, error) {
	switch kind {
	case "sqlite":
		dir, err := os.MkdirTemp("", "onetoone-bench-")
		if err != nil {
			return nil, err
		}
		raw := "sqlite:" + filepath.Join(dir, "bench.db")
		s, err := models.Open(ctx, raw, models.Options{Now: now})
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		if err := s.Migrate(ctx); err != nil {
			s.Close()
			os.RemoveAll(dir)
			return nil, err
		}
		return &benchStore{Store: s, kind: kind, url: raw, close: func() { s.Close(); os.RemoveAll(dir) }}, nil
	case "postgres":
		dbURL, err := benchDBURL(ctx)
		if err != nil {
			return nil, err
		}
		keep := schema != ""
		if !keep {
			b := make([]byte, 5)
			rand.Read(b)
			schema = "bench_" + hex.EncodeToString(b)
		}
		admin, err := models.Open(ctx, dbURL, models.Options{Now: now})
		if err != nil {
			return nil, err
		}
		if err := admin.DB().WithContext(ctx).Exec("CREATE SCHEMA IF NOT EXISTS " + schema).Error; err != nil {
			admin.Close()
			return nil, err
		}
		raw := withSearchPath(dbURL, schema)
		s, err := models.Open(ctx, raw, models.Options{Now: now})
		if err != nil {
			admin.Close()
			return nil, err
		}
		if err := s.Migrate(ctx); err != nil {
			s.Close()
			admin.Close()
			return nil, err
		}
		return &benchStore{Store: s, kind: kind, url: raw, close: func() {
			s.Close()
			if !keep {
				admin.DB().Exec("DROP SCHEMA " + schema + " CASCADE")
			}
			admin.Close()
		}}, nil
	}
	return nil, fmt.Errorf("store %q: want sqlite or postgres", kind)
}

// runClean drops the benchmarks' own database, and nothing else.
func runClean(ctx context.Context, args []string) error {
	admin, err := models.Open(ctx, postgresBase(), models.Options{Now: time.Now})
	if err != nil {
		return err
	}
	defer admin.Close()
	if err := admin.DB().WithContext(ctx).Exec("DROP DATABASE IF EXISTS " + benchDB).Error; err != nil {
		return err
	}
	fmt.Println("dropped database", benchDB)
	return nil
}

// --- bulk insert -----------------------------------------------------------

// bulk writes rows with multi-row INSERTs through the store's gorm handle:
// the fastest path that needs nothing but the store's own driver.
type bulk struct {
	db    *gorm.DB
	table string
	cols  []string
	rows  [][]any
	batch int
	n     int
	// deps are flushed first, so rows referencing theirs find them.
	deps []*bulk
}

// newBulk starts a multi-row INSERT into table.
func newBulk(db *gorm.DB, table string, cols ...string) *bulk {
	// Postgres takes at most 65535 parameters a statement; SQLite 32766.
	return &bulk{db: db, table: table, cols: cols, batch: min(1000, 30000/len(cols))}
}

// add queues a row, writing a batch when it is full.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	b.rows = append(b.rows, vals)
	if len(b.rows) >= b.batch {
		return b.flush(ctx)
	}
	return nil
}

// flush writes the queued rows, after the bulks this one depends on.
func (b *bulk) flush(ctx context.Context) error {
	for _, d := range b.deps {
		if err := d.flush(ctx); err != nil {
			return err
		}
	}
	if len(b.rows) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(quoteCols(b.cols), ", ") + ") VALUES ")
	args := make([]any, 0, len(b.rows)*len(b.cols))
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	for i, r := range b.rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(ph)
		args = append(args, r...)
	}
	if err := b.db.WithContext(ctx).Exec(sb.String(), args...).Error; err != nil {
		return fmt.Errorf("insert into %s: %w", b.table, err)
	}
	b.n += len(b.rows)
	b.rows = b.rows[:0]
	return nil
}

func quoteCols(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `"` + c + `"`
	}
	return out
}

// resetSequences moves Postgres' id sequences past explicitly inserted ids.
func resetSequences(ctx context.Context, s *models.Store, tables ...string) error {
	if s.Dialect() != models.Postgres {
		return nil
	}
	for _, t := range tables {
		if err := s.DB().WithContext(ctx).Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)).Error; err != nil {
			return err
		}
	}
	return nil
}

// --- logs ------------------------------------------------------------------

// logCounter is a slog handler that drops records but counts them by level
// and message, so a run can say how many warnings the bot logged.
type logCounter struct {
	mu     *sync.Mutex
	counts map[string]int
}

func newLogCounter() *logCounter { return &logCounter{mu: &sync.Mutex{}, counts: map[string]int{}} }

func (l *logCounter) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelWarn }
func (l *logCounter) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.counts[r.Level.String()+" "+r.Message]++
	l.mu.Unlock()
	return nil
}
func (l *logCounter) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCounter) WithGroup(string) slog.Handler      { return l }

func (l *logCounter) summary() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.counts) == 0 {
		return "none"
	}
	var parts []string
	for k, n := range l.counts {
		parts = append(parts, fmt.Sprintf("%q×%d", k, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// --- memory ----------------------------------------------------------------

// procStatusKB reads a field such as VmRSS from /proc/PID/status, in KiB.
func procStatusKB(pid, field string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(strings.TrimPrefix(line, field+":"))
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
