package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// tagsIn saves issue tags as a group's coordinators would.
func tagsIn(t *testing.T, s *models.Store, tags string) {
	t.Helper()
	ctx := context.Background()
	saved, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	saved.IssueTags = &tags
	if err := s.SaveSettings(ctx, saved); err != nil {
		t.Fatal(err)
	}
}

// TestReflectionTags: a reflection keeps the group's tags its author chose,
// spelled as the group spells them, and drops any other; saving again
// replaces them; forgetting the person deletes them; counts are the
// group's own, for its coordinators only.
func TestReflectionTags(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const team = models.TeamID("TTAGS")
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
		tagsIn(t, a, "Wages\nSafety\nScheduling")
		tagsIn(t, b, "Wages\nRent")

		o, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), clock.Now())
		if err := a.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		save := func(tags ...string) {
			t.Helper()
			if _, err := a.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"ask": "Come on Thursday"}, Tags: tags}); err != nil {
				t.Fatal(err)
			}
		}
		read := func() []string {
			t.Helper()
			r, err := a.Reflection(ctx, o.ID, "UA", &models.Member{ID: "UA"})
			if err != nil {
				t.Fatal(err)
			}
			return r.Tags
		}
		save("safety", "Rent", "Wages", "wages")
		if diff := cmp.Diff([]string{"Safety", "Wages"}, read()); diff != "" {
			t.Errorf("stored tags (-want +got):\n%s", diff)
		}
		save("Scheduling")
		if diff := cmp.Diff([]string{"Scheduling"}, read()); diff != "" {
			t.Errorf("tags after an edit (-want +got):\n%s", diff)
		}

		// Group B: another reflection on Wages, which A's counts never see.
		ob, _ := models.NewLogged("UB", "UA", nil, t0.Add(-time.Hour), clock.Now())
		if err := b.CreateOneToOne(ctx, ob); err != nil {
			t.Fatal(err)
		}
		if _, err := b.SaveReflection(ctx, &models.Reflection{OneToOneID: ob.ID, AuthorID: "UB", Answers: map[string]string{"ask": "x"}, Tags: []string{"Wages", "Rent"}}); err != nil {
			t.Fatal(err)
		}
		coordA := &models.Member{ID: "UC", Role: models.RoleCoordinator}
		for _, tt := range []struct {
			name   string
			store  *models.Store
			viewer *models.Member
			since  time.Time
			want   []models.TagCount
			code   string
		}{
			{"CoordinatorOK", a, coordA, t0.Add(-24 * time.Hour), []models.TagCount{{Tag: "Scheduling", N: 1}}, ""},
			{"OtherGroupOK", b, &models.Member{ID: "UD", Role: models.RoleCoordinator}, t0.Add(-24 * time.Hour), []models.TagCount{{Tag: "Rent", N: 1}, {Tag: "Wages", N: 1}}, ""},
			{"BeforeThePeriodNone", a, coordA, t0.Add(time.Hour), nil, ""},
			{"ErrOrganizer", a, &models.Member{ID: "UA", Role: models.RoleMember}, t0.Add(-24 * time.Hour), nil, models.EUNAUTHORIZED},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := tt.store.TagCounts(ctx, tt.viewer, tt.since)
				if c := models.ErrorCode(err); c != tt.code {
					t.Fatalf("code = %q (%v), want %q", c, err, tt.code)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("counts (-want +got):\n%s", diff)
				}
			})
		}
		if _, err := s.In(0).TagCounts(ctx, coordA, t0); models.ErrorCode(err) != models.EINTERNAL {
			t.Errorf("an unscoped store counts tags: %v", err)
		}

		// Forgetting the member deletes their reflections' tags.
		if _, err := s.ForgetMember(ctx, "UB"); err != nil {
			t.Fatal(err)
		}
		var n int64
		s.DB().Model(&models.ReflectionTag{}).Count(&n)
		if n != 0 {
			t.Errorf("%d tags left after forgetting the person they were about", n)
		}
	})
}

// TestKeepTags: only the group's tags, in its spelling and order, once.
func TestKeepTags(t *testing.T) {
	got := models.KeepTags([]string{" rent", "WAGES", "Parking", "wages"}, []string{"Wages", "Safety", "Rent"})
	if diff := cmp.Diff([]string{"Wages", "Rent"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := models.KeepTags([]string{"Wages"}, nil); got != nil {
		t.Errorf("a group without tags keeps %v", got)
	}
}
