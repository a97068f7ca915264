package scheduler

import (
	"context"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
)

// Planning passes remember how far they looked, so a tick reads only what
// can have become due since the last one instead of its whole window again
// (BENCHMARKS.md §2: re-reading a week of meetings every minute made a tick
// grow with the organization's history, not with the work due).
//
// A row enters a planning window in one of two ways: time moves its column
// past the window's moving edge (a meeting ends, a request turns two weeks
// old), or someone changes it (a meeting is scheduled for tomorrow, a
// reflection gets a follow-up date). So a pass after the first asks for
//   - the band between the previous pass's edge and today's, widened by
//     edgeSlack and by what the query says its rows may lag behind the
//     edge (a long meeting ends up to an hour after a short one would; a
//     window read once for every group ends at the shortest of the
//     groups' delays, so a group that waits longer lags by the difference), and
//   - the rows of the rest of the window changed since the previous pass,
//     less changedLookBack (Page.ChangedSince).
//
// Every sweepEvery, and on a process's first pass, a job reads its whole
// window again: the safety net for anything else (a reflection prompt sent
// late at night makes its reminder due on the prompt's clock, not the
// meeting's). Marks live in memory: a restarted process sweeps first,
// which also catches up after an outage; replicas keep their own.
//
// The bands are kept narrow on purpose: how many rows they hold grows with
// how busy the organization is, and every row costs an index probe each
// tick (BENCHMARKS.md §2).
const (
	// edgeSlack covers the previous pass's own running time and a clock
	// that stepped back a little.
	edgeSlack = 5 * time.Minute
	// changedLookBack covers a transaction that commits after its
	// updated_at, and replicas whose clocks differ by seconds.
	changedLookBack = 10 * time.Minute
	// sweepEvery bounds how late the safety net finds anything.
	sweepEvery = time.Hour
)

// mark is how far one planning query looked in its last pass.
type mark struct {
	at       time.Time // the pass's now
	swept    time.Time // the now of its last whole-window pass
	from, to time.Time // its window then
}

// marks are the planning queries' marks, by query name.
type marks struct {
	mu sync.Mutex
	m  map[string]mark
}

func (ms *marks) get(name string) (mark, bool) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	m, ok := ms.m[name]
	return m, ok
}

func (ms *marks) set(pending map[string]mark) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.m == nil {
		ms.m = map[string]mark{}
	}
	for name, m := range pending {
		ms.m[name] = m
	}
}

// search runs a planning query over the window [from, to] (the query's own
// bounds: MeetingsToRemind's lower one is exclusive) a page at a time,
// narrowed to what is new since the query's last pass unless this pass
// sweeps. lag is how long after crossing the edge a row may still be too
// early for its work (the caller checks). The pass's marks are kept only if
// the whole job succeeds (see dueJob).
func search[T any](ctx context.Context, p *pass, name string, from, to time.Time, lag time.Duration,
	list func(from, to time.Time, pg models.Page) ([]T, error), key keyFunc[T], do func(T) error) error {
	prev, ok := p.s.marks.get(name)
	sweep := !ok || p.now.Before(prev.at) || !p.now.Before(prev.swept.Add(sweepEvery)) || from.Before(prev.from)
	next := mark{at: p.now, swept: prev.swept, from: from, to: to}
	if sweep {
		next.swept = p.now
	}
	p.marked[name] = next
	if sweep {
		p.sweeps++
		return eachPage(ctx, p.s, models.Page{}, func(pg models.Page) ([]T, error) { return list(from, to, pg) }, key, do)
	}
	edge := prev.to.Add(-edgeSlack - lag)
	if edge.Before(from) {
		edge = from
	}
	if edge.After(to) {
		edge = to // the window's edge moved back: a setting changed
	}
	if err := eachPage(ctx, p.s, models.Page{}, func(pg models.Page) ([]T, error) { return list(edge, to, pg) }, key, do); err != nil {
		return err
	}
	if !edge.After(from) {
		return nil
	}
	changed := models.Page{ChangedSince: prev.at.Add(-changedLookBack)}
	return eachPage(ctx, p.s, changed, func(pg models.Page) ([]T, error) { return list(from, edge, pg) }, key, do)
}

// keyFunc gives a row's page key: its time column, or when the page asks
// for changed rows its updated_at, and its id.
type keyFunc[T any] func(row T, changed bool) (time.Time, int64)

// eachPage walks a due-work query a page at a time from page.
func eachPage[T any](ctx context.Context, s *Scheduler, page models.Page, list func(models.Page) ([]T, error), key keyFunc[T], do func(T) error) error {
	page.Limit = pageSize
	for {
		if err := s.interrupted(ctx); err != nil {
			return err
		}
		rows, err := list(page)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := do(r); err != nil {
				return err
			}
		}
		if len(rows) < page.Limit {
			return nil
		}
		page = page.After(key(rows[len(rows)-1], !page.ChangedSince.IsZero()))
	}
}
