package models_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestInstall stores a workspace's bot token sealed, gives it back in the
// clear, and replaces it on a reinstallation, which also lifts the
// uninstall mark.
func TestInstall(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		clock := storetest.NewClock(t0)
		s := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(7)))
		if _, err := s.BotToken(ctx, "T1"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("token before installing: %v, want ENOTFOUND", err)
		}
		in := models.Installation{Team: "T1", TeamName: "Tenants", EnterpriseID: "E1", BotUserID: "UBOT1", BotToken: "xoxb-one", Scopes: "commands", InstalledBy: "UA"}
		if err := s.Install(ctx, in); err != nil {
			t.Fatal(err)
		}
		if tok, err := s.BotToken(ctx, "T1"); err != nil || tok != "xoxb-one" {
			t.Errorf("BotToken = %q, %v", tok, err)
		}
		w, err := s.Workspace(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(w.BotToken, []byte("xoxb-one")) {
			t.Errorf("the token is stored in the clear")
		}
		if w.TeamName != "Tenants" || w.EnterpriseID != "E1" || w.BotUserID != "UBOT1" || w.InstalledBy != "UA" || w.InstalledAt == nil {
			t.Errorf("stored %+v", w)
		}
		if err := s.MarkUninstalled(ctx, "T1", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BotToken(ctx, "T1"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("token after uninstalling: %v, want ENOTFOUND", err)
		}
		in.BotToken = "xoxb-two"
		if err := s.Install(ctx, in); err != nil {
			t.Fatal(err)
		}
		if tok, err := s.BotToken(ctx, "T1"); err != nil || tok != "xoxb-two" {
			t.Errorf("after reinstalling BotToken = %q, %v", tok, err)
		}
		if at, _ := s.UninstalledAt(ctx, "T1"); at != nil {
			t.Errorf("reinstalling kept the uninstall mark")
		}
		for _, bad := range []models.Installation{{Team: "T2"}, {BotToken: "xoxb"}} {
			if err := s.Install(ctx, bad); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("Install(%+v) = %v, want EINVALID", bad, err)
			}
		}
	})
}

// TestWorkspacesAndUninstalled: installed workspaces are listed until
// uninstalled; the uninstalled keep their first mark, for the retention
// clock.
func TestWorkspacesAndUninstalled(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if got, err := s.Workspaces(ctx); err != nil || len(got) != 0 {
			t.Fatalf("Workspaces() = %v, %v; want none", got, err)
		}
		for _, team := range []models.TeamID{"T3", "T1", "T2"} {
			if err := s.Install(ctx, models.Installation{Team: team, BotToken: "xoxb-" + string(team)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.EnsureWorkspace(ctx, "T4"); err != nil {
			t.Fatal(err)
		}
		if err := s.EnsureWorkspace(ctx, "T1"); err != nil {
			t.Fatal(err)
		}
		if tok, err := s.BotToken(ctx, "T1"); err != nil || tok != "xoxb-T1" {
			t.Errorf("EnsureWorkspace changed an installed workspace: %q, %v", tok, err)
		}
		s.MarkUninstalled(ctx, "T2", t0)
		s.MarkUninstalled(ctx, "T2", t0.Add(time.Hour))
		got, err := s.Workspaces(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]models.TeamID{"T1", "T3", "T4"}, got); diff != "" {
			t.Errorf("Workspaces() (-want +got):\n%s", diff)
		}
		gone, err := s.Uninstalled(ctx)
		if err != nil || len(gone) != 1 || gone[0].TeamID != "T2" || !gone[0].UninstalledAt.Equal(t0) {
			t.Errorf("Uninstalled() = %+v, %v; want T2 at its first mark", gone, err)
		}
	})
}

// TestPurge deletes one workspace's people and everything about them, and
// nothing of another workspace.
func TestPurge(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, m := range []*models.Member{
			{ID: "UA", TeamID: "T1", ProfileFetchedAt: t0}, {ID: "UB", TeamID: "T1", ProfileFetchedAt: t0},
			{ID: "UC", TeamID: "T2", ProfileFetchedAt: t0}, {ID: "UD", TeamID: "T2", ProfileFetchedAt: t0},
		} {
			if err := s.SaveMember(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		var groups []models.GroupID
		for i, pair := range [][2]models.UserID{{"UA", "UB"}, {"UC", "UD"}} {
			g, err := s.DefaultGroup(ctx, []models.TeamID{"T1", "T2"}[i])
			if err != nil {
				t.Fatal(err)
			}
			groups = append(groups, g.ID)
			s := s.In(g.ID) // each workspace's rows in its own group
			if err := s.SaveSettings(ctx, &models.SavedSettings{}); err != nil {
				t.Fatal(err)
			}
			o, _ := models.NewLogged(pair[0], pair[1], nil, t0.Add(-time.Hour), t0)
			if err := s.LogOneToOne(ctx, o, "", &models.Reflection{AuthorID: pair[0], Answers: map[string]string{"cares": "x"}}); err != nil {
				t.Fatal(err)
			}
			g2, _ := models.NewGoal(pair[0], 3, t0)
			if err := s.SetGoal(ctx, g2); err != nil {
				t.Fatal(err)
			}
			if _, err := s.FindOrCreatePerson(ctx, pair[0], "Someone outside"); err != nil {
				t.Fatal(err)
			}
		}
		s.MarkUninstalled(ctx, "T1", t0)
		if err := s.Purge(ctx, "T1"); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"one_to_ones", "reflections", "goals", "people", "group_settings"} {
			for i, want := range []bool{false, true} {
				var n int64
				s.DB().Table(table).Where("group_id = ?", groups[i]).Count(&n)
				if (n > 0) != want {
					t.Errorf("after purging T1, %s of T%d's group: %d rows", table, i+1, n)
				}
			}
		}
		for team, want := range map[string]int64{"T1": 0, "T2": 1} {
			var n int64
			s.DB().Model(&models.Group{}).Where("team_id = ?", team).Count(&n)
			if n != want {
				t.Errorf("after purging T1, %s has %d groups, want %d", team, n, want)
			}
		}
		if _, err := s.Member(ctx, "UA"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("UA of T1 survived the purge: %v", err)
		}
		if _, err := s.Member(ctx, "UC"); err != nil {
			t.Errorf("UC of T2 was purged: %v", err)
		}
		if at, _ := s.UninstalledAt(ctx, "T1"); at == nil {
			t.Errorf("the uninstall mark was purged too")
		}
		if err := s.Purge(ctx, ""); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("Purge without a workspace = %v, want EINVALID", err)
		}
	})
}

// TestResealTokens: after a key rotation the tokens open with the new key
// alone.
func TestResealTokens(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		clock := storetest.NewClock(t0)
		old := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(1)))
		if err := old.Install(ctx, models.Installation{Team: "T1", BotToken: "xoxb-one"}); err != nil {
			t.Fatal(err)
		}
		both := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(2), testKey(1)))
		if n, err := both.ResealTokens(ctx); err != nil || n != 1 {
			t.Fatalf("ResealTokens = %d, %v; want 1", n, err)
		}
		if n, err := both.ResealTokens(ctx); err != nil || n != 0 {
			t.Errorf("ResealTokens again = %d, %v; want 0", n, err)
		}
		newOnly := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(2)))
		if tok, err := newOnly.BotToken(ctx, "T1"); err != nil || tok != "xoxb-one" {
			t.Errorf("with the new key alone BotToken = %q, %v", tok, err)
		}
	})
}
