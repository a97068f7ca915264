package models_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// seedCampaign stores a coordinator UC, organizers UO1 and UO2, a plain
// member UM, and returns roster people made with the given fields
// (name/site/department/shift).
func seedCampaign(t *testing.T, s *models.Store, people ...models.Person) []models.Person {
	t.Helper()
	ctx := context.Background()
	for _, id := range []models.UserID{"UC", "UO1", "UO2", "UM"} {
		if err := s.SaveMember(ctx, &models.Member{ID: id, TeamID: storetest.TeamID, Name: string(id)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetRole(ctx, "UC", models.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	for i := range people {
		people[i].GroupID = s.Scope()
		if err := s.DB().Create(&people[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return people
}

func asErr(err error, e **models.Error) bool { return errors.As(err, e) }

// member reads a member as the bot would, with their role in s's group.
func member(t *testing.T, s *models.Store, id models.UserID) *models.Member {
	t.Helper()
	m, err := s.Member(context.Background(), id)
	if err != nil {
		m = &models.Member{ID: id}
	}
	return m
}

func names(n int) []models.Person {
	ps := make([]models.Person, n)
	for i := range ps {
		ps[i] = models.Person{Name: fmt.Sprintf("Person %02d", i), Site: "Ward 3"}
	}
	return ps
}

func TestAssignRights(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ps := seedCampaign(t, s, models.Person{Name: "Maria Lopez"})
		own := models.Person{GroupID: s.Scope(), OwnerID: "UO1", Name: "Own Contact"}
		if err := s.DB().Create(&own).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMember(ctx, &models.Member{ID: "UOUT", TeamID: storetest.TeamID}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOptedOut(ctx, "UOUT", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMember(ctx, &models.Member{ID: "UGONE", TeamID: storetest.TeamID, Deleted: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMember(ctx, &models.Member{ID: "UELSE", TeamID: "T0OTHER"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name      string
			by, to    models.UserID
			person    models.PersonID
			code, msg string
		}{
			{"ErrNotCoordinator", "UM", "UO1", ps[0].ID, models.EUNAUTHORIZED, "assign.err_coordinators_only"},
			{"ErrOrganizerOptedOut", "UC", "UOUT", ps[0].ID, models.EINVALID, "assign.err_opted_out"},
			{"ErrOrganizerDeactivated", "UC", "UGONE", ps[0].ID, models.EINVALID, "assign.err_not_in_slack"},
			{"ErrOrganizerUnknown", "UC", "UNOBODY", ps[0].ID, models.EINVALID, "assign.err_not_in_slack"},
			{"ErrOrganizerElsewhere", "UC", "UELSE", ps[0].ID, models.EINVALID, "assign.err_not_member"},
			{"ErrOwnContact", "UC", "UO1", own.ID, models.ENOTFOUND, "assign.err_no_person"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Assign(ctx, member(t, s, tc.by), tc.person, tc.to, "")
				var e *models.Error
				if models.ErrorCode(err) != tc.code || !asErr(err, &e) || e.MessageID != tc.msg {
					t.Fatalf("Assign = %v; want %s (%s)", err, tc.code, tc.msg)
				}
			})
		}
		if as, _ := s.PersonAssignments(ctx, ps[0].ID); len(as) != 0 {
			t.Errorf("refused assignments stored: %+v", as)
		}
		var n int64
		s.DB().Model(&models.Delivery{}).Where("kind = ?", models.KindAssignment).Count(&n)
		if n != 0 {
			t.Errorf("%d DMs queued by refused assignments", n)
		}
		if _, err := s.In(0).Assign(ctx, member(t, s, "UC"), ps[0].ID, "UO1", ""); models.ErrorCode(err) != models.EINTERNAL {
			t.Errorf("unscoped Assign = %v; want internal", err)
		}
	})
}

func TestAssignHandOnHandBack(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		ps := seedCampaign(t, s, models.Person{Name: "Maria Lopez", Site: "Ward 3"})
		p := ps[0].ID
		got, err := s.Assign(ctx, member(t, s, "UC"), p, "UO1", "  met her at the rally ")
		if err != nil {
			t.Fatal(err)
		}
		if d := got.Delivery; d.Kind != models.KindAssignment || d.Recipient != "UO1" || d.Actor != "UC" || fmt.Sprint(d.AssignmentIDs()) != fmt.Sprint([]int64{got.Assignments[0].ID}) {
			t.Errorf("delivery = %+v", d)
		}
		if got.Assignments[0].Note != "met her at the rally" {
			t.Errorf("note = %q", got.Assignments[0].Note)
		}
		if _, err := s.Assign(ctx, member(t, s, "UC"), p, "UO1", ""); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("assign again to the same organizer = %v; want conflict", err)
		}
		plan, _ := s.Plan(ctx, "UO1")
		if len(plan) != 1 || plan[0].PersonID == nil || *plan[0].PersonID != p {
			t.Fatalf("UO1's list = %+v; want Maria", plan)
		}
		// Only the organizer may hand back or on.
		if err := s.HandBack(ctx, "UO2", p); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("UO2 hands back = %v", err)
		}
		if _, err := s.HandOn(ctx, "UO2", p, "UO1", ""); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("UO2 hands on = %v", err)
		}
		clock.Advance(time.Hour)
		on, err := s.HandOn(ctx, "UO1", p, "UO2", "she works nights, like you")
		if err != nil {
			t.Fatal(err)
		}
		if on.Delivery.Recipient != "UO2" || on.Delivery.Actor != "UO1" {
			t.Errorf("hand-on DM = %+v", on.Delivery)
		}
		if plan, _ := s.Plan(ctx, "UO1"); len(plan) != 0 {
			t.Errorf("UO1's list after handing on = %+v", plan)
		}
		if plan, _ := s.Plan(ctx, "UO2"); len(plan) != 1 {
			t.Errorf("UO2's list = %+v", plan)
		}
		clock.Advance(time.Hour)
		if err := s.HandBack(ctx, "UO2", p); err != nil {
			t.Fatal(err)
		}
		if plan, _ := s.Plan(ctx, "UO2"); len(plan) != 0 {
			t.Errorf("UO2's list after handing back = %+v", plan)
		}
		if a, err := s.OpenAssignment(ctx, p); err != nil || a != nil {
			t.Errorf("open after hand back = %+v, %v", a, err)
		}
		story, err := s.PersonAssignments(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, a := range story {
			steps = append(steps, string(a.OrganizerID)+":"+a.EndReason)
		}
		if fmt.Sprint(steps) != "[UO1:handed_on UO2:handed_back]" {
			t.Errorf("story = %v", steps)
		}
		// A coordinator's new assignment hands on whoever had them.
		clock.Advance(time.Hour)
		if _, err := s.Assign(ctx, member(t, s, "UC"), p, "UO1", ""); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		if _, err := s.Assign(ctx, member(t, s, "UC"), p, "UO2", ""); err != nil {
			t.Fatal(err)
		}
		if mine, _ := s.AssignmentsOf(ctx, "UO1"); len(mine) != 0 {
			t.Errorf("UO1 still has %+v", mine)
		}
		if theirs, _ := s.AssignmentsOf(ctx, "UO2"); len(theirs) != 1 || theirs[0].Person.Name != "Maria Lopez" {
			t.Errorf("UO2 has %+v", theirs)
		}
	})
}

// TestAssignWaitingList: beyond ten, assigned people wait, and move up, in
// the order they were assigned, as places free.
func TestAssignWaitingList(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		ps := seedCampaign(t, s, names(13)...)
		if _, err := s.AddToPlan(ctx, "UO1", []models.PlanEntry{{InviteeID: "UM"}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			clock.Advance(time.Minute)
			if _, err := s.Assign(ctx, member(t, s, "UC"), p.ID, "UO1", ""); err != nil {
				t.Fatal(err)
			}
		}
		plan, _ := s.Plan(ctx, "UO1")
		if len(plan) != models.MaxPlanEntries || plan[9].Name != "Person 08" {
			t.Fatalf("list = %d entries, last %q; want 10, the first nine assigned", len(plan), plan[len(plan)-1].Name)
		}
		if n, err := s.Waiting(ctx, "UO1"); err != nil || n != 4 {
			t.Errorf("waiting = %d, %v; want 4", n, err)
		}
		// Taking someone off frees a place: the next assigned moves up.
		clock.Advance(time.Minute)
		if ok, err := s.RemoveFromPlan(ctx, "UO1", "UM", ""); err != nil || !ok {
			t.Fatalf("remove = %v, %v", ok, err)
		}
		plan, _ = s.Plan(ctx, "UO1")
		if len(plan) != 10 || plan[9].Name != "Person 09" {
			t.Errorf("after a place freed, last = %q", plan[len(plan)-1].Name)
		}
		// Handing one back frees a place too.
		clock.Advance(time.Minute)
		if err := s.HandBack(ctx, "UO1", ps[0].ID); err != nil {
			t.Fatal(err)
		}
		plan, _ = s.Plan(ctx, "UO1")
		if len(plan) != 10 || plan[9].Name != "Person 10" {
			t.Errorf("after a hand back, last = %q", plan[len(plan)-1].Name)
		}
		if n, _ := s.Waiting(ctx, "UO1"); n != 2 {
			t.Errorf("waiting = %d; want 2", n)
		}
		// An assigned person the organizer takes off stays off.
		clock.Advance(time.Minute)
		if ok, err := s.RemoveFromPlan(ctx, "UO1", "", "Person 01"); err != nil || !ok {
			t.Fatalf("remove Person 01 = %v, %v", ok, err)
		}
		plan, _ = s.Plan(ctx, "UO1")
		for _, e := range plan {
			if e.Name == "Person 01" {
				t.Errorf("Person 01 came back on the list")
			}
		}
	})
}

func TestAssignMatching(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		ps := seedCampaign(t, s,
			models.Person{Name: "Ana", Site: "Ward 3", Shift: "Night"},
			models.Person{Name: "Ben", Site: "ward 3", Shift: "Day"},
			models.Person{Name: "Cruz", Site: "Ward 3", Shift: "Night"},
			models.Person{Name: "Dee", Site: "Ward 4", Shift: "Night"},
			models.Person{Name: "Eli", Site: "Ward 3", Shift: "Night", SlackID: "UM"},
		)
		// Cruz has been met; Ana is with UO2 already.
		cruz := ps[2].ID
		if err := s.DB().Create(&models.OneToOne{GroupID: s.Scope(), RequesterID: "UO2", PersonID: &cruz, Status: models.StatusHeld, RequestedAt: t0}).Error; err != nil {
			t.Fatal(err)
		}
		// Eli (in Slack) has been met too.
		m, err := models.NewRequest("UO2", "UM", "", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, m); err != nil {
			t.Fatal(err)
		}
		s.DB().Model(&models.OneToOne{}).Where("id = ?", m.ID).Update("status", models.StatusReflected)
		if _, err := s.Assign(ctx, member(t, s, "UC"), ps[0].ID, "UO2", ""); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			f    models.AssignFilter
			want int
		}{
			{"Ward3NotMetUnassigned", models.AssignFilter{Site: "WARD 3", NotMet: true, Unassigned: true}, 1}, // Ben
			{"Ward3NotMet", models.AssignFilter{Site: "Ward 3", NotMet: true}, 1},                             // Ana (Ben is UO1's now)
			{"NightShift", models.AssignFilter{Shift: "night", Unassigned: true}, 3},                          // Cruz, Dee, Eli
		} {
			t.Run(tc.name, func(t *testing.T) {
				n, err := s.In(s.Scope()).AssignMatching(ctx, member(t, s, "UC"), tc.f, "UO1", "")
				if err != nil {
					t.Fatal(err)
				}
				if len(n.Assignments) != tc.want {
					t.Errorf("assigned %d; want %d", len(n.Assignments), tc.want)
				}
				if ids := n.Delivery.AssignmentIDs(); len(ids) != tc.want {
					t.Errorf("the DM names %d; want %d", len(ids), tc.want)
				}
			})
		}
		if _, err := s.AssignMatching(ctx, member(t, s, "UC"), models.AssignFilter{Site: "Ward 9"}, "UO1", ""); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("nobody matches = %v", err)
		}
		if _, err := s.AssignMatching(ctx, member(t, s, "UM"), models.AssignFilter{}, "UO1", ""); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("a member assigns = %v", err)
		}
	})
}

