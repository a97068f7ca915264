package models

import "time"

// An Assignment hands a person of the roster to an organizer: the "Rep"
// column of a campaign's chart, made live. A person has at most one open
// assignment; an ended one stays as part of their story (who had them,
// until when, and why it ended).
type Assignment struct {
	ID int64 `gorm:"primaryKey"`
	// GroupID is the group it belongs to; the store sets it (Store.In).
	GroupID     GroupID
	PersonID    PersonID
	OrganizerID UserID
	// AssignedBy is the coordinator who assigned, or the organizer who
	// handed the person on.
	AssignedBy UserID
	// Note is what the assigner wrote for the organizer ("met her at the
	// rally"); shown to the organizer and coordinators, never logged.
	Note      string
	CreatedAt time.Time
	// EndedAt is when it ended; nil while open. EndReason says why: one of
	// the AssignmentEnd values.
	EndedAt   *time.Time
	EndReason string
}

// TableName pins the table name.
func (Assignment) TableName() string { return "assignments" }

// Why an assignment ended.
const (
	// AssignmentHandedBack: the organizer gave the person back to the
	// coordinators.
	AssignmentHandedBack = "handed_back"
	// AssignmentHandedOn: the person went to another organizer (by the
	// organizer, with a note, or by a coordinator assigning again).
	AssignmentHandedOn = "handed_on"
)

// ReflectionTag is one of the group's issue tags (Settings.IssueTags) that
// a reflection's author chose: what the person cares about ("wages",
// "safety"). The team view and the export count them.
type ReflectionTag struct {
	ReflectionID int64 `gorm:"primaryKey"`
	GroupID      GroupID
	Tag          string `gorm:"primaryKey"`
}

// TableName pins the table name.
func (ReflectionTag) TableName() string { return "reflection_tags" }
