package bot_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

func TestHelp(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, text := range []string{"help", "dance with me"} {
			got := h.command(alex, text)
			for _, want := range []string{"/one-to-one @person", "list", "log"} {
				if !strings.Contains(got, want) {
					t.Errorf("%q answered %q, missing %q", text, got, want)
				}
			}
		}
		if got := h.command(alex, "dance <!channel>"); !strings.Contains(got, "&lt;!channel&gt;") {
			t.Errorf("unknown text not escaped: %q", got)
		}
	})
}

func TestRequest(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		got := h.command(alex, "<@USAM|sam> I'd love to hear how you got into the tenants' union <!channel>")
		if !strings.Contains(got, "Invitation sent") {
			t.Fatalf("reply = %q", got)
		}
		invite := h.waitDM(sam, "would like to have a one-to-one")
		if !hasButton(invite, "Pick a time") || !hasButton(invite, "Not now") {
			t.Errorf("invite lacks its buttons: %+v", invite.Blocks)
		}
		body := fmt.Sprint(h.fake.Calls("chat.postMessage"))
		if strings.Contains(body, "<!channel>") || !strings.Contains(body, "&lt;!channel&gt;") {
			t.Errorf("the requester's words were not escaped")
		}
		h.waitDM(alex, "I sent your invitation")
		o := h.only()
		if o.Status != models.StatusRequested || o.RequesterID != alex || o.InviteeID != sam {
			t.Errorf("stored %+v", o)
		}
		h.fake.WaitFor(h.ctx, func() bool { return h.only().InviteTS != "" })
	})
}

func TestRequestRefusals(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		long := strings.Repeat("a", models.MaxMessageLen+1)
		for _, tt := range []struct{ name, text, want string }{
			{"ErrSelf", "<@UALEX|alex>", "That's you"},
			{"ErrBot", "<@UBOTTY|otherbot>", "is a bot"},
			{"ErrDeactivated", "<@UGONE|gone>", "deactivated"},
			{"ErrUnknown", "<@UNOBODY|who>", "couldn't find"},
			{"ErrSeveral", "<@USAM|sam> <@UROBIN|robin> hi", "One person at a time"},
			{"ErrUnescaped", "@sam coffee?", "couldn't tell who"},
			{"ErrTooLong", "<@USAM|sam> " + long, "keep it under"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if got := h.command(alex, tt.text); !strings.Contains(got, tt.want) {
					t.Errorf("reply = %q, want it to say %q", got, tt.want)
				}
			})
		}
		if os := h.oneToOnes(); len(os) != 0 {
			t.Errorf("refusals stored %d one-to-ones", len(os))
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("refusals sent %d DMs", n)
		}
	})
}

func TestRequestPendingOffersNudge(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> coffee?")
		h.waitDM(sam, "would like")
		h.clock.Advance(3 * 24 * time.Hour)
		got := h.command(alex, "<@USAM> again?")
		if !strings.Contains(got, "already asked") {
			t.Fatalf("reply = %q", got)
		}
		h.click(alex, "Send a gentle reminder")
		h.waitDM(sam, "gentle reminder")
		h.waitEphemeral(alex, "sent")
		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "already sent them a reminder today")
		if n := len(h.oneToOnes()); n != 1 {
			t.Errorf("%d one-to-ones, want 1", n)
		}
		// Sam asking Alex back is pointed at the open request instead.
		if got := h.command(sam, "<@UALEX>"); !strings.Contains(got, "already asked you") {
			t.Errorf("reverse request reply = %q", got)
		}
	})
}

func TestRequestRaceStoresOne(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		const tries = 5
		before := len(h.fake.Ephemerals(alex))
		var wg sync.WaitGroup
		for range tries {
			wg.Go(func() {
				if _, err := h.fake.SlashCommand(h.ctx, alex, "<@USAM> coffee?"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// Each command answers Alex once, after any invitation it sent:
		// once all have answered, every invitation there is has landed.
		answered := func() bool { return len(h.fake.Ephemerals(alex)) >= before+tries }
		if err := h.fake.WaitFor(h.ctx, answered); err != nil {
			t.Fatalf("%d of %d commands answered", len(h.fake.Ephemerals(alex))-before, tries)
		}
		h.only()
		if n := len(h.fake.DMs(sam)); n != 1 {
			t.Errorf("Sam got %d invitations, want 1", n)
		}
	})
}

func TestRequestModal(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "")
		v := h.waitModal(alex, "request")
		if !strings.Contains(blocksJSON(v.Blocks), "coffee") {
			t.Errorf("invitation not prefilled from the guide")
		}
		errs := h.submit(alex, map[string]string{"Who would you like to meet?": alex})
		if !strings.Contains(errs["who"], "That's you") {
			t.Fatalf("self in modal: errors = %v", errs)
		}
		h.waitModal(alex, "request") // still open: nothing typed is lost
		errs = h.submit(alex, map[string]string{"Who would you like to meet?": sam, "Times that work for you": "Tuesday evening"})
		if len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		invite := h.waitDM(sam, "would like to have a one-to-one")
		if !strings.Contains(blocksJSON(invite.Blocks), "Tuesday evening") {
			t.Errorf("suggested times missing from the invite")
		}
		h.only()
	})
}

func TestNotNow(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> coffee?")
		invite := h.waitDM(sam, "would like")
		h.click(sam, "Not now")
		h.waitModal(sam, "decline")
		if errs := h.submit(sam, map[string]string{"Anything you'd like them to know?": "Busy until spring <@UALEX>"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitStatus(models.StatusDeclined)
		note := h.waitDM(alex, "That's okay")
		if !strings.Contains(blocksJSON(note.Blocks), "Busy until spring &lt;@UALEX&gt;") {
			t.Errorf("reason missing or not escaped: %s", blocksJSON(note.Blocks))
		}
		// The invitation lost its buttons; a stale copy says it's closed.
		h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == invite.TS {
					return !hasButton(m, "Pick a time")
				}
			}
			return false
		})
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, invite, "Pick a time"); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "no longer open")
		if _, ok := h.fake.OpenView(sam); ok {
			t.Errorf("a stale button opened a modal")
		}
	})
}

func TestCancelRequest(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> coffee?")
		copy := h.waitDM(alex, "I sent your invitation")
		h.click(alex, "Cancel request")
		h.waitModal(alex, "cancel")
		h.submit(alex, nil)
		h.waitStatus(models.StatusCancelled)
		h.waitDM(sam, "cancelled")
		// A double click lands on the copy still on screen.
		if _, err := h.fake.ClickButtonIn(h.ctx, alex, copy, "Cancel request"); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(alex, "no longer open")
		if o := h.only(); o.Status != models.StatusCancelled || o.ClosedBy != alex {
			t.Errorf("after double click: %+v", o)
		}
	})
}