func TestAssignMatchingLimit(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		seedCampaign(t, s, names(models.MaxAssignBatch+1)...)
		_, err := s.AssignMatching(ctx, member(t, s, "UC"), models.AssignFilter{Site: "Ward 3"}, "UO1", "")
		var e *models.Error
		if !asErr(err, &e) || e.MessageID != "assign.err_too_many" {
			t.Fatalf("over the limit = %v", err)
		}
		if as, _ := s.AssignmentsOf(ctx, "UO1"); len(as) != 0 {
			t.Errorf("%d assigned beyond the limit", len(as))
		}
	})
}

// TestAssignConcurrently: two coordinators assigning one person at once
// leave one open assignment, however the two interleave.
func TestAssignConcurrently(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ps := seedCampaign(t, s, names(5)...)
		uc := member(t, s, "UC")
		for _, p := range ps {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, to := range []models.UserID{"UO1", "UO2"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = s.Assign(ctx, uc, p.ID, to, "")
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Errorf("assign at once = %v", err)
				}
			}
			var open int64
			s.DB().Model(&models.Assignment{}).Where("person_id = ? AND ended_at IS NULL", p.ID).Count(&open)
			if open != 1 {
				t.Errorf("%s: %d open assignments; want 1", p.Name, open)
			}
		}
	})
}

