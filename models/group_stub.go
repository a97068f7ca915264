package models

import (
	"strconv"
	"time"
)

// This file is a stand-in for groups-core's Group type, so the groups UI
// compiles before the groups API is merged. It goes away with that merge.

// GroupID is the id of a Group.
type GroupID int64

// String writes the id in decimal, as menus carry it.
func (id GroupID) String() string { return strconv.FormatInt(int64(id), 10) }

// Group is a group of a workspace.
type Group struct {
	ID        GroupID
	TeamID    TeamID
	Name      string
	IsDefault bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ParseGroupID reads an id written by String.
func ParseGroupID(s string) (GroupID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, strconv.ErrSyntax
	}
	return GroupID(n), nil
}
