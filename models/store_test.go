package models_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func TestMigrateTwice(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		ids, err := s.AppliedMigrations(ctx)
		if err != nil || len(ids) == 0 || ids[0] != "0001_initial" {
			t.Fatalf("applied = %v, %v", ids, err)
		}
	})
}

func TestSaveMemberKeepsGroupChoices(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		m := &models.Member{ID: "UA", Name: "Alex", TZ: "Europe/Paris", ProfileFetchedAt: t0}
		if err := s.SaveMember(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, "UA", models.RoleCoordinator); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMember(ctx, &models.Member{ID: "UA", Name: "Alex B", TZ: "Europe/Berlin", ProfileFetchedAt: t0}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Member(ctx, "UA")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Alex B" || got.TZ != "Europe/Berlin" || !got.IsCoordinator() {
			t.Errorf("member = %+v", got)
		}
		if err := s.SetRole(ctx, "UNOPE", models.RoleCoordinator); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("SetRole unknown = %v", err)
		}
		if _, err := s.Member(ctx, "UNOPE"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("Member unknown = %v", err)
		}
	})
}

func TestRefreshMember(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		profile := func(name string) *models.Member {
			return &models.Member{ID: "UA", Name: name, TZ: "Europe/Paris", ProfileFetchedAt: t0}
		}
		t.Run("ENOTFOUND", func(t *testing.T) {
			if err := s.RefreshMember(ctx, profile("Alex")); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("refresh of someone never stored = %v", err)
			}
			if _, err := s.Member(ctx, "UA"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("refresh created the member: %v", err)
			}
		})
		t.Run("OK", func(t *testing.T) {
			if err := s.SaveMember(ctx, profile("Alex")); err != nil {
				t.Fatal(err)
			}
			if err := s.SetRole(ctx, "UA", models.RoleCoordinator); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
			p := profile("Alex B")
			p.ProfileFetchedAt = clock.Now()
			if err := s.RefreshMember(ctx, p); err != nil {
				t.Fatal(err)
			}
			got, err := s.Member(ctx, "UA")
			if err != nil || got.Name != "Alex B" || !got.IsCoordinator() || !got.ProfileFetchedAt.Equal(clock.Now()) {
				t.Errorf("member = %+v, %v", got, err)
			}
		})
		t.Run("ForgottenStayGone", func(t *testing.T) {
			if _, err := s.ForgetMember(ctx, "UA"); err != nil {
				t.Fatal(err)
			}
			if err := s.RefreshMember(ctx, profile("Alex")); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("refresh after forget = %v", err)
			}
			if _, err := s.Member(ctx, "UA"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("refresh brought a forgotten member back: %v", err)
			}
		})
		t.Run("ComingBackStartsAfresh", func(t *testing.T) {
			if err := s.SaveMember(ctx, profile("Alex")); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("save of someone forgotten at their request = %v", err)
			}
			if err := s.OptIn(ctx, "UA"); err != nil { // their own consent
				t.Fatal(err)
			}
			if err := s.SaveMember(ctx, profile("Alex")); err != nil {
				t.Fatal(err)
			}
			got, err := s.Member(ctx, "UA")
			if err != nil || got.IsCoordinator() || got.OptedOut {
				t.Errorf("member = %+v, %v", got, err)
			}
		})
	})
}

func TestFirstSight(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var firsts int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				first, err := s.FirstSight(ctx, "Ev1")
				if err != nil {
					t.Error(err)
				}
				if first {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if firsts != 1 {
			t.Errorf("event seen first %d times, want 1", firsts)
		}
		clock.Advance(48 * time.Hour)
		if n, err := s.ForgetEventsBefore(ctx, clock.Now().Add(-24*time.Hour)); err != nil || n != 1 {
			t.Errorf("forget = %d, %v", n, err)
		}
	})
}

func TestOneOpenRequestPerPair(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var ok, conflicts int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, _ := models.NewRequest("UA", "UB", "coffee?", clock.Now())
				err := s.CreateOneToOne(ctx, o)
				mu.Lock()
				defer mu.Unlock()
				switch models.ErrorCode(err) {
				case "":
					ok++
				case models.ECONFLICT:
					conflicts++
				default:
					t.Errorf("create: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 || conflicts != 5 {
			t.Fatalf("created %d, conflicts %d; want 1 and 5", ok, conflicts)
		}
		open, err := s.OpenBetween(ctx, "UA", "UB")
		if err != nil || open == nil {
			t.Fatalf("open = %v, %v", open, err)
		}
		if none, err := s.OpenBetween(ctx, "UB", "UA"); err != nil || none != nil {
			t.Errorf("reverse open = %v, %v", none, err)
		}
		// Once closed, a new request for the pair is fine.
		if _, err := s.UpdateOneToOne(ctx, open.ID, func(o *models.OneToOne) error { return o.Decline("UB", "", clock.Now()) }); err != nil {
			t.Fatal(err)
		}
		again, _ := models.NewRequest("UA", "UB", "", clock.Now())
		if err := s.CreateOneToOne(ctx, again); err != nil {
			t.Errorf("request after decline: %v", err)
		}
	})
}

