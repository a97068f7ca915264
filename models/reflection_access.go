package models

import (
	"slices"

	"gorm.io/gorm"
)

// ReflectionSubject returns the Slack member a reflection by author on o is
// about: the other person of the one-to-one from the author's side. It is ""
// when that person is not in Slack.
func ReflectionSubject(o *OneToOne, author UserID) UserID {
	return o.Other(author)
}

// MayReadReflection is the one rule for reading a reflection, applied by
// every read path of the store so every surface inherits it: its author may;
// the person it is about may not, even as a coordinator; the group's named
// coordinators may; nobody else.
func MayReadReflection(viewer *Member, author, subject UserID) bool {
	switch {
	case viewer == nil:
		return false
	case viewer.ID == author:
		return true
	case subject != "" && viewer.ID == subject:
		return false
	default:
		return viewer.IsCoordinator()
	}
}

// readRefusal explains a refused read to viewer, kindly to the person the
// reflection is about.
func readRefusal(viewer *Member, subject UserID) error {
	if viewer != nil && subject != "" && viewer.ID == subject {
		return Errorf(EUNAUTHORIZED, "This reflection is about you, so it stays with the person who wrote it. Reflections are private to their author and the group's coordinators.").Msg("error.reflection_about_you")
	}
	return Errorf(EUNAUTHORIZED, "Reflections are private to the person who wrote them and the group's coordinators.").Msg("error.reflection_private")
}

// reflectionSubject finds who r is about.
func reflectionSubject(db *gorm.DB, r *Reflection) (UserID, error) {
	var row struct {
		RequesterID UserID
		InviteeID   UserID
	}
	err := db.Raw(`SELECT requester_id, invitee_id FROM one_to_ones WHERE id = ?`, r.OneToOneID).Scan(&row).Error
	if err != nil {
		return "", translate("reflection subject", err)
	}
	o := OneToOne{RequesterID: row.RequesterID, InviteeID: row.InviteeID}
	return ReflectionSubject(&o, r.AuthorID), nil
}

// readableReflections tells, among the one-to-ones os, which have a
// reflection viewer may read, and who else has read each, by one-to-one.
func readableReflections(db *gorm.DB, viewer *Member, os []OneToOne) (map[OneToOneID]bool, map[OneToOneID][]Reader, error) {
	readable, readBy := map[OneToOneID]bool{}, map[OneToOneID][]Reader{}
	byID := map[OneToOneID]*OneToOne{}
	var ids []OneToOneID
	for i := range os {
		byID[os[i].ID] = &os[i]
		ids = append(ids, os[i].ID)
	}
	if len(ids) == 0 {
		return readable, readBy, nil
	}
	var rows []struct {
		ID         int64
		OneToOneID OneToOneID
		AuthorID   UserID
	}
	err := db.Raw(`SELECT id, one_to_one_id, author_id FROM reflections
		WHERE one_to_one_id IN ?`, ids).Scan(&rows).Error
	if err != nil {
		return nil, nil, translate("readable reflections", err)
	}
	var mine []int64
	oneToOneOf := map[int64]OneToOneID{}
	for _, r := range rows {
		subject := ReflectionSubject(byID[r.OneToOneID], r.AuthorID)
		if MayReadReflection(viewer, r.AuthorID, subject) {
			readable[r.OneToOneID] = true
			mine = append(mine, r.ID)
			oneToOneOf[r.ID] = r.OneToOneID
		}
	}
	readers, err := readersOf(db, mine)
	if err != nil {
		return nil, nil, err
	}
	// Each of the two people may have written one: a one-to-one's readers
	// are those of every reflection on it the viewer may read.
	for id, rs := range readers {
		o := oneToOneOf[id]
		readBy[o] = mergeReaders(readBy[o], rs)
	}
	return readable, readBy, nil
}

// mergeReaders adds rs to into, one entry per reader: their reads added up,
// the last one kept.
func mergeReaders(into, rs []Reader) []Reader {
	for _, r := range rs {
		i := slices.IndexFunc(into, func(x Reader) bool { return x.ID == r.ID })
		switch {
		case i < 0:
			into = append(into, r)
		case r.Last.After(into[i].Last):
			into[i].Times += r.Times
			into[i].Last, into[i].Via = r.Last, r.Via
		default:
			into[i].Times += r.Times
		}
	}
	return into
}
