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
