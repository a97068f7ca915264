package scheduler_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// TestNoContactSkipsWhateverTheNotifier: the scheduler itself asks
// models.MayContact before each send, so someone who opted out, or was
// forgotten at their request, gets no scheduled message even from a
// notifier that knows nothing of consent (this fake); the dry run says so.
func TestNoContactSkipsWhateverTheNotifier(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		s.SaveMember(ctx, &models.Member{ID: "UB", ProfileFetchedAt: t0})
		m := meeting(t, s, "UA", "UB", t0.Add(3*time.Hour), time.Hour)
		if err := s.SetOptedOut(ctx, "UB", true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ForgetMember(ctx, "UC"); err != nil {
			t.Fatal(err)
		}
		// A meeting with UC that raced the forget, and survived it.
		forgotten := meeting(t, s, "UE", "UC", t0.Add(3*time.Hour), time.Hour)

		var out bytes.Buffer
		mustRun(t, newScheduler(s, clock, f, func(c *scheduler.Config) { c.DryRun = &out }), "reminders", t0.Add(time.Hour))
		for _, want := range []string{
			fmt.Sprintf("skip   reminder_invitee to UB about %d: the recipient asked not to be contacted", m.ID),
			fmt.Sprintf("skip   reminder_invitee to UC about %d: the recipient asked not to be contacted", forgotten.ID),
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("dry run lacks %q:\n%s", want, out.String())
			}
		}

		clock.Set(t0.Add(time.Hour))
		mustRun(t, sch, "reminders", clock.Now())
		want := []string{
			key(models.KindReminder, "UA", m.ID),
			key(models.KindReminder, "UE", forgotten.ID),
		}
		if diff := cmp.Diff(want, f.take()); diff != "" {
			t.Errorf("sent (-want +got):\n%s", diff)
		}
		for _, o := range []*models.OneToOne{m, forgotten} {
			for _, d := range deliveries(t, s, o) {
				if d.Kind == models.KindReminderInvitee && d.State != models.DeliverySkipped {
					t.Errorf("%s to %s: %s (%s)", d.Kind, d.Recipient, d.State, d.LastError)
				}
			}
		}
	})
}

// TestNoContactExpiryWithheld: the requester opted out after asking, so
// the note that their request expired is not sent; the notifier is still
// told it was withheld, once, so it can show the person asked that the
// request closed (the bot retires its buttons).
func TestNoContactExpiryWithheld(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		clock.Set(t0)
		f := newFake(s, clock.Now)
		sch := newScheduler(s, clock, f, nil)
		o := request(t, s, "UA", "UB", t0)
		if err := s.SaveMember(ctx, &models.Member{ID: "UA", ProfileFetchedAt: t0}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOptedOut(ctx, "UA", true); err != nil {
			t.Fatal(err)
		}
		due := t0.Add(scheduler.DefaultExpireAfter)
		for _, at := range []time.Time{due, due.Add(time.Hour)} {
			clock.Set(at)
			mustRun(t, sch, "expire", at)
		}
		if got := f.take(); len(got) != 0 {
			t.Errorf("sent %v to someone who opted out", got)
		}
		f.mu.Lock()
		withheld := f.withheld
		f.mu.Unlock()
		if diff := cmp.Diff([]string{key(models.KindExpired, "UA", o.ID)}, withheld); diff != "" {
			t.Errorf("withheld (-want +got):\n%s", diff)
		}
		for _, d := range deliveries(t, s, o) {
			if d.Kind == models.KindExpired && d.State != models.DeliverySkipped {
				t.Errorf("%s to %s: %s (%s)", d.Kind, d.Recipient, d.State, d.LastError)
			}
		}
	})
}
