package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestEffectiveSettingsOf: every group's settings read at once are what
// EffectiveSettings reads group by group: saved choices over the
// operator's, and the operator's digest channel for the default group only.
func TestEffectiveSettingsOf(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		def, err := s.DefaultGroup(ctx, "TG")
		if err != nil {
			t.Fatal(err)
		}
		north, err := s.CreateGroup(ctx, "TG", "North", "")
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.DefaultGroup(ctx, "TH")
		if err != nil {
			t.Fatal(err)
		}
		tz, nudge := "Europe/Madrid", int64((3 * 24 * time.Hour).Seconds())
		if err := s.In(north.ID).SaveSettings(ctx, &models.SavedSettings{Timezone: &tz, NudgeAfterSec: &nudge}); err != nil {
			t.Fatal(err)
		}
		env := models.Settings{Timezone: "UTC", DigestChannel: "C1"}.WithDefaults()
		groups := []models.Group{*def, *north, *other}
		got, err := s.EffectiveSettingsOf(ctx, groups, env)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(groups) {
			t.Errorf("got settings of %d groups; want %d", len(got), len(groups))
		}
		for _, g := range groups {
			want, err := s.In(g.ID).EffectiveSettings(ctx, env)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got[g.ID]); diff != "" {
				t.Errorf("group %d (-one by one +at once):\n%s", g.ID, diff)
			}
		}
		if got[north.ID].NudgeAfter != 3*24*time.Hour || got[north.ID].DigestChannel != "" || got[def.ID].DigestChannel != "C1" {
			t.Errorf("north = %+v, default = %+v", got[north.ID], got[def.ID])
		}
	})
}

// TestGroupsStamp: the stamp stays as it is while nothing is written, and
// changes with each write the scheduler must see: a group made, a group's
// settings saved, a workspace installed or uninstalled.
func TestGroupsStamp(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		stamp := func() string {
			t.Helper()
			st, err := s.GroupsStamp(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		was := stamp()
		if again := stamp(); again != was {
			t.Fatalf("the stamp changed with no write: %q, then %q", was, again)
		}
		changes := []struct {
			what  string
			write func() error
		}{
			{"a group made", func() error { _, err := s.CreateGroup(ctx, storetest.TeamID, "North", ""); return err }},
			{"settings saved", func() error {
				tz := "Europe/Paris"
				return s.SaveSettings(ctx, &models.SavedSettings{Timezone: &tz})
			}},
			{"settings saved again", func() error {
				tz := "Europe/Madrid"
				return s.SaveSettings(ctx, &models.SavedSettings{Timezone: &tz})
			}},
			{"a workspace uninstalled", func() error { return s.MarkUninstalled(ctx, storetest.TeamID, clock.Now()) }},
		}
		for _, c := range changes {
			clock.Advance(time.Second)
			if err := c.write(); err != nil {
				t.Fatalf("%s: %v", c.what, err)
			}
			if now := stamp(); now == was {
				t.Errorf("the stamp did not change with %s: %q", c.what, now)
			} else {
				was = now
			}
		}
	})
}
