package models

import (
	"context"
	"sort"
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

// coordinatorOnly returns viewer with their role in the store's group when
// they are one of its coordinators, else the refusal every coordinator's
// picture gives (the team view's).
func (s *Store) coordinatorOnly(ctx context.Context, viewer *Member) (*Member, error) {
	viewer, err := s.viewerIn(ctx, viewer)
	if err != nil {
		return nil, err
	}
	if !viewer.IsCoordinator() {
		return nil, Errorf(EUNAUTHORIZED, "Only the group's coordinators can see the team's picture.").Msg("error.team_coordinators_only")
	}
	return viewer, nil
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

// metPeople is SQL for the one-to-ones of the group's roster people
// (columns pid, oid, status, requester_id): with them outside Slack
// (person_id), or, once linked to a Slack member, asked of that member
// (invitee_id = slack_id). It takes the group twice, and wants a CTE p
// (id, slack_id) before it.
const metPeople = `SELECT p.id AS pid, o.id AS oid, o.status AS status, o.requester_id AS requester_id
	FROM p JOIN one_to_ones o ON o.person_id = p.id AND o.group_id = ?
	UNION ALL
	SELECT p.id, o.id, o.status, o.requester_id
	FROM p JOIN one_to_ones o ON o.group_id = ? AND p.slack_id <> '' AND o.invitee_id = p.slack_id`

// Coverage counts the group's roster by field (FieldSite, FieldDepartment
// or FieldShift): for each value, the people there, how many have had a
// one-to-one (held or reflected), and the ladder step of each, from the
// newest rating an organizer gave them in a reflection on one of their
// one-to-ones. Only coordinators see it, like the rest of the team's
// picture.
//
// It counts the roster (owner_id ”), not the organizers' own contacts:
// those are names typed in a request, with no worksite, department or
// shift, and often the same person as a roster row, so counting them
// would count people twice and fill the "not set" row with duplicates.
// One query, whatever the roster's size.
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
	type row struct {
		Value string
		Step  int
		N     int64
		Met   int64
	}
	var rows []row
	err = s.conn(ctx).Raw(`WITH p AS (SELECT id, slack_id, `+col+` AS v FROM people WHERE group_id = ? AND owner_id = ''),
		m AS (`+metPeople+`),
		met AS (SELECT DISTINCT pid FROM m WHERE status IN ?),
		rated AS (SELECT m.pid AS pid, r.engagement AS engagement,
			ROW_NUMBER() OVER (PARTITION BY m.pid ORDER BY r.created_at DESC, r.id DESC) AS rn
			FROM m JOIN reflections r ON r.one_to_one_id = m.oid AND r.author_id = m.requester_id AND r.engagement > 0)
		SELECT p.v AS value, COALESCE(rt.engagement, 0) AS step, COUNT(*) AS n, COUNT(met.pid) AS met
		FROM p LEFT JOIN met ON met.pid = p.id LEFT JOIN rated rt ON rt.pid = p.id AND rt.rn = 1
		GROUP BY p.v, COALESCE(rt.engagement, 0)`, g, g, g, heldStatuses).Scan(&rows).Error
	if err != nil {
		return nil, translate("coverage", err)
	}
	c := &Coverage{Field: col}
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Value]
		if !ok {
			i = len(c.Rows)
			at[r.Value] = i
			c.Rows = append(c.Rows, CoverageRow{Value: r.Value})
		}
		step := min(max(r.Step, 0), MaxEngagement)
		for _, cr := range []*CoverageRow{&c.Rows[i], &c.Total} {
			cr.People += r.N
			cr.Met += r.Met
			cr.Steps[step] += r.N
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