// TestAssignedPersonIsTheOneMeant: an organizer who plans a one-to-one
// with "maria lopez" while the roster's Maria Lopez is assigned to them
// plans it with her, so her story and their list of ten follow it, even
// once the roster holds two of that name; anyone else means the group's
// only Maria Lopez, and with two, their own contact.
func TestAssignedPersonIsTheOneMeant(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ps := seedCampaign(t, s, models.Person{Name: "Maria Lopez"})
		if _, err := s.Assign(ctx, member(t, s, "UC"), ps[0].ID, "UO1", ""); err != nil {
			t.Fatal(err)
		}
		mine := &models.OneToOne{RequesterID: "UO1", Status: models.StatusRequested, RequestedAt: t0}
		if err := s.CreatePlanned(ctx, mine, "maria  lopez"); err != nil {
			t.Fatal(err)
		}
		if mine.PersonID == nil || *mine.PersonID != ps[0].ID {
			t.Errorf("the organizer's one-to-one is with person %v; want the roster's %d", mine.PersonID, ps[0].ID)
		}
		if p, err := s.PersonNamed(ctx, "UO1", "Maria Lopez"); err != nil || p == nil || p.ID != ps[0].ID {
			t.Errorf("PersonNamed = %+v, %v", p, err)
		}
		plan, _ := s.Plan(ctx, "UO1")
		if len(plan) != 1 || plan[0].Status != models.PlanRequested {
			t.Errorf("list = %+v; want Maria, requested", plan)
		}
		// Another organizer's "Maria Lopez" is the group's only one too;
		// once the roster holds two, nobody guesses: their own contact.
		theirs := &models.OneToOne{RequesterID: "UO2", Status: models.StatusRequested, RequestedAt: t0}
		if err := s.CreatePlanned(ctx, theirs, "Maria Lopez"); err != nil {
			t.Fatal(err)
		}
		if theirs.PersonID == nil || *theirs.PersonID != ps[0].ID {
			t.Errorf("another organizer's Maria = %v; want the roster's only one", theirs.PersonID)
		}
		if err := s.DB().Create(&models.Person{GroupID: s.Scope(), Name: "Maria Lopez", Email: "other@example.org"}).Error; err != nil {
			t.Fatal(err)
		}
		guess := &models.OneToOne{RequesterID: "UM", Status: models.StatusRequested, RequestedAt: t0}
		if err := s.CreatePlanned(ctx, guess, "Maria Lopez"); err != nil {
			t.Fatal(err)
		}
		if guess.PersonID == nil || *guess.PersonID == ps[0].ID {
			t.Errorf("with two Marias on the roster, a guess: %v", guess.PersonID)
		}
		if p, err := s.PersonNamed(ctx, "UO1", "Maria Lopez"); err != nil || p == nil || p.ID != ps[0].ID {
			t.Errorf("the assigned one is still UO1's Maria: %+v, %v", p, err)
		}
	})
}
