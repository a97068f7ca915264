package scheduler

import (
	"context"
	"fmt"
	"slices"
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

// activeGroups lists the groups whose work is planned: those of Team (its
// default group made if need be), or of every workspace when Team is
// unset; a workspace the app was removed from gets no more messages.
func (s *Scheduler) activeGroups(ctx context.Context) ([]models.Group, error) {
	if s.cfg.Team != "" {
		if _, err := s.store.DefaultGroup(ctx, s.cfg.Team); err != nil {
			return nil, err
		}
	}
	all, err := s.store.AllGroups(ctx)
	if err != nil {
		return nil, err
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
	st, err := p.s.groupConfig(ctx, g)
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

// purge deletes everything once the app has been uninstalled for the
// retention period from the workspace (Team, or any the groups belong to).
// It is idempotent: later runs find nothing to delete.
func (s *Scheduler) purge(ctx context.Context, now time.Time) error {
	teams := []models.TeamID{s.cfg.Team}
	if s.cfg.Team == "" {
		all, err := s.store.AllGroups(ctx)
		if err != nil {
			return err
		}
		teams = teams[:0]
		for _, g := range all {
			if !slices.Contains(teams, g.TeamID) {
				teams = append(teams, g.TeamID)
			}
		}
	}
	for _, team := range teams {
		uninstalled, err := s.store.UninstalledAt(ctx, team)
		if err != nil {
			return err
		}
		if uninstalled == nil || now.Before(uninstalled.Add(s.cfg.Retention)) {
			continue
		}
		if w := s.cfg.DryRun; w != nil {
			fmt.Fprintf(w, "purge all data (uninstalled %s)\n", uninstalled.UTC().Format(time.RFC3339))
			return nil
		}
		if err := s.store.PurgeAll(ctx); err != nil {
			return err
		}
		s.log.Info("workspace data deleted after the retention period", "job", "purge")
		return nil
	}
	return nil
}
