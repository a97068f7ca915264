package models_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func TestWeekOf(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string // the Monday
	}{
		{"OKMidweek", time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC), time.UTC, "2026-11-23"},
		{"OKMondayMidnight", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.UTC, "2026-11-30"},
		{"OKSundayLate", time.Date(2026, 11, 29, 23, 59, 0, 0, time.UTC), time.UTC, "2026-11-23"},
		// Monday 03:00 UTC is still Sunday evening in New York...
		{"OKRecipientsOwnCalendarBehind", time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), ny, "2026-11-23"},
		// ...and Sunday 16:00 UTC is already Monday in Tokyo.
		{"OKRecipientsOwnCalendarAhead", time.Date(2026, 11, 29, 16, 0, 0, 0, time.UTC), tokyo, "2026-11-30"},
		// The week New York leaves daylight time (Sunday November 1).
		{"OKAcrossDaylightSaving", time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC), ny, "2026-11-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := models.WeekOf(tt.t, tt.loc)
			if w.Key() != tt.want {
				t.Errorf("week of %v in %s = %s, want %s", tt.t, tt.loc, w.Key(), tt.want)
			}
			if !(!tt.t.Before(w.Start) && tt.t.Before(w.End)) {
				t.Errorf("week [%v, %v) does not hold %v", w.Start, w.End, tt.t)
			}
			if s, e := w.Start.In(tt.loc), w.End.In(tt.loc); s.Weekday() != time.Monday || e.Weekday() != time.Monday || s.Hour() != 0 || e.Hour() != 0 {
				t.Errorf("week [%v, %v) is not Monday midnight to Monday midnight in %s", s, e, tt.loc)
			}
		})
	}
}

// TestUnaskedKindsAreDecided: every kind of message models names says
// whether it counts against the weekly budget, so a new kind cannot slip
// past it unnoticed. The kinds are read from this package's source: each
// constant named Kind....
func TestUnaskedKindsAreDecided(t *testing.T) {
	kinds := kindConstants(t)
	for _, k := range []string{models.KindReminder, models.KindInboxReply, models.KindManualNudge, models.KindExpired} {
		if !slices.Contains(kinds, k) {
			t.Fatalf("the source scan missed %q; found %q", k, kinds)
		}
	}
	for _, k := range kinds {
		_, unasked := models.UnaskedKinds[k]
		_, asked := models.AskedKinds[k]
		if unasked == asked {
			t.Errorf("kind %q is in UnaskedKinds: %v, in AskedKinds: %v; it must be in exactly one", k, unasked, asked)
		}
	}
	for _, k := range []string{models.KindNudgeRequester, models.KindNudgeInvitee, models.KindManualNudge, models.KindReflectionReminder} {
		if !models.Unasked(k) {
			t.Errorf("%s does not count against the weekly budget", k)
		}
	}
	// A meeting's own messages, and news of or answers to what the person
	// did themselves, never wait on the budget.
	for _, k := range []string{models.KindReminder, models.KindReminderInvitee, models.KindReflectionPrompt, models.KindExpired, models.KindInboxReply} {
		if models.Unasked(k) {
			t.Errorf("%s counts against the weekly budget", k)
		}
	}
}

// kindConstants reads the values of the string constants named Kind... in
// this package's source.
func kindConstants(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				v := spec.(*ast.ValueSpec)
				for i, name := range v.Names {
					if !strings.HasPrefix(name.Name, "Kind") || i >= len(v.Values) {
						continue
					}
					lit, ok := v.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: %s is not a plain string; the budget test can't read it", fset.Position(name.Pos()), name.Name)
						continue
					}
					k, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					kinds = append(kinds, k)
				}
			}
		}
	}
	return kinds
}

