package models_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestGroupsAPI: a workspace has one default group that holds everyone;
// named groups have explicit members, names unique whatever their case; a
// member acts in the group they chose while they are in it.
func TestGroupsAPI(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const team = models.TeamID("TG")
		for _, id := range []models.UserID{"UA", "UB", "UC"} {
			if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: team, Name: string(id)}); err != nil {
				t.Fatal(err)
			}
		}
		def, err := s.DefaultGroup(ctx, team)
		if err != nil || !def.IsDefault || def.TeamID != team || def.ID == 0 {
			t.Fatalf("DefaultGroup = %+v, %v", def, err)
		}
		if again, err := s.DefaultGroup(ctx, team); err != nil || again.ID != def.ID {
			t.Errorf("DefaultGroup again = %+v, %v; want the same group", again, err)
		}
		if other, err := s.DefaultGroup(ctx, "TOTHER"); err != nil || other.ID == def.ID {
			t.Errorf("another workspace's default = %+v, %v; want its own", other, err)
		}
		if _, err := s.CreateGroup(ctx, team, "  ", "UA"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("empty name: %v, want EINVALID", err)
		}
		if _, err := s.CreateGroup(ctx, team, strings.Repeat("x", models.MaxGroupName+1), "UA"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("long name: %v, want EINVALID", err)
		}
		north, err := s.CreateGroup(ctx, team, "North Side", "UA")
		if err != nil || north.IsDefault || north.Name != "North Side" {
			t.Fatalf("CreateGroup = %+v, %v", north, err)
		}
		if _, err := s.CreateGroup(ctx, team, "north  SIDE", "UB"); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("same name in another case: %v, want ECONFLICT", err)
		}
		if _, err := s.CreateGroup(ctx, "TOTHER", "North Side", "UB"); err != nil {
			t.Errorf("same name in another workspace: %v", err)
		}
		if _, err := s.CreateGroup(ctx, team, "East", "UA"); err != nil {
			t.Fatal(err)
		}
		gs, err := s.Groups(ctx, team)
		if err != nil || len(gs) != 3 || gs[0].ID != def.ID || gs[1].Name != "East" || gs[2].Name != "North Side" {
			t.Errorf("Groups = %+v, %v; want default, East, North Side", gs, err)
		}
		if got, err := s.GroupByID(ctx, north.ID); err != nil || got.Name != "North Side" {
			t.Errorf("GroupByID = %+v, %v", got, err)
		}
		if _, err := s.GroupByID(ctx, 9999); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("GroupByID(unknown) = %v, want ENOTFOUND", err)
		}

		// The creator coordinates the new group.
		if ok, err := s.In(north.ID).IsCoordinator(ctx, "UA"); err != nil || !ok {
			t.Errorf("creator coordinates the group = %v, %v", ok, err)
		}
		if ok, err := s.In(def.ID).IsCoordinator(ctx, "UA"); err != nil || ok {
			t.Errorf("creator coordinates the default group = %v, %v; want false", ok, err)
		}

		if err := s.AddGroupMembers(ctx, north.ID, []models.UserID{"UB", "UNKNOWN"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddGroupMembers(ctx, def.ID, []models.UserID{"UB"}); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("adding to the default group: %v, want EINVALID", err)
		}
		ms, err := s.GroupMembers(ctx, north.ID)
		if err != nil || len(ms) != 2 || ms[0].ID != "UA" || ms[0].Role != models.RoleCoordinator || ms[1].ID != "UB" || ms[1].Role != models.RoleMember {
			t.Errorf("GroupMembers(north) = %+v, %v; want UA coordinator, UB member", ms, err)
		}
		if ms, err := s.GroupMembers(ctx, def.ID); err != nil || len(ms) != 3 {
			t.Errorf("GroupMembers(default) = %d members, %v; want everyone, 3", len(ms), err)
		}
		mine, err := s.GroupsOf(ctx, team, "UB")
		if err != nil || len(mine) != 2 || mine[0].ID != def.ID || mine[1].ID != north.ID {
			t.Errorf("GroupsOf(UB) = %+v, %v; want default, North Side", mine, err)
		}
		if mine, err := s.GroupsOf(ctx, team, "UC"); err != nil || len(mine) != 1 {
			t.Errorf("GroupsOf(UC) = %+v, %v; want the default alone", mine, err)
		}

		if cur, err := s.CurrentGroup(ctx, team, "UB"); err != nil || cur.ID != def.ID {
			t.Errorf("CurrentGroup before choosing = %+v, %v; want the default", cur, err)
		}
		if err := s.SetCurrentGroup(ctx, team, "UC", north.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("SetCurrentGroup to a group they are not in: %v, want ENOTFOUND", err)
		}
		if err := s.SetCurrentGroup(ctx, team, "UB", north.ID); err != nil {
			t.Fatal(err)
		}
		if cur, err := s.CurrentGroup(ctx, team, "UB"); err != nil || cur.ID != north.ID {
			t.Errorf("CurrentGroup = %+v, %v; want North Side", cur, err)
		}
		if err := s.RemoveGroupMember(ctx, north.ID, "UB"); err != nil {
			t.Fatal(err)
		}
		if cur, err := s.CurrentGroup(ctx, team, "UB"); err != nil || cur.ID != def.ID {
			t.Errorf("CurrentGroup after removal = %+v, %v; want the default", cur, err)
		}
		if err := s.RemoveGroupMember(ctx, def.ID, "UB"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("removing from the default group: %v, want EINVALID", err)
		}
	})
}

