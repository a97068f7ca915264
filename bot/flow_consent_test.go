package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
)

// Opting out is absolute: nothing the person did not ask for reaches them,
// on any path, and whoever meant to reach them is told kindly.

// digestChannel is where the consent flows' harness posts the digest.
const digestChannel = "CDIGEST"

// eachConsentHarness is eachHarness with a digest channel, whose joins the
// bot watches.
func eachConsentHarness(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		fn(t, newHarnessWith(t, s, clock, func(c *bot.Config) { c.Defaults.DigestChannel = digestChannel }))
	})
}

// runJob runs one scheduler job at at, with the bot's notifier, at any
// hour of the day, and returns once its sends are done.
func (h *harness) runJob(job string, at time.Time) {
	h.t.Helper()
	h.clock.Set(at)
	s := scheduler.New(scheduler.Config{
		Store: h.store, Notifier: bot.NewNotifier(h.bot), Now: h.clock.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Hours: scheduler.AllDay,
	})
	if err := s.RunJob(h.ctx, job, at); err != nil {
		h.t.Fatalf("run %s: %v", job, err)
	}
}

// settle waits for the work the bot does after its acks, and stops it: for
// a test's last look at what did not happen.
func (h *harness) settle() {
	h.t.Helper()
	ctx, stop := context.WithTimeout(h.ctx, 10*time.Second)
	defer stop()
	if err := h.bot.Shutdown(ctx); err != nil {
		h.t.Fatal(err)
	}
}

// optedOut has sam opt out and checks the reply.
func (h *harness) optedOut(want string) {
	h.t.Helper()
	if got := h.command(sam, "optout"); !strings.Contains(got, want) {
		h.t.Fatalf("optout = %q, want it to say %q", got, want)
	}
}

// TestOptOutClosesWaitingRequest: a request waiting on Sam's answer closes
// when Sam opts out, Alex hears why, and the gentle reminder offered for a
// pending request reaches nobody.
func TestOptOutClosesWaitingRequest(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		h.clock.Advance(3 * 24 * time.Hour)
		if got := h.command(alex, "<@USAM> again?"); !strings.Contains(got, "already asked") {
			t.Fatalf("second request = %q", got)
		}
		h.optedOut("I closed the request that was waiting for your answer")
		note := h.waitDM(alex, "so I've closed your request")
		if note.ThreadTS == "" {
			t.Errorf("the note is not in the thread of Alex's request")
		}
		if o := h.waitStatus(models.StatusDeclined); o.ClosedBy != sam {
			t.Errorf("closed as %+v", o)
		}
		sams := len(h.fake.DMs(sam))
		h.click(alex, "Send a gentle reminder")
		h.waitEphemeral(alex, "so I didn't send one")
		if n := len(h.fake.DMs(sam)); n != sams {
			t.Errorf("Sam got %d messages after opting out", n-sams)
		}
	})
}

// TestRemindThemNeverReachesOptedOut: a request left open to someone who
// opted out (before opt-outs closed requests) gets its two-week nudge to
// the organizer, whose Remind them reaches nobody; the nudge itself does
// not reach Sam either.
func TestRemindThemNeverReachesOptedOut(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		if err := h.store.SetOptedOut(context.Background(), sam, true); err != nil {
			t.Fatal(err)
		}
		sams := len(h.fake.DMs(sam))
		h.runJob("nudges", t0.Add(scheduler.DefaultNudgeAfter))
		h.waitDM(alex, "hasn't picked a time")
		h.click(alex, "Remind them")
		h.waitEphemeral(alex, "so I didn't send one")
		if n := len(h.fake.DMs(sam)); n != sams {
			t.Errorf("Sam got %d messages after opting out", n-sams)
		}
	})
}

