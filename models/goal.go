package models

import (
	"strings"
	"time"
)

// GoalWindow is the guide's planning horizon: a goal for the next 4 weeks.
const GoalWindow = 28 * 24 * time.Hour

// Goal bounds.
const (
	MinGoal = 1
	MaxGoal = 50
	// MaxPlanEntries is the guide's list of 10 people to meet.
	MaxPlanEntries = 10
	MaxNameLen     = 80
)

// Goal is an organizer's number of one-to-ones to hold in four weeks.
type Goal struct {
	ID int64 `gorm:"primaryKey"`
	// GroupID is the group it belongs to; the store sets it (Store.In).
	GroupID  GroupID
	UserID   UserID
	Target   int
	StartsAt time.Time
	EndsAt   time.Time
	// CreatedAt orders goals: the newest replaces the older ones.
	CreatedAt time.Time
}

// NewGoal starts a goal of n one-to-ones for the four weeks from now.
func NewGoal(user UserID, n int, now time.Time) (*Goal, error) {
	if n < MinGoal || n > MaxGoal {
		return nil, Errorf(EINVALID, "A goal is a whole number from %d to %d, like `/one-to-one goal 4`.", MinGoal, MaxGoal).Msg("goal.invalid", "Min", MinGoal, "Max", MaxGoal, "Command", "/one-to-one")
	}
	return &Goal{UserID: user, Target: n, StartsAt: now.UTC(), EndsAt: now.UTC().Add(GoalWindow)}, nil
}

// Active reports whether the goal's window includes now.
func (g *Goal) Active(now time.Time) bool {
	return g != nil && !now.Before(g.StartsAt) && now.Before(g.EndsAt)
}

// Ended reports whether the goal's four weeks are over by now: the moment
// to say how it went and offer the next one.
func (g *Goal) Ended(now time.Time) bool {
	return g != nil && !now.Before(g.EndsAt)
}

// PlanEntry is one person on an organizer's list of ten: a Slack member or
// someone outside Slack (a Person).
type PlanEntry struct {
	ID int64 `gorm:"primaryKey"`
	// GroupID is the group it belongs to; the store sets it (Store.In).
	GroupID   GroupID
	OwnerID   UserID
	InviteeID UserID // "" for someone outside Slack
	PersonID  *PersonID
	Name      string // display name for someone outside Slack
	AddedAt   time.Time
	RemovedAt *time.Time
}

// CleanName trims a name typed for someone outside Slack and checks it.
func CleanName(name string) (string, error) {
	name = strings.Join(strings.Fields(strings.Trim(strings.TrimSpace(name), "\"“”'")), " ")
	switch {
	case name == "":
		return "", Errorf(EINVALID, "Tell me their name, like `\"Maria Lopez\"`.").Msg("error.name_missing")
	case len([]rune(name)) > MaxNameLen:
		return "", Errorf(EINVALID, "That name is longer than %d characters; a shorter one will do.", MaxNameLen).Msg("error.name_too_long", "Max", MaxNameLen)
	}
	return name, nil
}
