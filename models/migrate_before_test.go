package models

import (
	"context"
	"fmt"
)

// MigrateBefore applies only the migrations that come before id, for tests
// that fill a database as an older release left it and then migrate it.
func (s *Store) MigrateBefore(ctx context.Context, id string) error {
	for _, st := range s.knownSteps() {
		if st.Name == id {
			return s.migrateTo(ctx, st.Version-1)
		}
	}
	return fmt.Errorf("no migration %s", id)
}
