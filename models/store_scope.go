package models

import (
	"context"
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
	if s == nil {
		return nil
	}
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

// gconn is conn narrowed to the store's group (an unqualified group_id),
// for the group-scoped reads;
// an internal error naming op when the store is not scoped.
func (s *Store) gconn(ctx context.Context, op string) (*gorm.DB, GroupID, error) {
	g, err := s.scope(op)
	if err != nil {
		return nil, 0, err
	}
	// A new session, so the caller may start several statements from it.
	return s.conn(ctx).Where("group_id = ?", g).Session(&gorm.Session{}), g, nil
}

// viewerIn returns viewer with the Role they hold in the store's group, so
// the privacy rules check the coordinator role in the group of what is
// read: a member read in another group (Store.Member on another scope) is
// read again here. A member built by hand (not read by a store) keeps its
// Role, as does one read in this group.
func (s *Store) viewerIn(ctx context.Context, viewer *Member) (*Member, error) {
	if viewer == nil || s.group == 0 || viewer.readIn == 0 || viewer.readIn == s.group {
		return viewer, nil
	}
	ms := []Member{*viewer}
	if err := s.withRoles(ctx, ms); err != nil {
		return nil, translate("viewer's role", err)
	}
	return &ms[0], nil
}
