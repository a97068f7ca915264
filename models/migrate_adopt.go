package models

import (
	"context"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"gorm.io/gorm"
)

// legacyTable is where the runner before goose recorded its steps, by
// name ("0006_settings_owner"). Nothing reads it once adopt has run; it is
// left as it was, so a release from before goose still starts on the
// database.
const legacyTable = "schema_migrations"

// adopt records in goose's table, in one transaction, the steps the runner
// before goose applied, so none runs again. It does nothing once goose's
// table exists, and nothing on a database the old runner never touched.
func (s *Store) adopt(ctx context.Context) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if s.dialect == Postgres {
			// The old runner's lock: a release from before goose
			// migrating at the same moment waits, and so does another
			// replica adopting.
			if err := tx.Exec("SELECT pg_advisory_xact_lock(7224060001)").Error; err != nil {
				return translate("migrate: lock", err)
			}
		}
		old, err := s.tableExistsIn(tx, legacyTable)
		if err != nil || !old {
			return err
		}
		adopted, err := s.tableExistsIn(tx, versionTable)
		if err != nil || adopted {
			return err
		}
		var ids []string
		if err := tx.Table(legacyTable).Order("id").Pluck("id", &ids).Error; err != nil {
			return translate("migrate: read "+legacyTable, err)
		}
		known := map[int64]string{}
		for _, st := range s.knownSteps() {
			known[st.Version] = st.Name
		}
		versions := []int64{0} // goose's own first row
		for _, id := range ids {
			v, err := stepVersion(id)
			if err != nil || known[v] != id {
				return Errorf(EINVALID, "the database records migration %s, which this onetoone does not know: upgrade onetoone to the release that migrated it, or restore the database from a backup taken before that upgrade", id)
			}
			versions = append(versions, v)
		}
		store, err := database.NewStore(s.gooseDialect(), versionTable)
		if err != nil {
			return translate("migrate: adopt", err)
		}
		conn, ok := tx.Statement.ConnPool.(database.DBTxConn)
		if !ok {
			return translate("migrate: adopt", fmt.Errorf("transaction %T cannot run goose statements", tx.Statement.ConnPool))
		}
		if err := store.CreateVersionTable(ctx, conn); err != nil {
			return translate("migrate: adopt", err)
		}
		for _, v := range versions {
			if err := store.Insert(ctx, conn, database.InsertRequest{Version: v}); err != nil {
				return translate("migrate: adopt", err)
			}
		}
		return nil
	})
}

// gooseDialect names the store's dialect as goose does.
func (s *Store) gooseDialect() goose.Dialect {
	if s.dialect == Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// tableExistsIn tells whether the schema has a table of that name, inside
// a transaction.
func (s *Store) tableExistsIn(tx *gorm.DB, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if s.dialect == Postgres {
		q = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?`
	}
	var n int64
	err := tx.Raw(q, name).Scan(&n).Error
	return n > 0, translate("table exists", err)
}
