package models

import (
	"fmt"

	"gorm.io/gorm"
)

// In returns a copy of the store scoped to group g: its group-scoped
// methods (one-to-ones, reflections, people, goals, plans, deliveries,
// settings, coordinators, the team's picture, the digest) see only g's rows
// and create rows in g. This is where groups are kept apart, once: whoever
// acts on a row found by an unscoped query (the scheduler's due lists, the
// outbox) scopes with In(row.GroupID).
func (s *Store) In(g GroupID) *Store {
	c := *s
	c.group = g
	return &c
}

// Scope is the group the store acts in; 0 when it is not scoped.
func (s *Store) Scope() GroupID { return s.group }

// scope returns the store's group, or an internal error naming op when the
// store is not scoped: a group-scoped method called without a group is a
// bug, and must not see every group's rows.
func (s *Store) scope(op string) (GroupID, error) {
	if s.group == 0 {
		return 0, &Error{Code: EINTERNAL, Err: fmt.Errorf("%s: the store is not scoped to a group (Store.In)", op)}
	}
	return s.group, nil
}

// inGroup narrows db to the store's group; table qualifies the column in
// joins ("one_to_ones"), "" when there is one table.
func inGroup(db *gorm.DB, table string, g GroupID) *gorm.DB {
	col := "group_id"
	if table != "" {
		col = table + ".group_id"
	}
	return db.Where(col+" = ?", g)
}