func TestUpdateOneToOneOnceUnderRace(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, _ := models.NewRequest("UA", "UB", "", clock.Now())
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		at := t0.Add(72 * time.Hour)
		var wins int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, err := s.UpdateOneToOne(ctx, o.ID, func(o *models.OneToOne) error {
					if i%2 == 0 {
						return o.Decline("UB", "", clock.Now())
					}
					return o.Cancel("UA", "", clock.Now())
				})
				if err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if c := models.ErrorCode(err); c != models.ECONFLICT {
					t.Errorf("update: %v", err)
				}
			}(i)
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d updates won, want exactly 1", wins)
		}
		got, _ := s.OneToOne(ctx, o.ID)
		if got.Version != 1 || got.IsOpen() {
			t.Errorf("after race: %+v", got)
		}
		if _, err := s.UpdateOneToOne(ctx, o.ID, func(o *models.OneToOne) error { return o.Schedule(at, time.Hour, "", clock.Now()) }); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("schedule closed = %v", err)
		}
	})
}

func TestTimesRoundTripInUTC(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 3, 29, 0, 30, 0, 123456789, time.FixedZone("X", 5*3600)))
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, _ := models.NewRequest("UA", "UB", "", clock.Now())
		at := time.Date(2026, 3, 29, 3, 30, 0, 0, time.FixedZone("Y", -7*3600))
		if err := o.Schedule(at, time.Hour, "", clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, err := s.OneToOne(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The instant survives (a store writing the -07:00 wall time into a
		// zone-less column would be 7 h off). Its zone is not checked:
		// Postgres reads come back in time.Local, UTC only where the
		// process runs in UTC.
		if !got.ScheduledAt.Equal(at) {
			t.Errorf("scheduled_at = %v, want %v", got.ScheduledAt, at.UTC())
		}
		if want := clock.Now().UTC().Truncate(time.Microsecond); !got.CreatedAt.Equal(want) {
			t.Errorf("created_at = %v, want %v (the injected clock)", got.CreatedAt, want)
		}
	})
}

func TestReflectionPrivacy(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, _ := models.NewLogged("UA", "UB", nil, t0.Add(-time.Hour), clock.Now())
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		r := &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"cares": "her kids' school"}, Engagement: 3}
		got, err := s.SaveReflection(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.StatusReflected {
			t.Errorf("status = %s", got.Status)
		}
		// Saving again replaces the answers.
		r.Answers["cares"] = "her kids' school and the rent"
		if _, err := s.SaveReflection(ctx, r); err != nil {
			t.Fatalf("second save: %v", err)
		}
		for _, tt := range []struct {
			name   string
			viewer *models.Member
			code   string
		}{
			{"AuthorOK", &models.Member{ID: "UA"}, ""},
			{"CoordinatorOK", &models.Member{ID: "UC", Role: models.RoleCoordinator}, ""},
			{"ErrAdminNotNamed", &models.Member{ID: "UD", IsAdmin: true}, models.EUNAUTHORIZED},
			{"ErrSubjectCoordinator", &models.Member{ID: "UB", Role: models.RoleCoordinator, IsAdmin: true}, models.EUNAUTHORIZED},
			{"ErrInvitee", &models.Member{ID: "UB"}, models.EUNAUTHORIZED},
			{"ErrStranger", &models.Member{ID: "UE"}, models.EUNAUTHORIZED},
			{"ErrNobody", nil, models.EUNAUTHORIZED},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Reflection(ctx, o.ID, "UA", tt.viewer)
				if c := models.ErrorCode(err); c != tt.code {
					t.Fatalf("code = %q, want %q", c, tt.code)
				}
				if err == nil && got.Answers["cares"] != "her kids' school and the rent" {
					t.Errorf("answers = %v", got.Answers)
				}
				if err != nil && got != nil {
					t.Errorf("refused read returned a reflection")
				}
			})
		}
		// Someone who wasn't there cannot reflect on this one-to-one.
		_, err = s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UE", Answers: map[string]string{"common": "x"}})
		if models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("reflect by a stranger = %v", err)
		}
		// Nothing worth saving is refused, on the first question.
		_, err = s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"common": "  "}})
		var fe *models.FieldError
		if !errors.As(err, &fe) || fe.Field != "relationship" {
			t.Errorf("empty reflection = %v", err)
		}
		_, err = s.SaveReflection(ctx, &models.Reflection{OneToOneID: o.ID, AuthorID: "UA", Answers: map[string]string{"felt": strings.Repeat("a", models.MaxAnswerLen+1)}})
		if !errors.As(err, &fe) || fe.Field != "felt" {
			t.Errorf("too long = %v", err)
		}
	})
}

func TestFindOrCreatePerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		a, err := s.FindOrCreatePerson(ctx, "UA", ` "Maria   Lopez" `)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.FindOrCreatePerson(ctx, "UA", "Maria Lopez")
		if err != nil || a.ID != b.ID || b.Name != "Maria Lopez" {
			t.Errorf("second = %+v, %v; first %+v", b, err, a)
		}
		if _, err := s.FindOrCreatePerson(ctx, "UA", `""`); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("empty name = %v", err)
		}
	})
}

func TestOpenUnreachableHidesPassword(t *testing.T) {
	_, err := models.Open(context.Background(), "postgres://bob:hunter2@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", models.Options{Now: time.Now})
	if err == nil {
		t.Fatal("open of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(models.ErrorMessage(err), "127.0.0.1:1") {
		t.Errorf("error = %v / %q", err, models.ErrorMessage(err))
	}
	if models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Errorf("code = %s", models.ErrorCode(err))
	}
}
