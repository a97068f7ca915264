package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store keeps the domain in Postgres (production, shared by replicas) or
// SQLite (embedded, one process). Every method takes ctx first.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string
	now     func() time.Time
	sealer  Sealer
	// writeMu serialises SQLite write transactions so a claim is atomic;
	// Postgres relies on row locks instead.
	// It is shared by every copy In makes.
	writeMu *sync.Mutex
	// group is the group the store acts in (In); 0 for an unscoped store,
	// on which group-scoped methods refuse to work.
	group GroupID
}

// Dialects.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Options tune Open.
type Options struct {
	// Now is the one clock. Every timestamp the store writes comes from it.
	Now func() time.Time
	// Sealer protects reflection text at rest; nil stores it as is.
	Sealer Sealer
	// AnyVersion lets OpenExisting open a schema at any version this
	// onetoone knows, for `onetoone migrate down`.
	AnyVersion bool
}

// ParseDSN tells which database a DATABASE_URL names and returns the DSN the
// driver wants: postgres://… or postgresql://… for Postgres; sqlite:PATH or a
// bare path for SQLite; "" for sqlite:onetoone.db in the working directory.
func ParseDSN(raw string) (dialect, dsn string, err error) {
	switch {
	case raw == "":
		return SQLite, sqliteDSN("onetoone.db"), nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", fmt.Errorf("DATABASE_URL cannot be read as a postgres:// URL: %s", urlProblem(err))
		}
		return Postgres, postgresDSN(u), nil
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return "", "", fmt.Errorf("DATABASE_URL sqlite: needs a file path, like sqlite:onetoone.db")
		}
		return SQLite, sqliteDSN(path), nil
	case strings.Contains(raw, "://"):
		return "", "", fmt.Errorf("DATABASE_URL must start with postgres:// or sqlite: (or be a file path)")
	default:
		return SQLite, sqliteDSN(raw), nil
	}
}

// postgresDSN asks Postgres to plan every execution for its own values
// (plan_cache_mode, sent as a run-time parameter by pgx) unless the URL says
// otherwise. The driver prepares each statement once per connection, and
// after five runs Postgres may keep a generic plan; the due-work queries run
// one statement with a week's range on a sweep and two hours' on a tick, and
// the generic plan suited neither: 27 ms instead of 1.1 ms at a million
// one-to-ones (BENCHMARKS.md §2). Planning each time costs a fraction of a
// millisecond.
//
// Every new connection also gives up after ConnectTimeout (connect_timeout)
// unless the URL says otherwise: a server that accepts the TCP connection and
// never answers would otherwise hold the caller, and a pool slot, forever.
func postgresDSN(u *url.URL) string {
	q := u.Query()
	if !q.Has("plan_cache_mode") {
		q.Set("plan_cache_mode", "force_custom_plan")
	}
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", strconv.Itoa(int(ConnectTimeout/time.Second)))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// ConnectTimeout bounds opening one database connection, the first one
// included: Open gives up on a database that does not answer within it.
const ConnectTimeout = 10 * time.Second

func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_time_format=sqlite&_txlock=immediate"
}

// Redact returns a DATABASE_URL fit for a log line or an error: the host and
// database, never the password.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		if strings.Contains(raw, "://") {
			return "(unparseable database URL)"
		}
		return raw
	}
	return u.Scheme + "://" + u.Host + u.Path
}