// TestGroupSettingsAndCoordinators: each group has its own settings and
// coordinators; unscoped, those methods refuse with an internal error.
func TestGroupSettingsAndCoordinators(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const team = models.TeamID("TG")
		for _, id := range []models.UserID{"UA", "UB"} {
			if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: team}); err != nil {
				t.Fatal(err)
			}
		}
		def, _ := s.DefaultGroup(ctx, team)
		north, err := s.CreateGroup(ctx, team, "North", "")
		if err != nil {
			t.Fatal(err)
		}
		tz := "Europe/Madrid"
		if err := s.In(north.ID).SaveSettings(ctx, &models.SavedSettings{Timezone: &tz}); err != nil {
			t.Fatal(err)
		}
		if err := s.In(def.ID).SetCoordinators(ctx, []models.UserID{"UA"}); err != nil {
			t.Fatal(err)
		}
		if err := s.In(north.ID).SetCoordinators(ctx, []models.UserID{"UB"}); err != nil {
			t.Fatal(err)
		}
		if st, err := s.In(north.ID).Settings(ctx); err != nil || st.Timezone == nil || *st.Timezone != tz || st.GroupID != north.ID || st.FirstCoordinatorsCount() {
			t.Errorf("north's settings = %+v, %v", st, err)
		}
		if st, err := s.In(def.ID).Settings(ctx); err != nil || st.Timezone != nil || st.FirstCoordinatorsCount() {
			t.Errorf("default's settings = %+v, %v; want its own, untouched", st, err)
		}
		if cs, err := s.In(def.ID).Coordinators(ctx); err != nil || len(cs) != 1 || cs[0].ID != "UA" {
			t.Errorf("default's coordinators = %+v, %v; want UA", cs, err)
		}
		if cs, err := s.In(north.ID).Coordinators(ctx); err != nil || len(cs) != 1 || cs[0].ID != "UB" {
			t.Errorf("north's coordinators = %+v, %v; want UB", cs, err)
		}
		if m, err := s.In(north.ID).Member(ctx, "UA"); err != nil || m.IsCoordinator() {
			t.Errorf("UA read in north = %+v, %v; want no coordinator", m, err)
		}
		if m, err := s.In(def.ID).Member(ctx, "UA"); err != nil || !m.IsCoordinator() {
			t.Errorf("UA read in the default group = %+v, %v; want a coordinator", m, err)
		}
		if m, err := s.In(0).Member(ctx, "UA"); err != nil || m.IsCoordinator() {
			t.Errorf("UA read unscoped = %+v, %v; want no coordinator", m, err)
		}

		u := s.In(0)
		if u.Scope() != 0 || s.In(north.ID).Scope() != north.ID {
			t.Errorf("Scope = %d, %d", u.Scope(), s.In(north.ID).Scope())
		}
		for name, err := range map[string]error{
			"Settings":        second(u.Settings(ctx)),
			"SaveSettings":    u.SaveSettings(ctx, &models.SavedSettings{}),
			"Coordinators":    second(u.Coordinators(ctx)),
			"SetCoordinators": u.SetCoordinators(ctx, nil),
			"IsCoordinator":   second(u.IsCoordinator(ctx, "UA")),
		} {
			if models.ErrorCode(err) != models.EINTERNAL {
				t.Errorf("unscoped %s: %v, want EINTERNAL", name, err)
			}
		}
	})
}

func second[T any](_ T, err error) error { return err }

// migratedGroup scopes s, just migrated past 0017_groups, to the default
// group the migration put the older rows in.
func migratedGroup(t *testing.T, s *models.Store) *models.Store {
	t.Helper()
	var g models.Group
	if err := s.DB().Where("is_default").Order("id").First(&g).Error; err != nil {
		t.Fatalf("the migration's default group: %v", err)
	}
	return s.In(g.ID)
}

// TestNamedGroupsPostNoDigestUntilTheyChoose: the operator's digest channel
// is the default group's; another group posts none until its coordinators
// name one.
func TestNamedGroupsPostNoDigestUntilTheyChoose(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		def := models.Settings{DigestChannel: "C0OPERATOR"}.WithDefaults()
		if st, err := s.EffectiveSettings(ctx, def); err != nil || st.DigestChannel != "C0OPERATOR" {
			t.Errorf("the default group's digest channel = %q, %v", st.DigestChannel, err)
		}
		g, err := s.CreateGroup(ctx, storetest.TeamID, "North", "")
		if err != nil {
			t.Fatal(err)
		}
		north := s.In(g.ID)
		if st, err := north.EffectiveSettings(ctx, def); err != nil || st.DigestChannel != "" {
			t.Errorf("a named group's digest channel = %q, %v; want none", st.DigestChannel, err)
		}
		ch := "C0NORTH"
		if err := north.SaveSettings(ctx, &models.SavedSettings{DigestChannel: &ch}); err != nil {
			t.Fatal(err)
		}
		if st, err := north.EffectiveSettings(ctx, def); err != nil || st.DigestChannel != ch {
			t.Errorf("a named group's chosen digest channel = %q, %v", st.DigestChannel, err)
		}
	})
}