// TestScheduledMessagesNeverReachOptedOut: a meeting already agreed stays
// on, but its reminders and prompts go only to whoever has not opted out;
// a cancellation is not passed on, and the canceller hears why.
func TestScheduledMessagesNeverReachOptedOut(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		at := h.scheduled()
		h.optedOut("won't send you")
		if o := h.only(); o.Status != models.StatusScheduled {
			t.Fatalf("the agreed meeting is %s", o.Status)
		}
		sams := len(h.fake.DMs(sam))
		h.runJob("reminders", at.Add(-scheduler.DefaultReminderBefore))
		h.waitDM(alex, "Reminder: your one-to-one")
		if n := len(h.fake.DMs(sam)); n != sams {
			t.Errorf("Sam got %d scheduled messages after opting out", n-sams)
		}

		// Alex opts out too: the prompt to reflect on the meeting Alex
		// asked for does not come either.
		if got := h.command(alex, "optout"); !strings.Contains(got, "won't send you") {
			t.Fatalf("optout = %q", got)
		}
		alexes := len(h.fake.DMs(alex))
		h.runJob("reflections", at.Add(time.Hour+scheduler.DefaultReflectionDelay+time.Minute))
		if n := len(h.fake.DMs(alex)); n != alexes {
			t.Errorf("Alex got %d scheduled messages after opting out", n-alexes)
		}
		var sent int64
		h.store.DB().Model(&models.Delivery{}).Where("state = ? AND kind NOT IN ?", models.DeliverySent, models.ActionKinds).Count(&sent)
		if sent != 1 {
			t.Errorf("%d scheduled deliveries sent, want Alex's reminder only", sent)
		}

		// Sam cancels: the click is answered, though Sam opted out, and
		// says why Alex was not told.
		h.click(sam, "Cancel")
		h.waitModal(sam, "cancel")
		h.submit(sam, nil)
		h.waitStatus(models.StatusCancelled)
		h.waitDM(sam, "so I didn't pass this on")
		if n := len(h.fake.DMs(alex)); n != alexes {
			t.Errorf("Alex, opted out, got %d messages when Sam cancelled", n-alexes)
		}
	})
}

// TestForgottenStayForgotten: after `forget`, only the Slack id and the day
// are kept, and they hold: no request, by command or modal, reaches or
// stores Sam again, until Sam opts in.
func TestForgottenStayForgotten(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.command(sam, "goal 2")
		if got := h.command(robin, "forget <@USAM>"); !strings.Contains(got, "only their Slack id and today's date") {
			t.Errorf("forget confirmation = %q", got)
		}
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "I kept only their Slack id and today's date")
		var sup models.Suppression
		if err := h.store.DB().First(&sup, "user_id = ?", sam).Error; err != nil || !sup.Since.Equal(t0.Truncate(24*time.Hour)) {
			t.Errorf("suppression = %+v, %v", sup, err)
		}

		if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "asked not to receive") {
			t.Errorf("request to a forgotten person = %q", got)
		}
		h.command(alex, "")
		h.waitModal(alex, "request")
		errs := h.submit(alex, map[string]string{"Who would you like to meet?": sam})
		if !strings.Contains(errs["who"], "asked not to receive") || strings.Contains(errs["who"], "<@") {
			t.Errorf("modal request to a forgotten person: errors = %v", errs)
		}
		if _, err := h.store.Member(ctx, sam); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("naming Sam stored Sam again: %v", err)
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("Sam got %d messages", n)
		}

		// Sam opts in, of their own accord: requests reach them again.
		if got := h.command(sam, "optin"); !strings.Contains(got, "Welcome back") {
			t.Fatalf("optin = %q", got)
		}
		if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "Invitation sent") {
			t.Errorf("request after optin = %q", got)
		}
		h.waitDM(sam, "would like to have a one-to-one")
		if n := len(h.oneToOnes()); n != 1 {
			t.Errorf("%d one-to-ones, want the one asked after Sam opted in", n)
		}
	})
}

// TestNewcomerEventsStoreNoForgotten: the newcomer events alone, after a
// forget, store nothing and message nobody; an opted-out newcomer keeps
// their choice.
func TestNewcomerEventsStoreNoForgotten(t *testing.T) {
	eachConsentHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.command(sam, "goal 2")
		h.command(robin, "forget <@USAM>")
		h.click(robin, "Forget them")
		h.waitEphemeral(robin, "deleted everything")
		h.optedOutAlex()
		h.fake.SendEvent(h.ctx, "EvSamJoins", map[string]any{"type": "member_joined_channel", "user": sam, "channel": digestChannel})
		h.fake.SendEvent(h.ctx, "EvSamBack", map[string]any{"type": "team_join", "user": map[string]any{"id": sam, "name": "sam", "real_name": "Sam Okafor"}})
		h.fake.SendEvent(h.ctx, "EvAlexJoins", map[string]any{"type": "member_joined_channel", "user": alex, "channel": digestChannel})
		h.settle()
		if _, err := h.store.Member(ctx, sam); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("a newcomer event stored the forgotten Sam: %v", err)
		}
		if err := h.store.MayContact(ctx, sam); !errors.Is(err, models.ErrNoContact) {
			t.Errorf("Sam contactable after the events: %v", err)
		}
		if m, err := h.store.Member(ctx, alex); err != nil || !m.OptedOut || m.JoinedAt == nil {
			t.Errorf("Alex after joining = %+v, %v", m, err)
		}
		for _, u := range []string{sam, alex} {
			if n := len(h.fake.DMs(u)); n != 0 {
				t.Errorf("%s got %d messages", u, n)
			}
		}
	})
}

