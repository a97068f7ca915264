package models_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestGroupRights: the default group's coordinators create groups and
// choose any group's members; a group's own coordinators choose only its
// members; anyone else is refused and nothing changes. A coordinator
// never leaves their group's members by a members change.
func TestGroupRights(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const team = models.TeamID("TR")
		for _, id := range []models.UserID{"UBOSS", "UNORTH", "USOUTH", "UM1", "UM2"} {
			if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: team, Name: string(id)}); err != nil {
				t.Fatal(err)
			}
		}
		def, err := s.DefaultGroup(ctx, team)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.In(def.ID).SetCoordinators(ctx, []models.UserID{"UBOSS"}); err != nil {
			t.Fatal(err)
		}
		in := func(g models.GroupID, id models.UserID) *models.Member {
			t.Helper()
			m, err := s.In(g).Member(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		boss, plain := in(def.ID, "UBOSS"), in(def.ID, "UM1")

		if _, err := s.StartGroup(ctx, team, plain, "North", []models.UserID{"UM1"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("a member started a group: %v, want EUNAUTHORIZED", err)
		}
		if gs, _ := s.Groups(ctx, team); len(gs) != 1 {
			t.Errorf("a refused start left %d groups, want the default alone", len(gs))
		}
		// The environment's first coordinators come as built by hand.
		first := &models.Member{ID: "UM2", Role: models.RoleCoordinator}
		if ok, err := s.MayCreateGroups(ctx, team, first); err != nil || !ok {
			t.Errorf("a first coordinator may not create groups: %v, %v", ok, err)
		}
		north, err := s.StartGroup(ctx, team, boss, "North", []models.UserID{"UNORTH"})
		if err != nil {
			t.Fatal(err)
		}
		south, err := s.StartGroup(ctx, team, boss, "South", []models.UserID{"USOUTH"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.In(north.ID).IsCoordinator(ctx, "UNORTH"); !ok {
			t.Errorf("North's first coordinator is not its coordinator")
		}
		if ok, _ := s.In(north.ID).IsCoordinator(ctx, "UBOSS"); ok {
			t.Errorf("the starter coordinates North without choosing themselves")
		}

		// North's coordinator, read in North: North's members only.
		northC := in(north.ID, "UNORTH")
		if ok, err := s.MayCreateGroups(ctx, team, northC); err != nil || ok {
			t.Errorf("a named group's coordinator may create groups: %v, %v", ok, err)
		}
		added, removed, err := s.SetGroupMembers(ctx, northC, north.ID, []models.UserID{"UNORTH", "UM1", "UM2"})
		if err != nil || !slices.Equal(added, []models.UserID{"UM1", "UM2"}) || len(removed) != 0 {
			t.Errorf("North's coordinator chose North's members: +%v -%v, %v", added, removed, err)
		}
		if _, _, err := s.SetGroupMembers(ctx, northC, south.ID, []models.UserID{"USOUTH", "UM1"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("North's coordinator chose South's members: %v, want EUNAUTHORIZED", err)
		}
		if _, _, err := s.SetGroupMembers(ctx, in(north.ID, "UM1"), north.ID, []models.UserID{"UNORTH"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("a member of North chose its members: %v, want EUNAUTHORIZED", err)
		}
		if _, _, err := s.SetGroupMembers(ctx, boss, def.ID, nil); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("members of the default group were chosen: %v, want EINVALID", err)
		}
		// The default group's coordinator chooses South's; leaving out
		// South's coordinator is refused whole.
		var stay *models.CoordinatorsStay
		if _, _, err := s.SetGroupMembers(ctx, boss, south.ID, []models.UserID{"UM1"}); !errors.As(err, &stay) || !slices.Equal(stay.IDs, []models.UserID{"USOUTH"}) {
			t.Errorf("South's coordinator left out: %v, want CoordinatorsStay naming USOUTH", err)
		}
		ms, err := s.GroupMembers(ctx, south.ID)
		if err != nil || len(ms) != 1 || ms[0].ID != "USOUTH" {
			t.Errorf("South's members after the refused change = %v, %v; want USOUTH alone", ms, err)
		}
		if _, removed, err := s.SetGroupMembers(ctx, boss, north.ID, []models.UserID{"UNORTH", "UM1"}); err != nil || !slices.Equal(removed, []models.UserID{"UM2"}) {
			t.Errorf("the default group's coordinator changed North's members: -%v, %v", removed, err)
		}
	})
}
