package models_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestGroupsAreIsolated: two groups in one workspace, each with its own
// coordinator; what one group holds is invisible through the other's
// scoped store, on every read, and the coordinator of the other group
// cannot read it even through the right store.
func TestGroupsAreIsolated(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const team = models.TeamID("TISO")
		for _, id := range []models.UserID{"UA", "UB", "UC", "UD"} {
			if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: team, Name: string(id), ProfileFetchedAt: t0}); err != nil {
				t.Fatal(err)
			}
		}
		ga, err := s.CreateGroup(ctx, team, "North", "UC")
		if err != nil {
			t.Fatal(err)
		}
		gb, err := s.CreateGroup(ctx, team, "South", "UD")
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range []models.GroupID{ga.ID, gb.ID} {
			if err := s.AddGroupMembers(ctx, g, []models.UserID{"UA", "UB"}); err != nil {
				t.Fatal(err)
			}
		}
		a, b := s.In(ga.ID), s.In(gb.ID)

		// Group A: a request, a logged one-to-one with a reflection, a
		// person outside Slack, a goal, a list.
		req, _ := models.NewRequest("UA", "UB", "coffee?", t0)
		if err := a.CreateOneToOne(ctx, req); err != nil {
			t.Fatal(err)
		}
		logged, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), t0)
		if err := a.LogOneToOne(ctx, logged, "", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "SECRET"}}); err != nil {
			t.Fatal(err)
		}
		maria, err := a.FindOrCreatePerson(ctx, "UA", "Maria Lopez")
		if err != nil {
			t.Fatal(err)
		}
		goal, _ := models.NewGoal("UA", 4, t0)
		if err := a.SetGoal(ctx, goal); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddToPlan(ctx, "UA", []models.PlanEntry{{InviteeID: "UB"}, {Name: "Ana"}}); err != nil {
			t.Fatal(err)
		}
		if n, err := a.RecordOnce(ctx, models.KindManualNudge, models.AboutOneToOne(req.ID), "UB", "w"); err != nil || !n {
			t.Fatalf("RecordOnce in A = %v, %v", n, err)
		}
		if req.GroupID != ga.ID || logged.GroupID != ga.ID || maria.GroupID != ga.ID || goal.GroupID != ga.ID {
			t.Errorf("rows created in A carry groups %d, %d, %d, %d; want %d", req.GroupID, logged.GroupID, maria.GroupID, goal.GroupID, ga.ID)
		}
		var ds []models.Delivery
		s.DB().Find(&ds)
		for _, d := range ds {
			if d.GroupID != ga.ID {
				t.Errorf("delivery %s carries group %d, want %d", d.Kind, d.GroupID, ga.ID)
			}
		}

		// Group B sees none of it.
		now := t0.Add(time.Minute)
		if _, err := b.OneToOne(ctx, req.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("B reads A's one-to-one: %v, want ENOTFOUND", err)
		}
		if _, err := b.UpdateOneToOne(ctx, req.ID, func(o *models.OneToOne) error { return o.Cancel("UA", "", now) }); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("B changes A's one-to-one: %v, want ENOTFOUND", err)
		}
		if os, err := b.OneToOnesFor(ctx, "UA", models.StatusRequested, models.StatusScheduled); err != nil || len(os) != 0 {
			t.Errorf("B lists %d of UA's one-to-ones, %v", len(os), err)
		}
		if os, err := b.AwaitingReflection(ctx, "UB", now); err != nil || len(os) != 0 {
			t.Errorf("B lists %d awaiting reflection, %v", len(os), err)
		}
		if o, err := b.OpenBetween(ctx, "UA", "UB"); err != nil || o != nil {
			t.Errorf("B finds A's open pair: %+v, %v", o, err)
		}
		if p, err := b.PersonNamed(ctx, "UA", "Maria Lopez"); err != nil || p != nil {
			t.Errorf("B finds A's person: %+v, %v", p, err)
		}
		if ps, err := b.People(ctx, []models.PersonID{maria.ID}); err != nil || len(ps) != 0 {
			t.Errorf("B reads A's people: %v, %v", ps, err)
		}
		if items, err := b.Plan(ctx, "UA"); err != nil || len(items) != 0 {
			t.Errorf("B shows A's list: %+v, %v", items, err)
		}
		if g, err := b.LatestGoal(ctx, "UA"); err != nil || g != nil {
			t.Errorf("B shows A's goal: %+v, %v", g, err)
		}
		if rs, err := b.ReflectionsBy(ctx, "UA", 10); err != nil || len(rs) != 0 {
			t.Errorf("B shows A's reflections: %+v, %v", rs, err)
		}
		if ok, err := b.HasReflected(ctx, logged.ID, "UA"); err != nil || ok {
			t.Errorf("B knows UA reflected in A: %v, %v", ok, err)
		}
		if n, err := b.CountHeld(ctx, t0.Add(-24*time.Hour), now); err != nil || n != 0 {
			t.Errorf("B counts %d held, %v", n, err)
		}
		if d, err := b.Digest(ctx, now, models.DigestOptions{Names: models.DigestNamesHeld}); err != nil || d.HeldWeek != 0 || d.Goals != 0 || d.OrganizersAll != 0 || d.Waiting != 0 {
			t.Errorf("B's digest counts A's rows: %+v, %v", d, err)
		}
		coordB, err := b.Member(ctx, "UD")
		if err != nil || !coordB.IsCoordinator() {
			t.Fatalf("UD in B = %+v, %v", coordB, err)
		}
		picture, err := b.TeamPicture(ctx, coordB, now, 10)
		if err != nil || len(picture.Recent) != 0 || len(picture.ByStatus) != 0 || len(picture.NoGoal) != 0 {
			t.Errorf("B's team picture shows A's rows: %+v, %v", picture, err)
		}
		var buf bytes.Buffer
		if err := b.ExportCSV(ctx, &buf, coordB); err != nil || strings.Count(buf.String(), "\n") != 1 {
			t.Errorf("B's export holds A's rows (%v):\n%s", err, buf.String())
		}
		if _, err := b.Reflection(ctx, logged.ID, "UA", coordB); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("B's coordinator reads A's reflection through B: %v, want ENOTFOUND", err)
		}
		if people, err := b.PeopleNamed(ctx, coordB, "Maria Lopez"); err != nil || len(people) != 0 {
			t.Errorf("B's coordinator finds A's person to forget: %+v, %v", people, err)
		}
		// B's coordinator, read in B, is no coordinator of A: even through
		// A's store the reflection stays closed, and so do A's team
		// picture and export.
		if _, err := a.Reflection(ctx, logged.ID, "UA", coordB); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("B's coordinator reads A's reflection through A: %v, want EUNAUTHORIZED", err)
		}
		if _, err := a.TeamPicture(ctx, coordB, now, 10); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("B's coordinator sees A's team: %v, want EUNAUTHORIZED", err)
		}
		if err := a.ExportCSV(ctx, &buf, coordB); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("B's coordinator exports A: %v, want EUNAUTHORIZED", err)
		}

		// A's coordinator sees A.
		coordA, err := a.Member(ctx, "UC")
		if err != nil {
			t.Fatal(err)
		}
		if r, err := a.Reflection(ctx, logged.ID, "UA", coordA); err != nil || r.Answers["cares"] != "SECRET" {
			t.Errorf("A's coordinator reads A's reflection = %+v, %v", r, err)
		}
		if team, err := a.TeamPicture(ctx, coordA, now, 10); err != nil || len(team.Recent) != 2 {
			t.Errorf("A's team picture = %+v, %v; want its 2 one-to-ones", team, err)
		}

		// The same pair may have an open request in each group; the same
		// name is a person of each.
		again, _ := models.NewRequest("UA", "UB", "in the south too?", now)
		if err := b.CreateOneToOne(ctx, again); err != nil {
			t.Errorf("an open pair in B besides A's: %v", err)
		}
		if p, err := b.FindOrCreatePerson(ctx, "UA", "maria lopez"); err != nil || p.ID == maria.ID {
			t.Errorf("B's Maria = %+v, %v; want a person of B's own", p, err)
		}
		dup, _ := models.NewRequest("UA", "UB", "again?", now)
		if err := a.CreateOneToOne(ctx, dup); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("a second open pair in A: %v, want ECONFLICT", err)
		}
	})
}

