package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// waitingNotifier is a paced notifier: Ready stands for the wait for a
// rate-limit slot, and looks at what is claimed while it waits.
type waitingNotifier struct {
	*fakeNotifier
	t        *testing.T
	subjects []models.Subject
	readies  int
	refuse   bool // Ready gives up, as when the scheduler is stopped
}

func (n *waitingNotifier) Ready(ctx context.Context) error {
	n.readies++
	for _, sub := range n.subjects {
		ds, err := n.store.Deliveries(ctx, sub)
		if err != nil {
			n.t.Fatal(err)
		}
		for _, d := range ds {
			if d.State == models.DeliveryClaimed {
				n.t.Errorf("%s to %s is claimed while the scheduler waits for a slot", d.Kind, d.Recipient)
			}
		}
	}
	if n.refuse {
		return context.Canceled
	}
	return nil
}

// TestClaimsAfterTheWait: with a paced notifier, nothing is claimed while
// the scheduler waits for a slot, so a process that dies in that wait
// leaves its deliveries pending, not in doubt (an at-most-once nudge in
// doubt is never sent); and a wait given up claims nothing.
func TestClaimsAfterTheWait(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		o := request(t, s, "UA", "UB", t0)
		n := &waitingNotifier{fakeNotifier: newFake(s, clock.Now), t: t, subjects: []models.Subject{models.AboutOneToOne(o.ID)}, refuse: true}
		sch := newScheduler(s, clock, n, nil)
		due := t0.Add(scheduler.DefaultNudgeAfter)

		travel(t, clock, sch, n.fakeNotifier, []step{{due, "nudges", nil}})
		ds := deliveries(t, s, o)
		if n.readies == 0 || len(ds) != 2 {
			t.Fatalf("readies %d, deliveries %+v; want a wait and two queued nudges", n.readies, ds)
		}
		for _, d := range ds {
			if d.State != models.DeliveryPending {
				t.Errorf("%s after a wait given up is %s, want pending", d.Kind, d.State)
			}
		}

		n.refuse, n.readies = false, 0
		travel(t, clock, sch, n.fakeNotifier, []step{{due.Add(time.Minute), "nudges", []string{key("nudge_invitee", "UB", o.ID), key("nudge_requester", "UA", o.ID)}}})
		if n.readies < 2 {
			t.Errorf("readies %d, want one before each claim", n.readies)
		}
	})
}
