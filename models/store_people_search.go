package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// PeopleFilter narrows the roster for a coordinator's search. Text, when
// set, matches (in any case, anywhere in the word) a person's name, any of
// their roster fields, an issue tag of a reflection on one of their
// one-to-ones, or the name of their organizer: the one they are assigned
// to, or one who met them. Organizer, when set, keeps the people assigned
// to that organizer or met by them.
type PeopleFilter struct {
	Text      string
	Organizer UserID
}

// PeoplePage is which rows of a search to read: Limit from Offset.
type PeoplePage struct {
	Offset, Limit int
}

// MaxPeoplePage bounds a page: a modal holds 100 blocks.
const MaxPeoplePage = 50

// RosterPerson is a person of the roster as the search lists them: their
// row (without the coordinators' notes) and who they are assigned to
// ("" when nobody).
type RosterPerson struct {
	Person
	Organizer UserID
}

// PeopleResult is one page of a search and how many matched in all.
type PeopleResult struct {
	People []RosterPerson
	Total  int64
}

// likeWord is s as a LIKE pattern that finds it anywhere, in lower case,
// with LIKE's own characters taken literally (ESCAPE '\').
func likeWord(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

// personOneToOnes is SQL for "o is a one-to-one with the person in the
// outer query's people row": outside Slack, or asked of the Slack member
// they are linked to.
const personOneToOnes = `(o.person_id = people.id OR (people.slack_id <> '' AND o.invitee_id = people.slack_id))`

// SearchPeople lists a page of the group's roster (people with no owner: the shared
// people, not an organizer's own contacts) matching filter, by name, with
// how many match in all. Only coordinators may search it: organizers see
// their own people in their list. Notes are never read here. (Store.People
// already names the look-up by id, hence this name.)
func (s *Store) SearchPeople(ctx context.Context, viewer *Member, filter PeopleFilter, page PeoplePage) (*PeopleResult, error) {
	g, err := s.scope("search people")
	if err != nil {
		return nil, err
	}
	if _, err := s.coordinatorOnly(ctx, viewer); err != nil {
		return nil, err
	}
	if page.Limit <= 0 || page.Limit > MaxPeoplePage {
		page.Limit = MaxPeoplePage
	}
	page.Offset = max(page.Offset, 0)
	q := s.conn(ctx).Model(&Person{}).Where("people.group_id = ? AND people.owner_id = ''", g)
	if text := strings.TrimSpace(filter.Text); text != "" {
		w := likeWord(text)
		q = q.Where(`(people.name_key LIKE ? ESCAPE '\' OR LOWER(people.site) LIKE ? ESCAPE '\'
			OR LOWER(people.department) LIKE ? ESCAPE '\' OR LOWER(people.shift) LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM reflection_tags t JOIN reflections r ON r.id = t.reflection_id JOIN one_to_ones o ON o.id = r.one_to_one_id
				WHERE t.group_id = ? AND LOWER(t.tag) LIKE ? ESCAPE '\' AND `+personOneToOnes+`)
			OR EXISTS (SELECT 1 FROM assignments a JOIN members mm ON mm.id = a.organizer_id
				WHERE a.person_id = people.id AND a.ended_at IS NULL AND LOWER(mm.name) LIKE ? ESCAPE '\')
			OR EXISTS (SELECT 1 FROM one_to_ones o JOIN members mm ON mm.id = o.requester_id
				WHERE o.group_id = ? AND o.status IN ? AND `+personOneToOnes+` AND LOWER(mm.name) LIKE ? ESCAPE '\'))`,
			w, w, w, w, g, w, w, g, heldStatuses, w)
	}
	if filter.Organizer != "" {
		q = q.Where(`(EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = people.id AND a.ended_at IS NULL AND a.organizer_id = ?)
			OR EXISTS (SELECT 1 FROM one_to_ones o WHERE o.group_id = ? AND o.status IN ? AND `+personOneToOnes+` AND o.requester_id = ?))`,
			filter.Organizer, g, heldStatuses, filter.Organizer)
	}
	res := &PeopleResult{}
	if err := q.Session(&gorm.Session{}).Count(&res.Total).Error; err != nil {
		return nil, translate("search people", err)
	}
	var ps []Person
	if err := q.Omit("notes").Order("people.name_key, people.id").Offset(page.Offset).Limit(page.Limit).Find(&ps).Error; err != nil {
		return nil, translate("search people", err)
	}
	ids := make([]PersonID, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	var as []Assignment
	if len(ids) > 0 {
		if err := s.conn(ctx).Where("group_id = ? AND person_id IN ? AND ended_at IS NULL", g, ids).Find(&as).Error; err != nil {
			return nil, translate("search people", err)
		}
	}
	by := map[PersonID]UserID{}
	for _, a := range as {
		by[a.PersonID] = a.OrganizerID
	}
	for _, p := range ps {
		p.NotesBody = nil
		res.People = append(res.People, RosterPerson{Person: p, Organizer: by[p.ID]})
	}
	return res, nil
}
