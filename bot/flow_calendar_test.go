package bot_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// calendarFiles are the .ics files uploaded into user's DM, oldest first.
func (h *harness) calendarFiles(user string) []slacktest.File {
	dms := h.fake.DMs(user)
	if len(dms) == 0 {
		return nil
	}
	var out []slacktest.File
	for _, f := range h.fake.Files() {
		if f.Channel == dms[0].Channel && strings.HasSuffix(f.Filename, ".ics") {
			out = append(out, f)
		}
	}
	return out
}

// otherFiles are the uploaded files that are not calendar files: the
// exports, in tests about who may get one.
func (h *harness) otherFiles() []slacktest.File {
	var out []slacktest.File
	for _, f := range h.fake.Files() {
		if !strings.HasSuffix(f.Filename, ".ics") {
			out = append(out, f)
		}
	}
	return out
}

// waitCalendarFiles waits until user's DM holds n calendar files.
func (h *harness) waitCalendarFiles(user string, n int) []slacktest.File {
	h.t.Helper()
	if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.calendarFiles(user)) >= n }); err != nil {
		h.t.Fatalf("%s has %d calendar files, want %d", user, len(h.calendarFiles(user)), n)
	}
	return h.calendarFiles(user)
}

// icsField reads one property of an .ics file, unfolded.
func icsField(t *testing.T, content, name string) string {
	t.Helper()
	unfolded := strings.ReplaceAll(content, "\r\n ", "")
	for _, l := range strings.Split(unfolded, "\r\n") {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return v
		}
	}
	t.Errorf("no %s in %q", name, content)
	return ""
}

// calendarLinks are the URLs of the calendar buttons of m, by button text.
func calendarLinks(m slacktest.Message) map[string]*url.URL {
	out := map[string]*url.URL{}
	for _, b := range m.Blocks.BlockSet {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.URL != "" {
				u, _ := url.Parse(btn.URL)
				out[btn.Text.Text] = u
			}
		}
	}
	return out
}