// optedOutAlex has alex opt out.
func (h *harness) optedOutAlex() {
	h.t.Helper()
	if got := h.command(alex, "optout"); !strings.Contains(got, "won't send you") {
		h.t.Fatalf("optout = %q", got)
	}
}

// TestOptedOutCannotAskQuietly: someone who opted out is told why a request
// of theirs would be a trap, and how to hear from the bot again.
func TestOptedOutCannotAskQuietly(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.optedOutAlex()
		if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "optin") {
			t.Errorf("request from an opted-out person = %q", got)
		}
		if n := len(h.oneToOnes()); n != 0 {
			t.Errorf("stored %d one-to-ones", n)
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("Sam got %d messages", n)
		}
	})
}

// TestOptOutWithdrawsOwnRequests: a request Alex sent that still waits for
// Sam's answer closes when Alex opts out, since the answer could no longer
// reach Alex; Sam's invitation says so in place, and no reminder about it
// reaches Sam later.
func TestOptOutWithdrawsOwnRequests(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.requested()
		sams := len(h.fake.DMs(sam))
		if got := h.command(alex, "optout"); !strings.Contains(got, "I also closed the request you sent") {
			t.Fatalf("optout = %q", got)
		}
		if o := h.waitStatus(models.StatusCancelled); o.ClosedBy != alex {
			t.Errorf("closed as %+v", o)
		}
		invite := h.waitDM(sam, "asked me not to send them messages")
		if hasButton(invite, "Pick a time") || hasButton(invite, "Not now") {
			t.Errorf("the invitation still offers its buttons: %s", blocksJSON(invite.Blocks))
		}

		h.runJob("nudges", t0.Add(scheduler.DefaultNudgeAfter))
		h.settle()
		if n := len(h.fake.DMs(sam)); n != sams {
			t.Errorf("Sam got %d new messages about a request that closed", n-sams)
		}
		var nudges int64
		h.store.DB().Model(&models.Delivery{}).Where("kind = ?", models.KindNudgeInvitee).Count(&nudges)
		if nudges != 0 {
			t.Errorf("%d invitee nudges queued for a closed request", nudges)
		}
	})
}

// TestViewsPromiseOnlyWhatConsentAllows: once Alex opts out, the time Alex
// moves promises Alex no reminder, and Sam's Cancel asks for no word that
// could never reach Alex.
func TestViewsPromiseOnlyWhatConsentAllows(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		h.optedOutAlex()

		h.click(alex, "Reschedule")
		h.waitModal(alex, "schedule")
		later := t0.Add(72 * time.Hour).Truncate(time.Minute)
		if errs := h.submit(alex, map[string]string{"When": fmt.Sprint(later.Unix())}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		moved := blocksJSON(h.waitDM(alex, "has moved to").Blocks)
		if !strings.Contains(moved, "I won't remind you") || strings.Contains(moved, "I'll remind you") {
			t.Errorf("the moved meeting promises Alex a reminder: %s", moved)
		}
		h.waitDM(sam, "has moved to")

		h.click(sam, "Cancel")
		v := blocksJSON(h.waitModal(sam, "cancel").Blocks)
		if !strings.Contains(v, "can't pass this on") || strings.Contains(v, "let them know, kindly") || strings.Contains(v, "Anything you'd like them to know?") {
			t.Errorf("the cancel modal promises to pass a word on: %s", v)
		}
		h.submit(sam, nil)
		if o := h.waitStatus(models.StatusCancelled); o.ClosedBy != sam {
			t.Errorf("closed as %+v", o)
		}
	})
}
