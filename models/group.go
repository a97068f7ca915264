package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// GroupID is the id of a Group. Buttons and commands carry it as text
// (String, ParseGroupID).
type GroupID int64

// String writes the id as buttons carry it: in decimal.
func (id GroupID) String() string { return strconv.FormatInt(int64(id), 10) }

// ParseGroupID reads an id written by String. It refuses anything else,
// zero and negative numbers included.
func ParseGroupID(s string) (GroupID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a group id", s)
	}
	return GroupID(n), nil
}

// Group is a group of people doing one-to-ones in a workspace: one
// organizing committee, one chapter. Each has its own one-to-ones,
// reflections, people, plans, settings and coordinators, and a
// coordinator of one sees nothing of another.
//
// Every workspace has exactly one default group, which holds everyone in
// the workspace without asking: a workspace with one group never needs to
// think about groups. Other groups have explicit members (GroupMember).
type Group struct {
	ID     GroupID `gorm:"primaryKey"`
	TeamID TeamID
	// Name is what members call the group; "" for a default group whose
	// workspace's name is not known (the bot shows a word of its own).
	Name string
	// NameKey is Name as compared (NameKey), unique per workspace.
	NameKey   string
	IsDefault bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MaxGroupName bounds a group's name, so it fits a select option.
const MaxGroupName = 80

// checkGroupName trims name and refuses an empty or overlong one.
func checkGroupName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.Contains(name, "\n") || utf8.RuneCountInString(name) > MaxGroupName {
		return "", Errorf(EINVALID, "Give the group a name of up to %d characters.", MaxGroupName).Msg("error.group_name", "Max", MaxGroupName)
	}
	return name, nil
}

// GroupMember is one person's membership of a group that is not the
// default, or their role in any group: coordinators of the default group
// are rows here too.
type GroupMember struct {
	GroupID  GroupID `gorm:"primaryKey"`
	UserID   UserID  `gorm:"primaryKey"`
	Role     string  // RoleMember or RoleCoordinator
	JoinedAt time.Time
}

// TableName pins the table name.
func (GroupMember) TableName() string { return "group_members" }

// TableName pins the table name.
func (Group) TableName() string { return "groups" }
