package models

import (
	"context"
	"fmt"
)

// MigrateBefore applies only the migrations that come before id, for tests
// that fill a database as an older release left it and then migrate it.
func (s *Store) MigrateBefore(ctx context.Context, id string) error {
	for i, m := range migrations {
		if m.ID == id {
			return s.migrate(ctx, migrations[:i])
		}
	}
	return fmt.Errorf("no migration %s", id)
}
