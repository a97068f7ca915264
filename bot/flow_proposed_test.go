package bot_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// proposedLabels are the request form's time pickers, by label.
var proposedLabels = []string{"A time you could meet (1 of 3)", "A time you could meet (2 of 3)", "A time you could meet (3 of 3)"}

// proposeThree has alex ask sam through the form, proposing three times,
// and returns them with sam's invitation.
func (h *harness) proposeThree() ([]time.Time, slacktest.Message) {
	h.t.Helper()
	h.command(alex, "")
	h.waitModal(alex, "request")
	times := []time.Time{t0.Add(50 * time.Hour), t0.Add(26 * time.Hour), t0.Add(74 * time.Hour)}
	values := map[string]string{"Who would you like to meet?": sam}
	for i, at := range times {
		values[proposedLabels[i]] = fmt.Sprint(at.Unix())
	}
	if errs := h.submit(alex, values); len(errs) != 0 {
		h.t.Fatalf("errors = %v", errs)
	}
	invite := h.waitDM(sam, "would like to have a one-to-one")
	h.fake.WaitFor(h.ctx, func() bool { return h.only().InviteTS != "" })
	return times, invite
}

// TestProposedTimes: a request proposing three times shows them to the
// invitee as buttons in their own timezone, earliest first, with Another
// time and Not now; one click sets the meeting, and both people are told,
// with their calendar offers. Two clicks at once (or two replicas) set it
// once.
func TestProposedTimes(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		// A time already passed keeps the form open with the error
		// beside the first picker, and stores nothing.
		h.command(alex, "")
		h.waitModal(alex, "request")
		errs := h.submit(alex, map[string]string{"Who would you like to meet?": sam, proposedLabels[1]: fmt.Sprint(t0.Add(-time.Hour).Unix())})
		if !strings.Contains(errs["proposed_1"], "already passed") {
			t.Fatalf("a past time: errors = %v", errs)
		}
		if n := len(h.oneToOnes()); n != 0 {
			t.Fatalf("a refused form stored %d one-to-ones", n)
		}
		if _, err := h.fake.CloseView(h.ctx, alex); err != nil {
			t.Fatal(err)
		}

		times, invite := h.proposeThree()
		paris, _ := time.LoadLocation("Europe/Paris")
		for _, at := range times {
			if label := catalog.DateTime(catalog.English, at.In(paris)); !hasButton(invite, label) {
				t.Errorf("the invitation lacks %q, in Sam's timezone: %s", label, blocksJSON(invite.Blocks))
			}
		}
		js := blocksJSON(invite.Blocks)
		if a, b := strings.Index(js, catalog.DateTime(catalog.English, times[1].In(paris))), strings.Index(js, catalog.DateTime(catalog.English, times[0].In(paris))); a > b {
			t.Error("the proposed times are not earliest first")
		}
		if !hasButton(invite, "Another time") || !hasButton(invite, "Not now") {
			t.Errorf("the invitation lacks Another time / Not now")
		}
		if copy := h.waitDM(alex, "I sent your invitation"); !strings.Contains(blocksJSON(copy.Blocks), fmt.Sprintf("<!date^%d^", times[1].Unix())) {
			t.Errorf("the requester's copy does not name the proposed times: %s", blocksJSON(copy.Blocks))
		}

		// Sam clicks the middle time, twice at once.
		pick := catalog.DateTime(catalog.English, times[0].In(paris))
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := h.fake.ClickButtonIn(h.ctx, sam, invite, pick); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		o := h.waitStatus(models.StatusScheduled)
		if !o.ScheduledAt.Equal(times[0]) || o.DurationMin != int(models.DefaultDuration/time.Minute) {
			t.Errorf("scheduled %v for %d minutes", o.ScheduledAt, o.DurationMin)
		}
		for _, u := range []string{alex, sam} {
			m := h.waitDM(u, "Your one-to-one with")
			if !hasButton(m, "Add to Google Calendar") || !hasButton(m, "Add to Outlook") {
				t.Errorf("%s's confirmation lacks the calendar buttons", u)
			}
			h.waitCalendarFiles(u, 1)
		}
		h.waitSettled(o)
		h.settle()
		for _, u := range []string{alex, sam} {
			if n := h.dmsContaining(u, "Your one-to-one with"); n != 1 {
				t.Errorf("%s was told %d times", u, n)
			}
			if n := len(h.calendarFiles(u)); n != 1 {
				t.Errorf("%s got %d calendar files", u, n)
			}
		}
		if got := h.only(); got.Version != o.Version {
			t.Errorf("version %d after the second click, want %d", got.Version, o.Version)
		}
	})
}

// TestProposedTimePassed: a proposed time that has passed is no longer
// taken: clicking it tells the invitee kindly and changes nothing, while
// a time still ahead works.
func TestProposedTimePassed(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		times, invite := h.proposeThree()
		paris, _ := time.LoadLocation("Europe/Paris")
		h.clock.Set(times[1].Add(time.Minute)) // the earliest has passed
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, invite, catalog.DateTime(catalog.English, times[1].In(paris))); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "already passed")
		if o := h.only(); o.Status != models.StatusRequested {
			t.Fatalf("a passed time was taken: %s", o.Status)
		}
		// The invitation is redrawn: the passed time is no longer offered,
		// the ones ahead still are.
		passed := catalog.DateTime(catalog.English, times[1].In(paris))
		ahead := catalog.DateTime(catalog.English, times[2].In(paris))
		if err := h.fake.WaitFor(h.ctx, func() bool {
			for _, m := range h.fake.DMs(sam) {
				if m.TS == invite.TS && m.Updated {
					raw, _ := json.Marshal(m.Blocks)
					return !strings.Contains(string(raw), passed) && strings.Contains(string(raw), ahead)
				}
			}
			return false
		}); err != nil {
			t.Fatalf("the invitation still offers the passed time: %v", err)
		}
		if _, err := h.fake.ClickButtonIn(h.ctx, sam, invite, catalog.DateTime(catalog.English, times[2].In(paris))); err != nil {
			t.Fatal(err)
		}
		if o := h.waitStatus(models.StatusScheduled); !o.ScheduledAt.Equal(times[2]) {
			t.Errorf("scheduled at %v, want %v", o.ScheduledAt, times[2])
		}
	})
}

// TestProposedTimeOnlyForTheInvitee: the requester cannot take their own
// proposal for the other person.
func TestProposedTimeOnlyForTheInvitee(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		times, invite := h.proposeThree()
		paris, _ := time.LoadLocation("Europe/Paris")
		if _, err := h.fake.ClickButtonIn(h.ctx, alex, invite, catalog.DateTime(catalog.English, times[1].In(paris))); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(alex, "no longer open")
		if o := h.only(); o.Status != models.StatusRequested {
			t.Errorf("status = %s", o.Status)
		}
	})
}