// TestUnscopedGroupMethodsRefuse: a group-scoped method called on a store
// that is not scoped is a bug; it says so with an internal error and
// touches nothing.
func TestUnscopedGroupMethodsRefuse(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		u := s.In(0)
		o, _ := models.NewRequest("UA", "UB", "coffee?", t0)
		logged, _ := models.NewLogged("UA", "UB", nil, t0, t0)
		goal, _ := models.NewGoal("UA", 4, t0)
		refl := &models.Reflection{AuthorID: "UA", OneToOneID: 1, Answers: map[string]string{"cares": "x"}}
		viewer := &models.Member{ID: "UC", Role: models.RoleCoordinator}
		var buf bytes.Buffer
		for name, err := range map[string]error{
			"CreateOneToOne":     u.CreateOneToOne(ctx, o),
			"OneToOne":           second(u.OneToOne(ctx, 1)),
			"OpenBetween":        second(u.OpenBetween(ctx, "UA", "UB")),
			"OpenWithPerson":     second(u.OpenWithPerson(ctx, "UA", 1)),
			"UpdateOneToOne":     second(u.UpdateOneToOne(ctx, 1, func(*models.OneToOne) error { return nil })),
			"OneToOnesFor":       second(u.OneToOnesFor(ctx, "UA", models.StatusRequested)),
			"AwaitingReflection": second(u.AwaitingReflection(ctx, "UA", t0)),
			"HeldBetween":        second(u.HeldBetween(ctx, t0, t0)),
			"FindOrCreatePerson": second(u.FindOrCreatePerson(ctx, "UA", "Maria")),
			"People":             second(u.People(ctx, []models.PersonID{1})),
			"PersonNamed":        second(u.PersonNamed(ctx, "UA", "Maria")),
			"CreatePlanned":      u.CreatePlanned(ctx, o, "Maria"),
			"AddToPlan":          second(u.AddToPlan(ctx, "UA", []models.PlanEntry{{Name: "Ana"}})),
			"RemoveFromPlan":     second(u.RemoveFromPlan(ctx, "UA", "", "Ana")),
			"Plan":               second(u.Plan(ctx, "UA")),
			"SaveReflection":     second(u.SaveReflection(ctx, refl)),
			"LogOneToOne":        u.LogOneToOne(ctx, logged, "", refl),
			"LogHeld":            second(u.LogHeld(ctx, 1, t0, refl)),
			"Reflection":         second(u.Reflection(ctx, 1, "UA", viewer)),
			"HasReflected":       second(u.HasReflected(ctx, 1, "UA")),
			"ReflectionsBy":      second(u.ReflectionsBy(ctx, "UA", 5)),
			"SetGoal":            u.SetGoal(ctx, goal),
			"CurrentGoal":        second(u.CurrentGoal(ctx, "UA", t0)),
			"LatestGoal":         second(u.LatestGoal(ctx, "UA")),
			"ActiveGoals":        second(u.ActiveGoals(ctx, t0)),
			"HeldCounts":         second(u.HeldCounts(ctx, t0, t0)),
			"Digest":             second(u.Digest(ctx, t0, models.DigestOptions{})),
			"CountHeld":          second(u.CountHeld(ctx, t0, t0)),
			"CountWaiting":       second(u.CountWaiting(ctx, t0, time.Hour)),
			"TeamPicture":        second(u.TeamPicture(ctx, viewer, t0, 5)),
			"PeopleNamed":        second(u.PeopleNamed(ctx, viewer, "Maria")),
			"ForgetPeople":       third(u.ForgetPeople(ctx, viewer, []models.PersonID{1})),
			"RecordOnce":         second(u.RecordOnce(ctx, models.KindManualNudge, models.AboutOneToOne(1), "UB", "w")),
			"RecordUnasked":      second(u.RecordUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(1), "UB", "w", models.WeekOf(t0, time.UTC), 3)),
			"Enqueue":            second(u.Enqueue(ctx, models.Delivery{Kind: models.KindReminder, Subject: models.AboutOneToOne(1), Recipient: "UA", DueAt: t0})),
			"SetRole":            u.SetRole(ctx, "UA", models.RoleCoordinator),
		} {
			if models.ErrorCode(err) != models.EINTERNAL {
				t.Errorf("unscoped %s: %v, want EINTERNAL", name, err)
			}
		}
		var n int64
		for _, table := range []string{"one_to_ones", "reflections", "people", "goals", "plan_entries", "deliveries"} {
			s.DB().Table(table).Count(&n)
			if n != 0 {
				t.Errorf("%s holds %d rows after refused calls", table, n)
			}
		}
		// The operator's export spans every group.
		if err := u.ExportCSV(ctx, &buf, viewer); err != nil {
			t.Errorf("unscoped export: %v", err)
		}
	})
}

func third[T, U any](_ T, _ U, err error) error { return err }