// Open connects to the database named by rawURL (see ParseDSN) and checks it
// answers. It does not migrate: call Migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	dialect, dsn, err := ParseDSN(rawURL)
	if err != nil {
		return nil, Errorf(EINVALID, "%s", err)
	}
	now := opts.Now
	if now == nil {
		return nil, Errorf(EINVALID, "models.Open needs a clock")
	}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		SkipDefaultTransaction: true,
		TranslateError:         true,
		// gorm's own ping takes no context and waits forever on a server
		// that accepts connections and never answers; ours below has a
		// deadline and stops on ctx.
		DisableAutomaticPing: true,
	}
	var d gorm.Dialector
	if dialect == Postgres {
		d = postgres.Open(dsn)
	} else {
		d = sqlite.Open(dsn)
	}
	db, err := gorm.Open(d, cfg)
	if err != nil {
		return nil, unreachable(rawURL, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, unreachable(rawURL, err)
	}
	if dialect == SQLite {
		// One connection: SQLite has one writer, and this keeps :memory:
		// databases whole.
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, ConnectTimeout)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, unreachable(rawURL, err)
	}
	sealer := opts.Sealer
	if sealer == nil {
		sealer = PlainSealer{}
	}
	return &Store{db: db, sqlDB: sqlDB, dialect: dialect, now: cfg.NowFunc, sealer: sealer, writeMu: &sync.Mutex{}}, nil
}

// Dialect says which database is behind the store.
func (s *Store) Dialect() string { return s.dialect }

// Now is the store's clock, in UTC.
func (s *Store) Now() time.Time { return s.now() }

// Encrypts reports whether reflections are sealed before they reach the
// database (ONETOONE_ENCRYPTION_KEY), so coordinators can be told when
// they are not.
func (s *Store) Encrypts() bool {
	_, plain := s.sealer.(PlainSealer)
	return !plain
}

// Ping checks the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return &Error{Code: EUNAVAILABLE, Message: "the database does not answer", Err: err}
	}
	return nil
}

// Close releases the connections.
func (s *Store) Close() error { return s.sqlDB.Close() }

// DB exposes the gorm handle to tests and benchmarks in other packages that
// seed data in bulk. Production code goes through Store methods.
func (s *Store) DB() *gorm.DB { return s.db }

// conn starts one statement with ctx, bounded by its WithDeadline. The
// statement runs after conn returns, so the bound cannot be released when
// it ends: it goes when ctx ends or at the deadline, whichever is first,
// seconds at most.
func (s *Store) conn(ctx context.Context) *gorm.DB {
	ctx, _ = bounded(ctx)
	return s.db.WithContext(ctx)
}

// tx runs fn in a transaction, bounded by ctx's WithDeadline: cut off, it
// rolls back. On SQLite, writers queue on writeMu so the one-connection
// pool never deadlocks against itself.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	ctx, cancel := bounded(ctx)
	defer cancel()
	if s.dialect == SQLite {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	return s.conn(ctx).Transaction(fn)
}

// translate turns a gorm or driver error into the project's error codes.
// It is the one place that knows what the databases' errors look like.
func translate(op string, err error) error {
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &Error{Code: ENOTFOUND, Message: "I couldn't find that. It may have been removed.", MessageID: "error.not_found", Err: fmt.Errorf("%s: %w", op, err)}
	case errors.Is(err, gorm.ErrDuplicatedKey), strings.Contains(err.Error(), "UNIQUE constraint failed"):
		return &Error{Code: ECONFLICT, Message: "That already exists.", MessageID: "error.exists", Err: fmt.Errorf("%s: %w", op, err)}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &Error{Code: EUNAVAILABLE, Message: "I can't reach my database just now, so nothing was saved. Please try again in a moment.", MessageID: "error.unavailable_unsaved", Err: fmt.Errorf("%s: %w", op, err)}
	case isConnError(err):
		return &Error{Code: EUNAVAILABLE, Message: "I can't reach my database just now. Please try again in a moment.", MessageID: "error.unavailable", Err: fmt.Errorf("%s: %w", op, err)}
	default:
		return &Error{Code: EINTERNAL, Err: fmt.Errorf("%s: %w", op, err)}
	}
}

func isConnError(err error) bool {
	if errors.Is(err, sql.ErrConnDone) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "broken pipe", "connection reset", "failed to connect", "server closed the connection", "database is locked", "conn closed", "the database system is", "terminating connection", "unexpected EOF", "no such host", "i/o timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
