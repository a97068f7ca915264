package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestEachPersonReflects: both people of a one-to-one write their own
// reflection. Each save replaces only its author's words, each author reads
// their own and never the other's, coordinators read both, and someone who
// wasn't there writes nothing.
func TestEachPersonReflects(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), clock.Now())
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		save := func(author models.UserID, cares string) {
			t.Helper()
			got, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: author, Answers: map[string]string{"cares": cares}})
			if err != nil {
				t.Fatalf("%s saves: %v", author, err)
			}
			if got.Status != models.StatusReflected {
				t.Errorf("status = %s, want reflected", got.Status)
			}
		}
		save("UB", "Sam's words")
		if ok, err := s.HasReflected(ctx, o.ID, "UA"); err != nil || ok {
			t.Errorf("UA has reflected = %v, %v; only UB wrote", ok, err)
		}
		save("UA", "Alex's words")
		save("UB", "Sam's words, later")

		coordinator := &models.Member{ID: "UC", Role: models.RoleCoordinator}
		for _, tt := range []struct {
			name   string
			author models.UserID
			viewer *models.Member
			want   string
			code   string
		}{
			{"RequesterReadsOwnOK", "UA", &models.Member{ID: "UA"}, "Alex's words", ""},
			{"InviteeReadsOwnOK", "UB", &models.Member{ID: "UB"}, "Sam's words, later", ""},
			{"CoordinatorReadsRequesterOK", "UA", coordinator, "Alex's words", ""},
			{"CoordinatorReadsInviteeOK", "UB", coordinator, "Sam's words, later", ""},
			{"ErrInviteeReadsRequester", "UA", &models.Member{ID: "UB"}, "", models.EUNAUTHORIZED},
			{"ErrRequesterReadsInvitee", "UB", &models.Member{ID: "UA"}, "", models.EUNAUTHORIZED},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r, err := s.Reflection(ctx, o.ID, tt.author, tt.viewer)
				if c := models.ErrorCode(err); c != tt.code {
					t.Fatalf("code = %q (%v), want %q", c, err, tt.code)
				}
				if err == nil && (r.Answers["cares"] != tt.want || r.AuthorID != tt.author) {
					t.Errorf("read %q by %s, want %q by %s", r.Answers["cares"], r.AuthorID, tt.want, tt.author)
				}
			})
		}
		var n int64
		s.DB().Model(&models.Reflection{}).Where("one_to_one_id = ?", o.ID).Count(&n)
		if n != 2 {
			t.Errorf("%d reflections stored, want one per author", n)
		}
		if _, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UE", Answers: map[string]string{"cares": "x"}}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("a stranger reflects: %v", err)
		}

		// With someone outside Slack, the organizer alone reflects.
		maria := &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "the laundromat"}}
		outside, _ := models.NewLogged("UA", "", nil, t0.Add(-time.Hour), clock.Now())
		if err := s.LogOneToOne(ctx, outside, "Maria Lopez", maria); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: outside.ID, AuthorID: "UB", Answers: map[string]string{"cares": "x"}}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("someone else reflects on Alex's meeting with Maria: %v", err)
		}
	})
}

// TestAwaitingReflection: a held one-to-one waits for each person's own
// reflection, whoever wrote first.
func TestAwaitingReflection(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		met, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), clock.Now())
		both, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), clock.Now())
		// Long ago: Sam wrote it up, Alex never did, and it is no task now.
		old, _ := models.NewLogged("UA", "UB", nil, t0.Add(-models.ReflectAfterOther-time.Hour), clock.Now())
		// Long ago too, but nobody wrote it up: still on both lists.
		forgotten, _ := models.NewLogged("UA", "UB", nil, t0.Add(-models.ReflectAfterOther-2*time.Hour), clock.Now())
		mustRequest(t, s, "UA", "UB", t0) // still open: nothing to reflect on
		for _, o := range []*models.OneToOne{met, both, old, forgotten} {
			if err := s.CreateOneToOne(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []models.Reflection{{OneToOneID: met.ID, AuthorID: "UB"}, {OneToOneID: both.ID, AuthorID: "UA"}, {OneToOneID: both.ID, AuthorID: "UB"}, {OneToOneID: old.ID, AuthorID: "UB"}} {
			r.Answers = map[string]string{"cares": "x"}
			if _, err := s.SaveReflection(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			user models.UserID
			want []models.OneToOneID
		}{{"UA", []models.OneToOneID{met.ID, forgotten.ID}}, {"UB", []models.OneToOneID{forgotten.ID}}, {"UC", []models.OneToOneID{}}} {
			got, err := s.AwaitingReflection(ctx, tt.user, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("%s awaits (-want +got):\n%s", tt.user, diff)
			}
		}
	})
}

// TestRemindersToReflectGoToEachSide: once one person has reflected, only
// the other is still asked and reminded.
func TestRemindersToReflectGoToEachSide(t *testing.T) {
	clock := storetest.NewClock(tNanos)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		at := tNanos.Add(-3 * time.Hour)
		o := mustSchedule(t, s, mustRequest(t, s, "UA", "UB", tNanos.Add(-72*time.Hour)), at, tNanos.Add(-48*time.Hour))
		window := models.WindowAt(at)
		sentFor(t, s, models.KindReflectionPrompt, o, "UA", window)
		sentFor(t, s, models.KindReflectionPrompt, o, "UB", window)
		if _, err := s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UB", Answers: map[string]string{"cares": "x"}}); err != nil {
			t.Fatal(err)
		}
		from, to := at.Add(-time.Hour), at.Add(time.Hour)
		for _, tt := range []struct {
			side models.Side
			want []models.OneToOneID
		}{{models.SideRequester, []models.OneToOneID{o.ID}}, {models.SideInvitee, []models.OneToOneID{}}} {
			got, err := s.MeetingsToRemindReflect(ctx, tt.side, from, to, tNanos, models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("%s reminded (-want +got):\n%s", tt.side, diff)
			}
		}
		// A new prompt for the same meeting is not planned for either.
		for _, side := range models.Sides {
			got, err := s.MeetingsToReflect(ctx, side, from, to, models.Page{})
			if err != nil || len(got) != 0 {
				t.Errorf("%s prompted again: %v, %v", side, ids(got), err)
			}
		}
	})
}
