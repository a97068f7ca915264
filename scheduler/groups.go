package scheduler

import (
	"context"
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

// stateOf is the configuration a group's settings in effect give.
func (s *Scheduler) stateOf(st models.Settings) groupState {
	cfg := s.cfg
	cfg.NudgeAfter, cfg.ExpireAfter, cfg.ReflectionDelay = st.NudgeAfter, st.ExpireAfter, st.ReflectionDelay
	cfg.Hours = Hours(st.DeliveryHours)
	cfg.DigestChannel, cfg.DigestCron = st.DigestChannel, st.DigestCron
	if st.Timezone != s.defaults.Timezone {
		cfg.Location = st.Location()
	}
	return groupState{cfg: cfg, unasked: st.UnaskedLimit()}
}

// groupConfig reads group g's settings for a run. Each run reads them, so
// a coordinator's change takes effect without a restart.
func (s *Scheduler) groupConfig(ctx context.Context, g models.GroupID) (groupState, error) {
	st, err := s.store.In(g).EffectiveSettings(ctx, s.defaults)
	if err != nil {
		return groupState{cfg: s.cfg, unasked: models.DefaultUnaskedPerWeek}, err
	}
	return s.stateOf(st), nil
}

// tickCache keeps the groups and their configurations that the jobs of
// one tick share: every job of a tick runs at the same now, and reading
// them once per tick keeps the database free for people's requests. A
// later tick reads them again only when models.Store.GroupsStamp says a
// group, a group's settings or a workspace changed, or when they are
// older than groupsFresh: so a change still applies by the next tick, and
// a tick over a thousand quiet workspaces costs one small query
// (BENCHMARKS.md §7).
type tickCache struct {
	mu sync.Mutex
	at time.Time
	// active is the active groups' configurations, read together; never
	// changed once made, so passes read it without the lock.
	active map[models.GroupID]groupState
	// checked is the tick at which active was last found current; stamp
	// is GroupsStamp then, and read when active was read.
	checked time.Time
	stamp   string
	read    time.Time
	// states are other groups' configurations, read one at a time (a
	// delivery of a workspace that is no longer active).
	states map[models.GroupID]groupState
}

// groupsFresh bounds how long the groups read at one tick serve later
// ones without a change in the stamp: a writer whose clock ran behind the
// newest updated_at leaves the stamp as it was, and its change still
// applies within this long.
const groupsFresh = 5 * time.Minute

// activeAt returns the configuration of every active group (activeGroups)
// as of the tick at now: a handful of queries however many groups there
// are, and only the stamp's when nothing changed since an earlier tick.
func (s *Scheduler) activeAt(ctx context.Context, now time.Time) (map[models.GroupID]groupState, error) {
	s.tick.mu.Lock()
	if s.tick.checked.Equal(now) && s.tick.active != nil {
		defer s.tick.mu.Unlock()
		return s.tick.active, nil
	}
	kept, keptStamp, keptAt := s.tick.active, s.tick.stamp, s.tick.read
	s.tick.mu.Unlock()
	stamp, err := s.store.GroupsStamp(ctx)
	if err != nil {
		return nil, err
	}
	active := kept
	if active == nil || stamp != keptStamp || now.Before(keptAt) || !now.Before(keptAt.Add(groupsFresh)) {
		if active, err = s.readActive(ctx); err != nil {
			return nil, err
		}
		keptAt = now
	}
	s.tick.mu.Lock()
	defer s.tick.mu.Unlock()
	if !s.tick.at.Equal(now) {
		s.tick.at, s.tick.states = now, map[models.GroupID]groupState{}
	}
	s.tick.active, s.tick.checked, s.tick.stamp, s.tick.read = active, now, stamp, keptAt
	return active, nil
}

// readActive reads every active group's configuration: the groups, the
// workspaces' uninstall marks and every group's saved settings, in a
// handful of queries however many groups there are.
func (s *Scheduler) readActive(ctx context.Context) (map[models.GroupID]groupState, error) {
	groups, err := s.activeGroups(ctx)
	if err != nil {
		return nil, err
	}
	settings, err := s.store.EffectiveSettingsOf(ctx, groups, s.defaults)
	if err != nil {
		return nil, err
	}
	active := make(map[models.GroupID]groupState, len(groups))
	for _, g := range groups {
		active[g.ID] = s.stateOf(settings[g.ID])
	}
	return active, nil
}

// stateAt returns group g's configuration as of the tick at now.
func (s *Scheduler) stateAt(ctx context.Context, now time.Time, g models.GroupID) (groupState, error) {
	s.tick.mu.Lock()
	if st, ok := s.tick.active[g]; ok && s.tick.checked.Equal(now) {
		s.tick.mu.Unlock()
		return st, nil
	}
	if s.tick.at.Equal(now) {
		if st, ok := s.tick.states[g]; ok {
			s.tick.mu.Unlock()
			return st, nil
		}
	}
	s.tick.mu.Unlock()
	st, err := s.groupConfig(ctx, g)
	if err != nil {
		return st, err
	}
	s.tick.mu.Lock()
	defer s.tick.mu.Unlock()
	if !s.tick.at.Equal(now) {
		s.tick.at, s.tick.states = now, map[models.GroupID]groupState{}
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
	ws, err := s.store.Uninstalled(ctx)
	if err != nil {
		return nil, err
	}
	gone := make(map[models.TeamID]bool, len(ws))
	for _, w := range ws {
		gone[w.TeamID] = true
	}
	out := make([]models.Group, 0, len(all))
	for _, g := range all {
		if (s.cfg.Team == "" || g.TeamID == s.cfg.Team) && !gone[g.TeamID] {
			out = append(out, g)
		}
	}
	return out, nil
}

// in returns the pass acting for group g: with its settings, and the
// store scoped to it, so what it queues is its own. The counts, marks,
// timezones and planned deliveries stay the run's.
func (p *pass) in(ctx context.Context, g models.GroupID) (*pass, error) {
	if q, ok := p.views[g]; ok {
		q.report = p.report // SendNow's, set for each message
		return q, nil
	}
	st, err := p.s.stateAt(ctx, p.now, g)
	if err != nil {
		return nil, err
	}
	q := *p
	q.cfg, q.unasked, q.store, q.group = st.cfg, st.unasked, p.s.store.In(g), g
	p.views[g] = &q
	return &q, nil
}

// of is the pass acting for the group of a row a planning query found,
// and false when that group is not active (its workspace uninstalled, or
// another team's): such a row is left alone.
func (p *pass) of(ctx context.Context, g models.GroupID) (*pass, bool, error) {
	if _, ok := p.active[g]; !ok {
		return nil, false, nil
	}
	q, err := p.in(ctx, g)
	return q, err == nil, err
}

// span is the shortest and the longest of a setting over the active
// groups. A planning window that depends on it is read at its widest, once
// for every group, and each row checked against its own group's setting.
func (p *pass) span(setting func(Config) time.Duration) (lo, hi time.Duration) {
	first := true
	for _, st := range p.active {
		d := setting(st.cfg)
		if first || d < lo {
			lo = d
		}
		if first || d > hi {
			hi = d
		}
		first = false
	}
	return lo, hi
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