func TestValidateUnaskedPerWeek(t *testing.T) {
	for n, ok := range map[int]bool{-1: false, 0: true, 3: true, models.MaxUnaskedPerWeek: true, models.MaxUnaskedPerWeek + 1: false} {
		if err := models.ValidateUnaskedPerWeek(n); (err == nil) != ok {
			t.Errorf("ValidateUnaskedPerWeek(%d) = %v, want ok %v", n, err, ok)
		}
	}
	for in, want := range map[string]string{"": "default", " 0 ": "0", "7": "7", "8": "error", "-1": "error", "three": "error", "2.5": "error"} {
		n, err := models.ParseUnaskedPerWeek(in)
		got := "default"
		switch {
		case err != nil:
			got = "error"
			if models.ErrorCode(err) != models.EINVALID || models.ErrorMessage(err) == "" {
				t.Errorf("ParseUnaskedPerWeek(%q) = %v, want a kind EINVALID", in, err)
			}
		case n != nil:
			got = fmt.Sprint(*n)
		}
		if got != want {
			t.Errorf("ParseUnaskedPerWeek(%q) = %s, want %s", in, got, want)
		}
	}
	three, zero := 3, 0
	for _, tt := range []struct {
		st   models.Settings
		want int
	}{{models.Settings{}, models.DefaultUnaskedPerWeek}, {models.Settings{UnaskedPerWeek: &zero}, 0}, {models.Settings{UnaskedPerWeek: &three}, 3}} {
		if got := tt.st.UnaskedLimit(); got != tt.want {
			t.Errorf("UnaskedLimit of %v = %d, want %d", tt.st.UnaskedPerWeek, got, tt.want)
		}
	}
}

// claimFor enqueues a nudge to UA about subject, due at, and claims it as
// worker.
func claimFor(t *testing.T, s *models.Store, subject models.Subject, worker string, at time.Time) *models.Delivery {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, nudge(subject, at)); err != nil {
		t.Fatal(err)
	}
	d, _, err := s.ClaimDue(ctx, at, worker, time.Minute, []string{models.KindNudgeRequester})
	if err != nil || d == nil || d.Subject.Text != subject.Text {
		t.Fatalf("claim %s = %+v, %v", subject, d, err)
	}
	return d
}

