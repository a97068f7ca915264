package scheduler

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
)

// groupState is one group's configuration for a run: its settings in
// effect over the operator's (models.SavedSettings.Effective, as the bot
// reads them), and its weekly budget of unasked messages per person.
type groupState struct {
	cfg     Config
	unasked int
}

// groupConfig reads group g's settings for a run. Each run reads them, so
// a coordinator's change takes effect without a restart.
func (s *Scheduler) groupConfig(ctx context.Context, g models.GroupID) (groupState, error) {
	cfg := s.cfg
	st, err := s.store.In(g).EffectiveSettings(ctx, s.defaults)
	if err != nil {
		return groupState{cfg: cfg, unasked: models.DefaultUnaskedPerWeek}, err
	}
	cfg.NudgeAfter, cfg.ExpireAfter, cfg.ReflectionDelay = st.NudgeAfter, st.ExpireAfter, st.ReflectionDelay
	cfg.Hours = Hours(st.DeliveryHours)
	cfg.DigestChannel, cfg.DigestCron = st.DigestChannel, st.DigestCron
	if st.Timezone != s.defaults.Timezone {
		cfg.Location = st.Location()
	}
	return groupState{cfg: cfg, unasked: st.UnaskedLimit()}, nil
}

// tickCache keeps the groups and their configurations that the jobs of
// one tick share: every job of a tick runs at the same now, and reading
// them once per tick keeps the database free for people's requests. The
// next tick reads them afresh, so a change still applies within a tick.
type tickCache struct {
	mu     sync.Mutex
	at     time.Time
	groups []models.Group
	states map[models.GroupID]groupState
}

// groupsAt returns activeGroups as of the tick at now.
func (s *Scheduler) groupsAt(ctx context.Context, now time.Time) ([]models.Group, error) {
	s.tick.mu.Lock()
	if s.tick.at.Equal(now) && s.tick.groups != nil {
		defer s.tick.mu.Unlock()
		return s.tick.groups, nil
	}
	s.tick.mu.Unlock()
	groups, err := s.activeGroups(ctx)
	if err != nil {
		return nil, err
	}
	s.tick.mu.Lock()
	defer s.tick.mu.Unlock()
	if !s.tick.at.Equal(now) {
		s.tick.at, s.tick.states = now, map[models.GroupID]groupState{}
	}
	s.tick.groups = groups
	return groups, nil
}

// stateAt returns group g's configuration as of the tick at now.
func (s *Scheduler) stateAt(ctx context.Context, now time.Time, g models.GroupID) (groupState, error) {
	s.tick.mu.Lock()
	if st, ok := s.tick.states[g]; ok && s.tick.at.Equal(now) {
		s.tick.mu.Unlock()
		return st, nil
	}
	s.tick.mu.Unlock()
	st, err := s.groupConfig(ctx, g)
	if err != nil {
		return st, err
	}
	s.tick.mu.Lock()
	defer s.tick.mu.Unlock()
	if !s.tick.at.Equal(now) {
		s.tick.at, s.tick.groups, s.tick.states = now, nil, map[models.GroupID]groupState{}
	}
	s.tick.states[g] = st
	return st, nil
}

// activeGroups lists the groups whose work is planned: those of Team (its
// default group made if need be), or of every workspace when Team is
// unset; a workspace the app was removed from gets no more messages.
func (s *Scheduler) activeGroups(ctx context.Context) ([]models.Group, error) {
	all, err := s.store.AllGroups(ctx)
	if err != nil {
		return nil, err
	}
	if s.cfg.Team != "" && !slices.ContainsFunc(all, func(g models.Group) bool { return g.TeamID == s.cfg.Team }) {
		g, err := s.store.DefaultGroup(ctx, s.cfg.Team)
		if err != nil {
			return nil, err
		}
		all = append(all, *g)
	}
	var out []models.Group
	gone := map[models.TeamID]bool{}
	for _, g := range all {
		if s.cfg.Team != "" && g.TeamID != s.cfg.Team {
			continue
		}
		uninstalled, seen := gone[g.TeamID]
		if !seen {
			at, err := s.store.UninstalledAt(ctx, g.TeamID)
			if err != nil {
				return nil, err
			}
			uninstalled = at != nil
			gone[g.TeamID] = uninstalled
		}
		if !uninstalled {
			out = append(out, g)
		}
	}
	return out, nil
}

// in returns the pass planning group g's work: its settings, and the
// store scoped to it, so its queries see only its rows and what it queues
// is its own. The counts, marks and timezones stay the run's.
func (p *pass) in(ctx context.Context, g models.GroupID) (*pass, error) {
	st, err := p.groupState(ctx, g)
	if err != nil {
		return nil, err
	}
	q := *p
	q.cfg, q.unasked, q.store, q.group = st.cfg, st.unasked, p.s.store.In(g), g
	return &q, nil
}

// groupState is group g's configuration, read once per run.
func (p *pass) groupState(ctx context.Context, g models.GroupID) (groupState, error) {
	if st, ok := p.groups[g]; ok {
		return st, nil
	}
	st, err := p.s.stateAt(ctx, p.now, g)
	if err != nil {
		return st, err
	}
	p.groups[g] = st
	return st, nil
}

// forDelivery is the pass sending d: with the settings of d's group (its
// delivery hours, its budget), or the run's when they cannot be read.
func (p *pass) forDelivery(ctx context.Context, d models.Delivery) *pass {
	if d.GroupID == 0 || d.GroupID == p.group {
		return p
	}
	q, err := p.in(ctx, d.GroupID)
	if err != nil {
		p.s.log.Warn("could not read a group's settings; sending with the operator's", "group", d.GroupID, "err", err)
		return p
	}
	return q
}

// markName keys a planning query's mark by the group it searched.
func (p *pass) markName(name string) string { return fmt.Sprintf("%s#%d", name, p.group) }