// TestCalendarFollowsTheMeeting: once a time is set, both people's DMs
// offer Google Calendar and Outlook links and carry an .ics file; moving
// the meeting sends each a newer file for the same entry, and cancelling
// it a cancellation, each exactly once. No file or link carries the
// invitation's or the cancellation's words.
func TestCalendarFollowsTheMeeting(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		o := h.only()
		uid := fmt.Sprintf("one-to-one-%d@%s", o.ID, slacktest.TeamID)
		for _, u := range []string{alex, sam} {
			m := h.waitDM(u, "Your one-to-one with")
			links := calendarLinks(m)
			g, ms := links["Add to Google Calendar"], links["Add to Outlook"]
			if g == nil || ms == nil {
				t.Fatalf("%s's DM lacks the calendar buttons: %s", u, blocksJSON(m.Blocks))
			}
			wantDates := at.UTC().Format("20060102T150405Z") + "/" + at.Add(time.Hour).UTC().Format("20060102T150405Z")
			if q := g.Query(); q.Get("dates") != wantDates || q.Get("location") != "Café <Luna> & co" || !strings.HasPrefix(q.Get("text"), "One-to-one with ") {
				t.Errorf("%s's Google link: %v", u, q)
			}
			if q := ms.Query(); q.Get("startdt") != at.UTC().Format(time.RFC3339) || q.Get("enddt") != at.Add(time.Hour).UTC().Format(time.RFC3339) {
				t.Errorf("%s's Outlook link: %v", u, q)
			}
			f := h.waitCalendarFiles(u, 1)[0]
			for name, want := range map[string]string{"METHOD": "PUBLISH", "UID": uid, "DTSTART": at.UTC().Format("20060102T150405Z"), "STATUS": "CONFIRMED"} {
				if got := icsField(t, f.Content, name); got != want {
					t.Errorf("%s's file: %s = %q, want %q", u, name, got, want)
				}
			}
			if strings.Contains(f.Content, "coffee?") {
				t.Errorf("%s's file carries the invitation's words", u)
			}
			if f.InitialComment == "" {
				t.Errorf("%s's file comes without a word", u)
			}
		}
		seq := func(u string, i int) string { return icsField(t, h.calendarFiles(u)[i].Content, "SEQUENCE") }
		first := seq(sam, 0)

		// Alex moves it: both get a newer file for the same entry.
		h.click(alex, "Reschedule")
		h.waitModal(alex, "schedule")
		later := t0.Add(72 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(later.Unix())}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		for _, u := range []string{alex, sam} {
			moved := h.waitDM(u, "has moved to")
			if g := calendarLinks(moved)["Add to Google Calendar"]; g == nil || !strings.HasPrefix(g.Query().Get("dates"), later.UTC().Format("20060102T150405Z")) {
				t.Errorf("%s's moved DM links the old time: %v", u, g)
			}
			f := h.waitCalendarFiles(u, 2)[1]
			if icsField(t, f.Content, "UID") != uid || icsField(t, f.Content, "DTSTART") != later.UTC().Format("20060102T150405Z") {
				t.Errorf("%s's second file: %q", u, f.Content)
			}
		}
		if !(atoi(t, seq(sam, 1)) > atoi(t, first)) {
			t.Errorf("SEQUENCE went from %s to %s on a reschedule, want it higher", first, seq(sam, 1))
		}

		// Sam cancels: both get the cancellation.
		h.click(sam, "Cancel")
		h.waitModal(sam, "cancel")
		h.submit(sam, map[string]string{"Anything you'd like them to know?": "Sick, sorry"})
		h.waitStatus(models.StatusCancelled)
		for _, u := range []string{alex, sam} {
			f := h.waitCalendarFiles(u, 3)[2]
			if icsField(t, f.Content, "METHOD") != "CANCEL" || icsField(t, f.Content, "UID") != uid || icsField(t, f.Content, "STATUS") != "CANCELLED" {
				t.Errorf("%s's cancellation: %q", u, f.Content)
			}
			if strings.Contains(f.Content, "Sick") {
				t.Errorf("%s's cancellation carries the reason", u)
			}
		}
		if !(atoi(t, seq(alex, 2)) > atoi(t, seq(alex, 1))) {
			t.Errorf("SEQUENCE %s on cancel after %s, want it higher", seq(alex, 2), seq(alex, 1))
		}

		// Exactly once: the outbox job, run after the grace, finds
		// nothing left to send.
		h.waitSettled(h.only())
		h.runJob("outbox", h.clock.Now().Add(models.OutboxGrace+time.Minute))
		h.settle()
		for _, u := range []string{alex, sam} {
			if n := len(h.calendarFiles(u)); n != 3 {
				t.Errorf("%s got %d calendar files, want 3 (set, moved, cancelled)", u, n)
			}
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Errorf("not a number: %q", s)
	}
	return n
}

// TestLateCalendarFileCarriesWhatStands: a calendar file whose change was
// overtaken (the process died before sending it, and the meeting changed
// since) is still sent, with the meeting as it now stands: never an old
// time.
func TestLateCalendarFileCarriesWhatStands(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		h.waitCalendarFiles(sam, 1)
		h.waitSettled(h.only())
		o := h.only()
		old := o
		old.Version--
		d := models.Note{Kind: models.KindCalendar, To: sam, By: sam}.Delivery(&old, h.clock.Now())
		d.State = models.DeliveryPending
		if err := h.store.DB().Create(&d).Error; err != nil {
			t.Fatal(err)
		}
		h.runJob("outbox", h.clock.Now().Add(models.OutboxGrace))
		files := h.waitCalendarFiles(sam, 2)
		late := files[1].Content
		if got := icsField(t, late, "SEQUENCE"); got != fmt.Sprint(o.Version) {
			t.Errorf("the late file's SEQUENCE = %s, want the meeting's version %d", got, o.Version)
		}
		if got := icsField(t, late, "DTSTART"); got != at.UTC().Format("20060102T150405Z") {
			t.Errorf("the late file's DTSTART = %s", got)
		}
		for _, l := range calendarLinks(h.waitDM(sam, "Your one-to-one with")) {
			if strings.Contains(l.String(), "coffee") {
				t.Errorf("a calendar link carries the invitation's words: %s", l)
			}
		}
	})
}