func TestSpendUnasked(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		week := models.WeekOf(t0, time.UTC)
		spend := func(d *models.Delivery, worker string, w models.Week, limit int) bool {
			t.Helper()
			ok, err := s.SpendUnasked(ctx, d.ID, worker, w, limit)
			if err != nil {
				t.Fatalf("spend %s: %v", d.Subject, err)
			}
			return ok
		}
		send := func(d *models.Delivery, worker string) {
			t.Helper()
			if err := s.FinishDelivery(ctx, d.ID, worker, models.DeliverySent, "", t0); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("OKThreeAWeek", func(t *testing.T) {
			for i := 1; i <= 3; i++ {
				d := claimFor(t, s, models.AboutOneToOne(models.OneToOneID(i)), "w1", t0)
				if !spend(d, "w1", week, 3) {
					t.Fatalf("nudge %d refused within a budget of 3", i)
				}
				send(d, "w1")
			}
			if n, err := s.UnaskedSpent(ctx, "UA", week); err != nil || n != 3 {
				t.Errorf("spent = %d, %v; want 3", n, err)
			}
		})
		var fourth *models.Delivery
		t.Run("OverBudgetFourth", func(t *testing.T) {
			fourth = claimFor(t, s, models.AboutOneToOne(4), "w1", t0)
			if spend(fourth, "w1", week, 3) {
				t.Fatal("a fourth unasked message in one week was allowed")
			}
			ds, _ := s.Deliveries(ctx, models.AboutOneToOne(4))
			if ds[0].BudgetWeek != "" {
				t.Errorf("a refused delivery spent week %q", ds[0].BudgetWeek)
			}
		})
		t.Run("OKRaisedLimitHonouredAtOnce", func(t *testing.T) {
			if !spend(fourth, "w1", week, 4) {
				t.Fatal("refused under a limit raised to 4")
			}
			// Asking again for the same delivery keeps its one slot.
			if !spend(fourth, "w1", week, 4) {
				t.Fatal("a delivery holding a slot was refused its own slot")
			}
			if n, _ := s.UnaskedSpent(ctx, "UA", week); n != 4 {
				t.Errorf("spent = %d after spending the same delivery twice, want 4", n)
			}
		})
		t.Run("OKSkippedGivesItsSlotBack", func(t *testing.T) {
			if err := s.FinishDelivery(ctx, fourth.ID, "w1", models.DeliverySkipped, "moved on", t0); err != nil {
				t.Fatal(err)
			}
			if n, _ := s.UnaskedSpent(ctx, "UA", week); n != 3 {
				t.Errorf("spent = %d after a skip, want 3", n)
			}
		})
		t.Run("OKNextWeekFresh", func(t *testing.T) {
			next := models.WeekOf(week.End, time.UTC)
			d := claimFor(t, s, models.AboutOneToOne(5), "w1", t0)
			if !spend(d, "w1", next, 3) {
				t.Fatal("refused in a new week")
			}
			if !spend(d, "w1", next, 3) || mustSpent(t, s, "UA", next) != 1 {
				t.Error("the new week's count is not 1")
			}
			send(d, "w1")
		})
		t.Run("OKOthersUntouched", func(t *testing.T) {
			if _, err := s.Enqueue(ctx, models.Delivery{Kind: models.KindNudgeRequester, Subject: models.AboutOneToOne(6), Recipient: "UB", Window: "w", DueAt: t0}); err != nil {
				t.Fatal(err)
			}
			d, _, err := s.ClaimDue(ctx, t0, "w1", time.Minute, []string{models.KindNudgeRequester})
			if err != nil || d == nil || d.Recipient != "UB" {
				t.Fatalf("claim = %+v, %v", d, err)
			}
			if !spend(d, "w1", week, 3) {
				t.Error("UB refused because UA's week is full")
			}
		})
		t.Run("ZeroAllowsNone", func(t *testing.T) {
			d := claimFor(t, s, models.AboutOneToOne(7), "w1", t0)
			if spend(d, "w1", models.WeekOf(t0.AddDate(0, 0, 21), time.UTC), 0) {
				t.Error("a limit of 0 let a message through")
			}
		})
		t.Run("ErrLeaseLost", func(t *testing.T) {
			d := claimFor(t, s, models.AboutOneToOne(8), "w1", t0)
			_, err := s.SpendUnasked(ctx, d.ID, "w2", week, 9)
			if models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("spend by a worker without the claim = %v, want ECONFLICT", err)
			}
		})
	})
}

func mustSpent(t *testing.T, s *models.Store, recipient string, w models.Week) int64 {
	t.Helper()
	n, err := s.UnaskedSpent(context.Background(), recipient, w)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRecordUnasked(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		week := models.WeekOf(t0, time.UTC)
		record := func(subject models.Subject, window string) models.Budgeted {
			t.Helper()
			got, err := s.RecordUnasked(ctx, models.KindManualNudge, subject, "UA", window, week, 3)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := record(models.AboutOneToOne(1), "day1"); got != models.Within {
			t.Fatalf("first reminder = %v, want Within", got)
		}
		if got := record(models.AboutOneToOne(1), "day1"); got != models.AlreadySent {
			t.Errorf("same reminder the same day = %v, want AlreadySent", got)
		}
		// A scheduled nudge and a reminder share one budget.
		d := claimFor(t, s, models.AboutOneToOne(2), "w1", t0)
		if ok, err := s.SpendUnasked(ctx, d.ID, "w1", week, 3); err != nil || !ok {
			t.Fatalf("spend = %v, %v", ok, err)
		}
		if got := record(models.AboutOneToOne(1), "day2"); got != models.Within {
			t.Fatalf("third message of the week = %v, want Within", got)
		}
		if got := record(models.AboutOneToOne(3), "day2"); got != models.OverBudget {
			t.Errorf("fourth message of the week = %v, want OverBudget", got)
		}
		ds, _ := s.Deliveries(ctx, models.AboutOneToOne(3))
		if len(ds) != 0 {
			t.Errorf("an over-budget reminder was recorded: %+v", ds)
		}
		// The automatic nudge's marker (RecordOnce) is no message: it
		// spends nothing, but keeps a click that day from sending.
		if _, err := s.RecordOnce(ctx, models.KindManualNudge, models.AboutOneToOne(4), "UA", "day3"); err != nil {
			t.Fatal(err)
		}
		if n := mustSpent(t, s, "UA", week); n != 3 {
			t.Errorf("spent = %d, want 3", n)
		}
		if got, _ := s.RecordUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(4), "UA", "day3", week, 9); got != models.AlreadySent {
			t.Errorf("a click after the automatic nudge the same day = %v, want AlreadySent", got)
		}
	})
}

