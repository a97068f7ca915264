package models

import (
	"context"
	"sort"
	"time"
)

// Roster fields a coverage or a search can be cut by: the three columns
// of a person the group names in settings (Settings.RosterFields, in this
// order).
const (
	FieldSite       = "site"
	FieldDepartment = "department"
	FieldShift      = "shift"
)

// RosterFieldColumns are the roster fields in the order the group names
// them (Settings.RosterFields): a field is its column.
var RosterFieldColumns = []string{FieldSite, FieldDepartment, FieldShift}

// CoverageRow is one value of a roster field ("Ward 3") and who of the
// roster is there: how many, how many have had a one-to-one, and how many
// stand at each step of the ladder (Steps[0] counts those not rated yet).
type CoverageRow struct {
	Value  string // "" gathers the people with the field left empty
	People int64
	Met    int64
	Steps  [MaxEngagement + 1]int64
}

// Share is the part of the row's people who have had a one-to-one, from
// 0 to 1: the number a committee looks at each week.
func (r CoverageRow) Share() float64 {
	if r.People == 0 {
		return 0
	}
	return float64(r.Met) / float64(r.People)
}

// Coverage is the roster cut by one field: a row per value, most people
// first, and the whole roster's totals.
type Coverage struct {
	Field string
	Rows  []CoverageRow
	Total CoverageRow
}

// rosterColumn is field's column, or an EINVALID error for anything else
// (the column is written into SQL, so only these three are let through).
func rosterColumn(field string) (string, error) {
	for _, c := range RosterFieldColumns {
		if c == field {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "Pick a worksite, department or shift.").Msg("picture.bad_field")
}

// metPeople is SQL for the one-to-ones of the group's roster people, each
// with the rating its organizer gave in a reflection on it, if any
// (columns pid, status, engagement, rated_at, rid): with them outside
// Slack (person_id), or, once linked to a Slack member, asked of that
// member (invitee_id = slack_id). It takes the group twice. The
// one-to-ones are gathered first (a few per person met), then their
// reflections looked up: joined in one go, Postgres hashed every
// reflection of the group twice.
const metPeople = `WITH m AS MATERIALIZED (
	SELECT p.id AS pid, o.id AS oid, o.status AS status, o.requester_id AS requester_id
	FROM people p JOIN one_to_ones o ON o.person_id = p.id
	WHERE p.group_id = ? AND p.owner_id = ''
	UNION ALL
	SELECT p.id, o.id, o.status, o.requester_id
	FROM people p JOIN one_to_ones o ON o.invitee_id = p.slack_id AND o.group_id = p.group_id
	WHERE p.group_id = ? AND p.owner_id = '' AND p.slack_id <> '')
	SELECT m.pid AS pid, m.status AS status, r.engagement AS engagement, r.created_at AS rated_at, r.id AS rid
	FROM m LEFT JOIN reflections r ON r.one_to_one_id = m.oid AND r.author_id = m.requester_id AND r.engagement > 0`

// Coverage counts the group's roster by field (FieldSite, FieldDepartment
// or FieldShift): for each value, the people there, how many have had a
// one-to-one (held or reflected), and the ladder step of each, from the
// newest rating an organizer gave them in a reflection on one of their
// one-to-ones. Only coordinators see it, like the rest of the team's
// picture.
//
// It counts the roster (people with no owner), not the organizers' own contacts:
// those are names typed in a request, with no worksite, department or
// shift, and often the same person as a roster row, so counting them
// would count people twice and fill the "not set" row with duplicates.
func (s *Store) Coverage(ctx context.Context, viewer *Member, field string) (*Coverage, error) {
	g, err := s.scope("coverage")
	if err != nil {
		return nil, err
	}
	if _, err := s.coordinatorOnly(ctx, viewer); err != nil {
		return nil, err
	}
	col, err := rosterColumn(field)
	if err != nil {
		return nil, err
	}
	// Two queries, whatever the roster's size: the people and their
	// field, then their one-to-ones with the ratings; the newest rating of
	// each is picked here, which both databases do faster than a window
	// over a join.
	type person struct {
		ID PersonID
		V  string
	}
	var people []person
	if err := s.conn(ctx).Model(&Person{}).Select("id, "+col+" AS v").Where("group_id = ? AND owner_id = ''", g).Scan(&people).Error; err != nil {
		return nil, translate("coverage", err)
	}
	type meeting struct {
		PID        PersonID `gorm:"column:pid"`
		Status     Status
		Engagement *int
		RatedAt    *time.Time
		RID        *int64 `gorm:"column:rid"`
	}
	var meetings []meeting
	if err := s.conn(ctx).Raw(metPeople, g, g).Scan(&meetings).Error; err != nil {
		return nil, translate("coverage", err)
	}
	type standing struct {
		met     bool
		step    int
		ratedAt time.Time
		rid     int64
	}
	by := make(map[PersonID]*standing, len(meetings))
	for _, m := range meetings {
		st := by[m.PID]
		if st == nil {
			st = &standing{}
			by[m.PID] = st
		}
		st.met = st.met || m.Status == StatusHeld || m.Status == StatusReflected
		if m.Engagement == nil || m.RatedAt == nil || m.RID == nil {
			continue
		}
		if newer := m.RatedAt.After(st.ratedAt) || m.RatedAt.Equal(st.ratedAt) && *m.RID > st.rid; st.step == 0 || newer {
			st.step, st.ratedAt, st.rid = min(max(*m.Engagement, 0), MaxEngagement), *m.RatedAt, *m.RID
		}
	}
	c := &Coverage{Field: col}
	at := map[string]int{}
	for _, p := range people {
		// "Ward 3" and "ward  3" are one place; the first spelling names it.
		i, ok := at[NameKey(p.V)]
		if !ok {
			i = len(c.Rows)
			at[NameKey(p.V)] = i
			c.Rows = append(c.Rows, CoverageRow{Value: p.V})
		}
		var st standing
		if s := by[p.ID]; s != nil {
			st = *s
		}
		for _, cr := range []*CoverageRow{&c.Rows[i], &c.Total} {
			cr.People++
			if st.met {
				cr.Met++
			}
			cr.Steps[st.step]++
		}
	}
	// Most people first; the empty value ("not set") last.
	sort.Slice(c.Rows, func(i, j int) bool {
		a, b := c.Rows[i], c.Rows[j]
		if (a.Value == "") != (b.Value == "") {
			return b.Value == ""
		}
		if a.People != b.People {
			return a.People > b.People
		}
		return NameKey(a.Value) < NameKey(b.Value)
	})
	return c, nil
}
