package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestPersonStory: Maria, on the roster and linked to Slack as UP, met
// UA (logged by name) and UB (who asked UP in Slack); UE has her now.
// Her story gathers both one-to-ones across organizers, the ladder over
// time and her tags, each viewer seeing the ratings of the reflections
// they may read; an organizer who never met her, and Maria herself, are
// refused.
func TestPersonStory(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		tagsIn(t, s, "Wages\nSafety")
		maria := models.Person{GroupID: s.Scope(), Name: "Maria Lopez", SlackID: "UP", Site: "Ward 3"}
		dana := models.Person{GroupID: s.Scope(), OwnerID: "UA", Name: "Dana"}
		for _, p := range []*models.Person{&maria, &dana} {
			if err := s.DB().Create(p).Error; err != nil {
				t.Fatal(err)
			}
		}
		march := t0.AddDate(0, 0, -60)
		first, _ := models.NewLogged("UA", "", &maria.ID, march, clock.Now())
		if err := s.CreateOneToOne(ctx, first); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: first.ID, AuthorID: "UA", Answers: map[string]string{"ask": "x"}, Engagement: 2, Tags: []string{"Wages"}}); err != nil {
			t.Fatal(err)
		}
		now := t0.Add(-24 * time.Hour)
		second, _ := models.NewLogged("UB", "UP", nil, now, clock.Now())
		if err := s.CreateOneToOne(ctx, second); err != nil {
			t.Fatal(err)
		}
		for _, r := range []*models.Reflection{
			{OneToOneID: second.ID, AuthorID: "UB", Answers: map[string]string{"ask": "y"}, Engagement: 4, Tags: []string{"Wages", "Safety"}},
			{OneToOneID: second.ID, AuthorID: "UP", Answers: map[string]string{"ask": "z"}, Engagement: 5},
		} {
			if _, err := s.SaveReflection(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		// Someone else's one-to-one, not hers.
		other, _ := models.NewLogged("UA", "UB", nil, now, clock.Now())
		if err := s.CreateOneToOne(ctx, other); err != nil {
			t.Fatal(err)
		}
		ended := t0.AddDate(0, 0, -10)
		for _, a := range []*models.Assignment{
			{GroupID: s.Scope(), PersonID: maria.ID, OrganizerID: "UA", AssignedBy: "UC", Note: "from the rally", CreatedAt: march, EndedAt: &ended, EndReason: models.AssignmentHandedOn},
			{GroupID: s.Scope(), PersonID: maria.ID, OrganizerID: "UE", AssignedBy: "UC", Note: "she asked about nights", CreatedAt: ended},
		} {
			if err := s.DB().Create(a).Error; err != nil {
				t.Fatal(err)
			}
		}

		coordinator := &models.Member{ID: "UC", Role: models.RoleCoordinator}
		type want struct {
			meetings []models.OneToOneID
			ratings  []int // by meeting
			ladder   []int
			tags     []models.TagCount
			notes    []string // by assignment, newest first
		}
		for _, tt := range []struct {
			name   string
			viewer *models.Member
			person models.PersonID
			code   string
			want   want
		}{
			{"CoordinatorOK", coordinator, maria.ID, "", want{[]models.OneToOneID{second.ID, first.ID}, []int{4, 2}, []int{2, 4},
				[]models.TagCount{{Tag: "Wages", N: 2}, {Tag: "Safety", N: 1}}, []string{"she asked about nights", "from the rally"}}},
			{"OrganizerWhoMetHerOK", &models.Member{ID: "UA"}, maria.ID, "", want{[]models.OneToOneID{second.ID, first.ID}, []int{0, 2}, []int{2},
				[]models.TagCount{{Tag: "Wages", N: 1}}, []string{"", "from the rally"}}},
			{"OrganizerWhoMetHerInSlackOK", &models.Member{ID: "UB"}, maria.ID, "", want{[]models.OneToOneID{second.ID, first.ID}, []int{4, 0}, []int{4},
				[]models.TagCount{{Tag: "Safety", N: 1}, {Tag: "Wages", N: 1}}, []string{"", ""}}},
			{"AssignedOrganizerOK", &models.Member{ID: "UE"}, maria.ID, "", want{[]models.OneToOneID{second.ID, first.ID}, []int{0, 0}, nil, nil, []string{"she asked about nights", ""}}},
			{"OwnContactOK", &models.Member{ID: "UA"}, dana.ID, "", want{}},
			{"ErrOrganizerWhoNeverMetHer", &models.Member{ID: "UD"}, maria.ID, models.EUNAUTHORIZED, want{}},
			{"ErrSomeoneElsesContact", &models.Member{ID: "UB"}, dana.ID, models.EUNAUTHORIZED, want{}},
			{"ErrHerself", &models.Member{ID: "UP", Role: models.RoleCoordinator}, maria.ID, models.EUNAUTHORIZED, want{}},
			{"ErrNobody", nil, maria.ID, models.EUNAUTHORIZED, want{}},
			{"ErrNoSuchPerson", coordinator, 9999, models.ENOTFOUND, want{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				st, err := s.PersonStory(ctx, tt.viewer, tt.person)
				if c := models.ErrorCode(err); c != tt.code {
					t.Fatalf("code = %q (%v), want %q", c, err, tt.code)
				}
				if err != nil {
					return
				}
				var got want
				for _, m := range st.Meetings {
					got.meetings = append(got.meetings, m.OneToOne.ID)
					got.ratings = append(got.ratings, m.Rating)
				}
				for _, p := range st.Ladder {
					got.ladder = append(got.ladder, p.Rating)
				}
				got.tags = st.Tags
				for _, a := range st.Assignments {
					got.notes = append(got.notes, a.Note)
				}
				if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
					t.Errorf("story (-want +got):\n%s", diff)
				}
				if tt.person == maria.ID && (st.Current == nil || st.Current.OrganizerID != "UE") {
					t.Errorf("current assignment = %+v, want UE's", st.Current)
				}
			})
		}
		if _, err := s.In(0).PersonStory(ctx, coordinator, maria.ID); models.ErrorCode(err) != models.EINTERNAL {
			t.Errorf("an unscoped store tells a story: %v", err)
		}
		g, err := s.CreateGroup(ctx, "TSTORY", "Elsewhere", "UC")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.In(g.ID).PersonStory(ctx, coordinator, maria.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("another group's store tells Maria's story: %v", err)
		}
		// Her one-to-one in another group stays out of this group's story.
		elsewhere, _ := models.NewLogged("UC", "UP", nil, now, clock.Now())
		if err := s.In(g.ID).CreateOneToOne(ctx, elsewhere); err != nil {
			t.Fatal(err)
		}
		if st, err := s.PersonStory(ctx, coordinator, maria.ID); err != nil || len(st.Meetings) != 2 {
			t.Errorf("with a one-to-one in another group, her story has %d meetings (%v), want 2", len(st.Meetings), err)
		}
	})
}
