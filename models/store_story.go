package models

import (
	"context"
	"sort"
	"time"
)

// Story is a person's history with the group, as one viewer may see it:
// every one-to-one with them across organizers, the engagement ladder over
// time ("2 in March, 4 now"), the issues their reflections tagged, and who
// had them (assignments). Ratings and tags come from reflections, so they
// count only reflections the viewer may read (MayReadReflection).
type Story struct {
	// Person is the person, without coordinators' notes (NotesBody is
	// left out: the roster shows them, to coordinators).
	Person Person
	// Current is their open assignment; nil when nobody has them.
	Current *Assignment
	// Meetings are the one-to-ones with them, newest first.
	Meetings []StoryMeeting
	// Ladder is the ratings readable reflections gave, oldest first.
	Ladder []LadderPoint
	// Tags counts the issues readable reflections tagged, most first.
	Tags []TagCount
	// Assignments are who had them and until when, newest first.
	Assignments []Assignment
}

// StoryMeeting is one one-to-one of a person's story.
type StoryMeeting struct {
	OneToOne OneToOne
	// Organizer is the other person of it: whoever met them.
	Organizer UserID
	// At is when it was held, or else scheduled, or else asked for.
	At time.Time
	// Rating is the ladder step the organizer's reflection gave, 0 when
	// none or when the viewer may not read it.
	Rating int
	// Readable reports whether it has a reflection the viewer may read.
	Readable bool
}

// LadderPoint is one rating of a person: a step, when, and by whom.
type LadderPoint struct {
	At     time.Time
	Rating int
	By     UserID
}

// MayReadStory is the one rule for seeing a person's story: never the
// person themselves (their Slack account, once linked), coordinator or
// not, as with reflections; the group's coordinators; an organizer for
// people assigned to them now, their own contacts, and people they met.
func MayReadStory(viewer *Member, p *Person, assignedTo UserID, met bool) bool {
	switch {
	case viewer == nil || p == nil:
		return false
	case p.SlackID != "" && viewer.ID == p.SlackID:
		return false
	case viewer.IsCoordinator():
		return true
	default:
		return p.OwnerID == viewer.ID || (assignedTo != "" && assignedTo == viewer.ID) || met
	}
}

// PersonStory returns the story of one person of the group to a viewer
// allowed to see it (MayReadStory); EUNAUTHORIZED for anyone else, and
// ENOTFOUND for a person not in the group. For a person linked to Slack,
// one-to-ones with their Slack account count too, whichever of the two
// asked.
func (s *Store) PersonStory(ctx context.Context, viewer *Member, id PersonID) (*Story, error) {
	db, _, err := s.gconn(ctx, "person story")
	if err != nil {
		return nil, err
	}
	if viewer, err = s.viewerIn(ctx, viewer); err != nil {
		return nil, err
	}
	var st Story
	if err := db.First(&st.Person, id).Error; err != nil {
		return nil, translate("person story", err)
	}
	st.Person.NotesBody, st.Person.Notes = nil, ""
	p := &st.Person
	if err := db.Where("person_id = ?", id).Order("created_at DESC, id DESC").Find(&st.Assignments).Error; err != nil {
		return nil, translate("person story assignments", err)
	}
	var assignedTo UserID
	for i := range st.Assignments {
		if st.Assignments[i].EndedAt == nil {
			st.Current = &st.Assignments[i]
			assignedTo = st.Current.OrganizerID
		}
	}
	var os []OneToOne
	q := db.Where("person_id = ?", id)
	if p.SlackID != "" {
		q = db.Where("(person_id = ? OR requester_id = ? OR invitee_id = ?)", id, p.SlackID, p.SlackID)
	}
	if err := q.Order("id DESC").Find(&os).Error; err != nil {
		return nil, translate("person story one-to-ones", err)
	}
	met := false
	for _, o := range os {
		met = met || (viewer != nil && (o.RequesterID == viewer.ID || o.InviteeID == viewer.ID))
	}
	if !MayReadStory(viewer, p, assignedTo, met) {
		if viewer != nil && p.SlackID != "" && viewer.ID == p.SlackID {
			return nil, Errorf(EUNAUTHORIZED, "This is about you, so it stays with the group's organizers.").Msg("story.err_about_you")
		}
		return nil, Errorf(EUNAUTHORIZED, "A person's story is for the group's coordinators and the organizers who know them.").Msg("story.err_private")
	}
	if !viewer.IsCoordinator() {
		for i := range st.Assignments {
			a := &st.Assignments[i]
			if a.OrganizerID != viewer.ID && a.AssignedBy != viewer.ID {
				a.Note = "" // written for the organizer and the coordinators
			}
		}
	}
	if err := s.storyMeetings(ctx, &st, viewer, os); err != nil {
		return nil, err
	}
	return &st, nil
}

