package models

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// The schema's steps are the files under migrations/, one directory per
// dialect and one file per step in each (migrations/README.md says how to
// add one). goose applies them and records each version in
// goose_db_version.
//
//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrationFiles embed.FS

// versionTable is goose's record of the applied steps.
const versionTable = goose.DefaultTablename

// migrationsOf returns the directory of steps for a dialect.
func migrationsOf(dialect string) fs.FS {
	sub, err := fs.Sub(migrationFiles, path.Join("migrations", dialect))
	if err != nil {
		panic(err) // the directories are embedded: cannot happen
	}
	return sub
}

// provider is goose over the store's connections. On Postgres two
// processes migrating at once wait for each other on an advisory lock; on
// SQLite one process owns the file.
func (s *Store) provider() (*goose.Provider, error) {
	var opts []goose.ProviderOption
	if s.dialect == Postgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	return goose.NewProvider(s.gooseDialect(), s.sqlDB, migrationsOf(s.dialect), opts...)
}

// step is one migration this onetoone knows: its version and its name,
// the file name without .sql ("0006_settings_owner").
type step struct {
	Version int64
	Name    string
}

func (st step) String() string { return st.Name }

// knownSteps lists the steps of the store's dialect, in order.
func (s *Store) knownSteps() []step {
	entries, err := fs.ReadDir(migrationsOf(s.dialect), ".")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	var steps []step
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok {
			continue
		}
		v, err := stepVersion(name)
		if err != nil {
			panic(err) // TestMigrationFiles checks every name
		}
		steps = append(steps, step{Version: v, Name: name})
	}
	return steps
}

// stepVersion reads the version at the head of a step's name: 6 for
// "0006_settings_owner".
func stepVersion(name string) (int64, error) {
	num, _, _ := strings.Cut(name, "_")
	v, err := strconv.ParseInt(num, 10, 64)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("migration %q does not start with a version number like 0001_", name)
	}
	return v, nil
}

// nameOf names version v as this onetoone knows it, or by its number
// alone when it does not (goose records numbers only).
func (s *Store) nameOf(v int64) string {
	for _, st := range s.knownSteps() {
		if st.Version == v {
			return st.Name
		}
	}
	return fmt.Sprintf("%04d", v)
}

// Migrate brings the schema up to date. A database the runner before goose
// migrated is adopted first (adopt); a database newer than this onetoone is
// refused, untouched.
func (s *Store) Migrate(ctx context.Context) error { return s.migrateTo(ctx, math.MaxInt64) }

// migrateTo applies the steps up to and including version target.
func (s *Store) migrateTo(ctx context.Context, target int64) error {
	if err := s.adopt(ctx); err != nil {
		return err
	}
	if err := s.refuseNewer(ctx); err != nil {
		return err
	}
	p, err := s.provider()
	if err != nil {
		return translate("migrate", err)
	}
	unlock := s.lockSQLite()
	defer unlock()
	if _, err := p.UpTo(ctx, target); err != nil {
		return translate("migrate", err)
	}
	return nil
}

// MigrateDown rolls back the newest applied step and returns its name.
// Some steps' Downs lose data; their files say which.
func (s *Store) MigrateDown(ctx context.Context) (string, error) {
	if err := s.adopt(ctx); err != nil {
		return "", err
	}
	if err := s.refuseNewer(ctx); err != nil {
		return "", err
	}
	p, err := s.provider()
	if err != nil {
		return "", translate("migrate down", err)
	}
	unlock := s.lockSQLite()
	defer unlock()
	res, err := p.Down(ctx)
	if errors.Is(err, goose.ErrNoNextVersion) {
		return "", Errorf(EINVALID, "the database has no migration to roll back")
	}
	if err != nil {
		return "", translate("migrate down", err)
	}
	return s.nameOf(res.Source.Version), nil
}

// lockSQLite keeps the store's writers out while goose holds SQLite's one
// connection.
func (s *Store) lockSQLite() (unlock func()) {
	if s.dialect != SQLite {
		return func() {}
	}
	s.writeMu.Lock()
	return s.writeMu.Unlock
}

// AppliedMigrations lists the steps recorded in the database, by name, in
// order, for `onetoone migrate` to report.
func (s *Store) AppliedMigrations(ctx context.Context) ([]string, error) {
	versions, err := s.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(versions))
	for i, v := range versions {
		names[i] = s.nameOf(v)
	}
	return names, nil
}

// appliedVersions reads goose's record without creating it: none when the
// table is not there.
func (s *Store) appliedVersions(ctx context.Context) ([]int64, error) {
	exists, err := s.tableExists(ctx, versionTable)
	if err != nil || !exists {
		return nil, err
	}
	var versions []int64
	err = s.conn(ctx).Table(versionTable).Where("version_id > 0 AND is_applied").
		Order("version_id").Distinct().Pluck("version_id", &versions).Error
	return versions, translate("applied migrations", err)
}

// tableExists tells whether the store's schema has a table of that name.
func (s *Store) tableExists(ctx context.Context, name string) (bool, error) {
	return s.tableExistsIn(s.conn(ctx), name)
}

// refuseNewer stops a onetoone from running on a schema a newer release
// made: it would not know the tables it must keep consistent.
func (s *Store) refuseNewer(ctx context.Context) error {
	applied, err := s.appliedVersions(ctx)
	if err != nil || len(applied) == 0 {
		return err
	}
	known := s.knownSteps()
	newest, last := applied[len(applied)-1], known[len(known)-1]
	if newest <= last.Version {
		return nil
	}
	return Errorf(EINVALID, "the database is at version %d, and this onetoone knows migrations only up to %d (%s): upgrade onetoone to the release that migrated it, or restore the database from a backup taken before that upgrade",
		newest, last.Version, last.Name)
}

// CheckSchema refuses a database whose schema is not exactly the one this
// onetoone knows, without changing anything: for commands that must not
// migrate as a side effect.
func (s *Store) CheckSchema(ctx context.Context) error {
	if err := s.refuseNewer(ctx); err != nil {
		return err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return err
	}
	known := s.knownSteps()
	last := known[len(known)-1]
	var missing []string
	for _, st := range known {
		if !slices.Contains(applied, st.Version) {
			missing = append(missing, st.Name)
		}
	}
	switch {
	case len(applied) == 0:
		return Errorf(EINVALID, "the database has not been migrated by this onetoone (it needs %s); run `onetoone migrate` first", last.Name)
	case len(missing) > 0:
		return Errorf(EINVALID, "the database is at version %d (%s) but this onetoone needs %d (%s), missing %s; run `onetoone migrate` first",
			applied[len(applied)-1], s.nameOf(applied[len(applied)-1]), last.Version, last.Name, strings.Join(missing, ", "))
	}
	return nil
}
