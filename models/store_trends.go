package models

import (
	"context"
	"time"
)

// TrendWeeks is how far back the trends look: a quarter, twelve weeks.
const TrendWeeks = 12

// TrendWeek is one week of the team's momentum: one-to-ones held, and
// ratings on the ladder that went up or down against the same person's
// rating before.
type TrendWeek struct {
	Start    time.Time // the week is [Start, Start+7 days), in UTC
	Held     int
	Up, Down int
}

// Trends is the team's momentum over the last weeks, oldest first. It
// holds counts only, never a name: the digest channel reads it as a chart.
type Trends struct {
	Weeks []TrendWeek
}

// Trends counts, for each of the weeks weeks up to now (the last one ends
// now), the group's one-to-ones held (as CountHeld counts them) and the
// ratings given that week that moved a person up or down the ladder from
// their previous rating. A person is the same whoever rated them: someone
// outside Slack by their roster row, or by the Slack member it is linked
// to, and a Slack member by their id. It holds counts only, which is why
// it needs no viewer: like the digest, it is the team's to read.
func (s *Store) Trends(ctx context.Context, now time.Time, weeks int) (*Trends, error) {
	g, err := s.scope("trends")
	if err != nil {
		return nil, err
	}
	if weeks <= 0 {
		weeks = TrendWeeks
	}
	start := now.UTC().Add(-time.Duration(weeks) * 7 * 24 * time.Hour)
	t := &Trends{Weeks: make([]TrendWeek, weeks)}
	for i := range t.Weeks {
		t.Weeks[i].Start = start.Add(time.Duration(i) * 7 * 24 * time.Hour)
	}
	week := func(at time.Time) int {
		if at.Before(start) || at.After(now.UTC()) {
			return -1
		}
		return min(int(at.Sub(start)/(7*24*time.Hour)), weeks-1)
	}
	var held []time.Time
	if err := s.conn(ctx).Model(&OneToOne{}).Where("group_id = ? AND status IN ? AND held_at >= ? AND held_at <= ?", g, heldStatuses, start, now.UTC()).
		Pluck("held_at", &held).Error; err != nil {
		return nil, translate("trends held", err)
	}
	for _, at := range held {
		if i := week(at.UTC()); i >= 0 {
			t.Weeks[i].Held++
		}
	}
	type move struct {
		CreatedAt  time.Time
		Engagement int
		Prev       *int
	}
	var moves []move
	err = s.conn(ctx).Raw(`SELECT created_at, engagement, prev FROM (
		SELECT r.created_at AS created_at, r.engagement AS engagement,
			LAG(r.engagement) OVER (PARTITION BY CASE
				WHEN o.person_id IS NOT NULL AND COALESCE(p.slack_id, '') = '' THEN 'p' || CAST(o.person_id AS TEXT)
				WHEN o.person_id IS NOT NULL THEN 'u' || p.slack_id
				WHEN r.author_id = o.requester_id THEN 'u' || o.invitee_id
				ELSE 'u' || o.requester_id END
				ORDER BY r.created_at, r.id) AS prev
		FROM reflections r JOIN one_to_ones o ON o.id = r.one_to_one_id
		LEFT JOIN people p ON p.id = o.person_id
		WHERE o.group_id = ? AND r.engagement > 0 AND r.created_at <= ?) x
		WHERE created_at >= ? AND prev IS NOT NULL AND prev <> engagement`, g, now.UTC(), start).Scan(&moves).Error
	if err != nil {
		return nil, translate("trends ladder", err)
	}
	for _, m := range moves {
		i := week(m.CreatedAt.UTC())
		switch {
		case i < 0:
		case m.Engagement > *m.Prev:
			t.Weeks[i].Up++
		default:
			t.Weeks[i].Down++
		}
	}
	return t, nil
}
