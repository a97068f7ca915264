package bot_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
)

// sentNote is what the outbox says of one message that followed a change.
type sentNote struct{ Kind, To, By, State string }

func (h *harness) outbox(o models.OneToOne) []sentNote {
	h.t.Helper()
	ds, err := h.store.Deliveries(context.Background(), models.AboutOneToOne(o.ID))
	if err != nil {
		h.t.Fatal(err)
	}
	var out []sentNote
	for _, d := range ds {
		if models.FollowsAction(d.Kind) {
			out = append(out, sentNote{d.Kind, d.Recipient, d.Actor, d.State})
		}
	}
	return out
}

// waitSettled waits until nothing about o waits in the outbox.
func (h *harness) waitSettled(o models.OneToOne) []sentNote {
	h.t.Helper()
	var got []sentNote
	err := h.fake.WaitFor(h.ctx, func() bool {
		got = h.outbox(o)
		for _, n := range got {
			if n.State == models.DeliveryPending || n.State == models.DeliveryClaimed {
				return false
			}
		}
		return true
	})
	if err != nil {
		h.t.Fatalf("the outbox never settled: %+v", got)
	}
	return got
}

// TestMessagesFollowThroughTheOutbox: every message that follows what
// someone did (the invitation and the organizer's copy, both confirmations,
// the move, the cancellation) is stored with the change and sent from the
// outbox, once, by whoever acted.
func TestMessagesFollowThroughTheOutbox(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		h.click(alex, "Reschedule")
		h.waitModal(alex, "schedule")
		if errs := h.submit(alex, map[string]string{"When": strconv.FormatInt(t0.Add(72*time.Hour).Unix(), 10)}); len(errs) != 0 {
			t.Fatalf("reschedule errors = %v", errs)
		}
		h.waitDM(sam, "has moved to")
		h.waitDM(alex, "has moved to")
		h.click(sam, "Cancel")
		h.waitModal(sam, "cancel")
		h.submit(sam, map[string]string{"Anything you'd like them to know?": "Sick, sorry"})
		h.waitDM(alex, "cancelled your one-to-one")
		want := []sentNote{
			{models.KindInvitation, sam, alex, models.DeliverySent},
			{models.KindRequestCopy, alex, alex, models.DeliverySent},
			{models.KindScheduled, sam, sam, models.DeliverySent},
			{models.KindScheduled, alex, sam, models.DeliverySent},
			{models.KindCalendar, sam, sam, models.DeliverySent},
			{models.KindCalendar, alex, sam, models.DeliverySent},
			{models.KindRescheduled, sam, alex, models.DeliverySent},
			{models.KindRescheduled, alex, alex, models.DeliverySent},
			{models.KindCalendar, sam, alex, models.DeliverySent},
			{models.KindCalendar, alex, alex, models.DeliverySent},
			{models.KindCancelled, alex, sam, models.DeliverySent},
			{models.KindCalendar, sam, sam, models.DeliverySent},
			{models.KindCalendar, alex, sam, models.DeliverySent},
		}
		if diff := cmp.Diff(want, h.waitSettled(h.only())); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}

		// Robin asks Sam, who says not now: Robin hears it from the outbox.
		h.command(robin, "<@USAM> walk and talk?")
		h.waitDM(sam, "<@UROBIN> would like to have a one-to-one")
		h.click(sam, "Not now")
		h.waitModal(sam, "decline")
		h.submit(sam, nil)
		h.waitDM(robin, "That's okay")
		var asked models.OneToOne
		for _, o := range h.oneToOnes() {
			if o.RequesterID == robin {
				asked = o
			}
		}
		want = []sentNote{
			{models.KindInvitation, sam, robin, models.DeliverySent},
			{models.KindRequestCopy, robin, robin, models.DeliverySent},
			{models.KindDeclined, robin, sam, models.DeliverySent},
		}
		if diff := cmp.Diff(want, h.waitSettled(asked)); diff != "" {
			t.Errorf("outbox of the declined request (-want +got):\n%s", diff)
		}
	})
}

// TestScheduleSubmittedTwice: the same scheduling form delivered twice (a
// redelivery, or two replicas) is one schedule: each person hears once that
// it is set, and nobody that it "has moved" to the same time.
func TestScheduleSubmittedTwice(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		first := h.only()
		ack, err := h.fake.ResubmitView(h.ctx, sam)
		if err != nil {
			t.Fatal(err)
		}
		if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
			t.Errorf("the second submission was answered %s; want the modal closed, as after the first", ack.Payload)
		}
		h.settle()
		for _, u := range []string{alex, sam} {
			if n := h.dmsContaining(u, "Your one-to-one with"); n != 1 {
				t.Errorf("%s was told %d times of the time", u, n)
			}
			if n := h.dmsContaining(u, "has moved"); n != 0 {
				t.Errorf("%s was told %d times the meeting moved", u, n)
			}
		}
		if o := h.only(); o.Version != first.Version {
			t.Errorf("version %d after the second submission, want %d: nothing changed", o.Version, first.Version)
		}
	})
}

// TestOutboxRecoversAfterCrash: a request whose invitation and copy were
// stored but never sent (the process died right after the change) is not
// left hanging: the outbox job sends both, with working buttons, and
// records where they went, so the next change retires them.
func TestOutboxRecoversAfterCrash(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		o, err := models.NewRequest(alex, sam, "coffee?", t0)
		if err != nil {
			t.Fatal(err)
		}
		notes := []models.Note{{Kind: models.KindInvitation, To: sam, By: alex}, {Kind: models.KindRequestCopy, To: alex, By: alex}}
		if err := h.store.CreateOneToOne(context.Background(), o, notes...); err != nil {
			t.Fatal(err)
		}
		// Alex's retry is refused: the request is there.
		if got := h.command(alex, "<@USAM> coffee?"); got == "" {
			t.Errorf("the retry was not answered")
		}
		h.runJob("outbox", t0.Add(models.OutboxGrace))
		invite := h.waitDM(sam, "would like to have a one-to-one")
		h.waitDM(alex, "I sent your invitation")
		if got := h.only(); got.InviteTS != invite.TS || got.RequesterTS == "" {
			t.Errorf("message refs after recovery: invite %q (posted %q), requester %q", got.InviteTS, invite.TS, got.RequesterTS)
		}
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
		if errs := h.submit(sam, map[string]string{"When": strconv.FormatInt(t0.Add(48*time.Hour).Unix(), 10)}); len(errs) != 0 {
			t.Fatalf("schedule errors = %v", errs)
		}
		h.waitDM(alex, "Your one-to-one with")
		h.waitDM(sam, "Your one-to-one with")
		if err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == invite.TS {
					return m.Updated
				}
			}
			return false
		}); err != nil {
			t.Errorf("the recovered invitation's buttons were never retired")
		}
	})
}