// TestReleaseUnasked: a reminder that never left gives back the
// recipient's slot and the day's record, and leaves the others alone.
func TestReleaseUnasked(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		week := models.WeekOf(t0, time.UTC)
		record := func(subject models.Subject, window string) models.Budgeted {
			t.Helper()
			got, err := s.RecordUnasked(ctx, models.KindManualNudge, subject, "UA", window, week, 2)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		record(models.AboutOneToOne(1), "day1")
		record(models.AboutOneToOne(2), "day1")
		if got := record(models.AboutOneToOne(3), "day1"); got != models.OverBudget {
			t.Fatalf("third reminder under a budget of 2 = %v, want OverBudget", got)
		}
		if err := s.ReleaseUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(2), "UA", "day1"); err != nil {
			t.Fatal(err)
		}
		if n := mustSpent(t, s, "UA", week); n != 1 {
			t.Errorf("spent after the release = %d, want 1", n)
		}
		if got := record(models.AboutOneToOne(2), "day1"); got != models.Within {
			t.Errorf("the released reminder tried again = %v, want Within", got)
		}
		if got := record(models.AboutOneToOne(1), "day1"); got != models.AlreadySent {
			t.Errorf("another reminder after the release = %v, want AlreadySent", got)
		}
	})
}

// TestUnaskedLastSlotRace has two replicas, each holding a claim on a
// different message to the same person, reach for that person's last slot
// at the same moment, many times over: exactly one may have it each time.
func TestUnaskedLastSlotRace(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const rounds = 25
		for r := 0; r < rounds; r++ {
			recipient := fmt.Sprintf("UR%d", r)
			week := models.WeekOf(t0, time.UTC)
			var claimed []*models.Delivery
			for i, w := range []string{"w1", "w2", "w3"} {
				if _, err := s.Enqueue(ctx, models.Delivery{Kind: models.KindNudgeInvitee, Subject: models.AboutOneToOne(models.OneToOneID(i)), Recipient: recipient, Window: "w", DueAt: t0}); err != nil {
					t.Fatal(err)
				}
				d, _, err := s.ClaimDue(ctx, t0, w, time.Minute, []string{models.KindNudgeInvitee})
				if err != nil || d == nil {
					t.Fatalf("claim: %+v, %v", d, err)
				}
				claimed = append(claimed, d)
			}
			// Two of three slots are taken: one by a sent message, one by
			// a "Remind them".
			if ok, err := s.SpendUnasked(ctx, claimed[0].ID, "w1", week, 3); err != nil || !ok {
				t.Fatalf("first spend: %v, %v", ok, err)
			}
			if got, err := s.RecordUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(9), recipient, "d", week, 3); err != nil || got != models.Within {
				t.Fatalf("reminder: %v, %v", got, err)
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			start := make(chan struct{})
			won := 0
			for i, w := range []string{"w2", "w3"} {
				d := claimed[i+1]
				wg.Go(func() {
					<-start
					ok, err := s.SpendUnasked(ctx, d.ID, w, week, 3)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					defer mu.Unlock()
					if ok {
						won++
					}
				})
			}
			// And a third party clicks "Remind them" at the same moment.
			wg.Go(func() {
				<-start
				got, err := s.RecordUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(10), recipient, "d", week, 3)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				if got == models.Within {
					won++
				}
			})
			close(start)
			wg.Wait()
			if won != 1 {
				t.Fatalf("round %d: %d racers took the last slot, want exactly 1", r, won)
			}
			if n := mustSpent(t, s, recipient, week); n != 3 {
				t.Fatalf("round %d: %d slots spent, want 3", r, n)
			}
		}
	})
}