// storyMeetings fills the story's meetings and, from the reflections the
// viewer may read, its ladder and tags.
func (s *Store) storyMeetings(ctx context.Context, st *Story, viewer *Member, os []OneToOne) error {
	db := s.conn(ctx)
	byID := map[OneToOneID]int{}
	var ids []OneToOneID
	for _, o := range os {
		m := StoryMeeting{OneToOne: o, Organizer: o.RequesterID, At: o.RequestedAt}
		if st.Person.SlackID != "" && o.RequesterID == st.Person.SlackID {
			m.Organizer = o.InviteeID
		}
		switch {
		case o.HeldAt != nil:
			m.At = *o.HeldAt
		case o.ScheduledAt != nil:
			m.At = *o.ScheduledAt
		}
		ids = append(ids, o.ID)
		st.Meetings = append(st.Meetings, m)
	}
	sort.SliceStable(st.Meetings, func(i, j int) bool { return st.Meetings[i].At.After(st.Meetings[j].At) })
	for i, m := range st.Meetings {
		byID[m.OneToOne.ID] = i
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID         int64
		OneToOneID OneToOneID
		AuthorID   UserID
		Engagement int
		CreatedAt  time.Time
	}
	if err := db.Raw(`SELECT id, one_to_one_id, author_id, engagement, created_at FROM reflections
		WHERE one_to_one_id IN ? ORDER BY created_at, id`, ids).Scan(&rows).Error; err != nil {
		return translate("person story reflections", err)
	}
	var readable []int64
	for _, r := range rows {
		m := &st.Meetings[byID[r.OneToOneID]]
		if r.AuthorID != m.Organizer || !MayReadReflection(viewer, r.AuthorID, ReflectionSubject(&m.OneToOne, r.AuthorID)) {
			continue // the person's own reflection is not a rating of them
		}
		m.Readable = true
		readable = append(readable, r.ID)
		if r.Engagement != 0 {
			m.Rating = r.Engagement
			st.Ladder = append(st.Ladder, LadderPoint{At: m.At, Rating: r.Engagement, By: r.AuthorID})
		}
	}
	sort.SliceStable(st.Ladder, func(i, j int) bool { return st.Ladder[i].At.Before(st.Ladder[j].At) })
	tags, err := tagsOf(db, readable)
	if err != nil {
		return err
	}
	counts := map[string]int64{}
	for _, ts := range tags {
		for _, t := range ts {
			counts[t]++
		}
	}
	for t, n := range counts {
		st.Tags = append(st.Tags, TagCount{Tag: t, N: n})
	}
	sort.Slice(st.Tags, func(i, j int) bool {
		if st.Tags[i].N != st.Tags[j].N {
			return st.Tags[i].N > st.Tags[j].N
		}
		return st.Tags[i].Tag < st.Tags[j].Tag
	})
	return nil
}

// PeopleCalled returns the group's people called name, in any case: the
// roster's and every organizer's own contacts, oldest first. It says
// nothing of their stories; PersonStory decides who may see those.
func (s *Store) PeopleCalled(ctx context.Context, name string) ([]Person, error) {
	db, _, err := s.gconn(ctx, "people called")
	if err != nil {
		return nil, err
	}
	var ps []Person
	err = db.Omit("notes").Where("name_key = ?", NameKey(name)).Order("id").Limit(50).Find(&ps).Error
	return ps, translate("people called", err)
}
