package models

import (
	"strconv"
	"strings"
	"time"
)

// The assignment DM. A coordinator hands people of the roster to an
// organizer (Store.Assign, Store.AssignMatching), or an organizer hands one
// on (Store.HandOn); the organizer hears of each such action in one DM: who,
// why (the note) and what is known. It is stored with the change, like the
// other messages that follow an action (ActionKinds), but waits for the
// organizer's daytime: nobody is waiting on it at that minute.

// KindAssignment is the DM telling an organizer who was handed to them. Its
// subject is the action's first assignment (AboutAssignment); its Body
// lists every assignment of the action (AssignmentIDs).
const KindAssignment = "assignment"

// MaxAssignBatch is the most people one action assigns: a batch beyond it
// is more likely a filter left too wide than a plan.
const MaxAssignBatch = 200

// assignmentSubject prefixes the subject of an assignment DM.
const assignmentSubject = "assignment:"

// AboutAssignment is the subject of the DM about an assignment action,
// named by its first assignment.
func AboutAssignment(id int64) Subject {
	return Subject{Text: assignmentSubject + strconv.FormatInt(id, 10)}
}

// Assignment is the first assignment of the action the delivery is about;
// ok is false for any other subject.
func (s Subject) Assignment() (id int64, ok bool) {
	rest, found := strings.CutPrefix(s.Text, assignmentSubject)
	if !found || s.OneToOneID != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil && n > 0
}

// AssignmentIDs are the assignments an assignment DM is about, as its
// Body lists them; nil for any other delivery.
func (d Delivery) AssignmentIDs() []int64 {
	if d.Kind != KindAssignment {
		return nil
	}
	var ids []int64
	for _, f := range strings.Split(d.Body, ",") {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil && n > 0 {
			ids = append(ids, n)
		}
	}
	if len(ids) == 0 {
		if id, ok := d.Subject.Assignment(); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// assignmentDelivery is the DM about the assignments as, stored with them.
func assignmentDelivery(as []Assignment, now time.Time) Delivery {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = strconv.FormatInt(a.ID, 10)
	}
	return Delivery{
		GroupID: as[0].GroupID, Kind: KindAssignment, Subject: AboutAssignment(as[0].ID),
		Recipient: string(as[0].OrganizerID), Actor: string(as[0].AssignedBy), Window: "v1",
		DueAt: now.Add(OutboxGrace).UTC(), State: DeliveryPending, Body: strings.Join(ids, ","),
	}
}

// AssignFilter chooses roster people to assign at once (AssignMatching):
// each non-empty field value must match (in any case); NotMet keeps those
// nobody has held a one-to-one with; Unassigned those nobody has now.
type AssignFilter struct {
	Site, Department, Shift string
	NotMet                  bool
	Unassigned              bool
}

// AssignedPerson is an open assignment with its person, as the organizer
// and the DM show it.
type AssignedPerson struct {
	Assignment
	Person Person
}

// Assigned is what an assignment action stored: the assignments, and the
// DM to the organizer to send at once (bot.Outbox).
type Assigned struct {
	Assignments []Assignment
	Delivery    Delivery
}

// Open reports whether the assignment has not ended.
func (a *Assignment) Open() bool { return a != nil && a.EndedAt == nil }
