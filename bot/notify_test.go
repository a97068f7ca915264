package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
)

// notifyEnv is a notifier on a real store and the fake Slack, with pacing
// short enough for tests.
type notifyEnv struct {
	t     *testing.T
	ctx   context.Context
	fake  *slacktest.Server
	store *models.Store
	clock *storetest.Clock
	bot   *Bot
	n     *Notifier
}

// notifyNow is a Wednesday noon in UTC.
var notifyNow = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

var fastPacing = Pacing{Message: time.Millisecond, Channel: time.Millisecond, Open: time.Millisecond, Lookup: time.Millisecond}

func newNotifyEnv(t *testing.T) *notifyEnv {
	t.Helper()
	clock := storetest.NewClock(notifyNow)
	store := storetest.MustSQLite(t, clock.Now)
	fake := slacktest.New(slacktest.Options{})
	t.Cleanup(fake.Close)
	for _, u := range []slack.User{{ID: "UALEX", TZ: "America/New_York"}, {ID: "USAM", TZ: "Europe/Paris"}, {ID: "UGONE", Deleted: true}} {
		fake.AddUser(u)
	}
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(fake.URL()))
	b := New(Config{Store: store, Slack: api, Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Pacing: fastPacing})
	b.UseOutbox(scheduler.New(scheduler.Config{Store: store, Notifier: NewNotifier(b), Now: clock.Now, Log: b.log, Hours: scheduler.AllDay}))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return &notifyEnv{t: t, ctx: ctx, fake: fake, store: store, clock: clock, bot: b, n: NewNotifier(b)}
}

// request stores a request from requester to invitee, made at the clock's
// time, with its invitation posted as the bot would.
func (e *notifyEnv) request(requester, invitee models.UserID) *models.OneToOne {
	e.t.Helper()
	o, err := models.NewRequest(requester, invitee, "coffee?", e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.CreateOneToOne(e.ctx, o, invitation(o), requesterCopy(o)); err != nil {
		e.t.Fatal(err)
	}
	if err := e.bot.deliverRequest(e.ctx, o); err != nil {
		e.t.Fatal(err)
	}
	got, err := e.store.OneToOne(e.ctx, o.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func (e *notifyEnv) change(o *models.OneToOne, fn func(o *models.OneToOne) error) *models.OneToOne {
	e.t.Helper()
	got, err := e.store.UpdateOneToOne(e.ctx, o.ID, fn)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func notifyDelivery(kind string, o *models.OneToOne, to models.UserID, window string) models.Delivery {
	return models.Delivery{Kind: kind, Subject: models.AboutOneToOne(o.ID), Recipient: string(to), Window: window}
}

// lastDM is the newest message in the bot's DM with user.
func (e *notifyEnv) lastDM(user string) slacktest.Message {
	e.t.Helper()
	dms := e.fake.DMs(user)
	if len(dms) == 0 {
		e.t.Fatalf("no DM to %s", user)
	}
	return dms[len(dms)-1]
}

func TestNotifierSendsEachKind(t *testing.T) {
	e := newNotifyEnv(t)
	at := notifyNow.Add(3 * time.Hour)
	meeting := e.change(e.request("UALEX", "USAM"), func(o *models.OneToOne) error { return o.Schedule(at, time.Hour, "Café Lune", notifyNow) })
	request := e.request("USAM", "UALEX")
	window := models.WindowAt(at)

	tests := []struct {
		name string
		d    models.Delivery
		to   string
		want string
	}{
		{"ReminderOK", notifyDelivery(models.KindReminder, meeting, "UALEX", window), "UALEX", "Reminder: your one-to-one with <@USAM>"},
		{"ReminderInviteeOK", notifyDelivery(models.KindReminderInvitee, meeting, "USAM", window), "USAM", "Reminder: you're meeting <@UALEX>"},
		{"ReflectionPromptOK", notifyDelivery(models.KindReflectionPrompt, meeting, "UALEX", window), "UALEX", "How did your one-to-one with <@USAM> go?"},
		{"ReflectionReminderOK", notifyDelivery(models.KindReflectionReminder, meeting, "UALEX", window), "UALEX", "A gentle reminder to reflect"},
		{"NudgeRequesterOK", notifyDelivery(models.KindNudgeRequester, request, "USAM", models.WindowAt(request.RequestedAt)), "USAM", "<@UALEX> hasn't picked a time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.n.Send(e.ctx, tt.d); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if got := e.lastDM(tt.to); !strings.Contains(got.Text, tt.want) {
				t.Errorf("DM to %s = %q, want it to contain %q", tt.to, got.Text, tt.want)
			}
		})
	}

	t.Run("NudgeInviteeInTheInvitationThreadOK", func(t *testing.T) {
		if err := e.n.Send(e.ctx, notifyDelivery(models.KindNudgeInvitee, request, "UALEX", models.WindowAt(request.RequestedAt))); err != nil {
			t.Fatal(err)
		}
		got := e.lastDM("UALEX")
		if got.ThreadTS != request.InviteTS || !strings.Contains(got.Text, "would still love to meet") {
			t.Errorf("nudge = %+v; want a reply in the invitation's thread %s", got, request.InviteTS)
		}
		// It counts as today's reminder: "Remind them" won't send another.
		first, err := e.store.RecordOnce(e.ctx, "manual_nudge", models.AboutOneToOne(request.ID), "UALEX", notifyNow.Truncate(nudgeEvery).Format("2006-01-02"))
		if err != nil || first {
			t.Errorf("manual nudge still possible today: %v, %v", first, err)
		}
	})

	t.Run("PreviewSendsNothing", func(t *testing.T) {
		before := len(e.fake.Calls("chat.postMessage"))
		text, err := e.n.Preview(e.ctx, notifyDelivery(models.KindReminder, meeting, "UALEX", window))
		if err != nil || !strings.Contains(text, "Reminder") {
			t.Errorf("Preview = %q, %v", text, err)
		}
		if after := len(e.fake.Calls("chat.postMessage")); after != before {
			t.Errorf("Preview posted %d messages", after-before)
		}
	})
}

func TestNotifierSkipsWhatNoLongerMakesSense(t *testing.T) {
	e := newNotifyEnv(t)
	at := notifyNow.Add(3 * time.Hour)
	meeting := e.change(e.request("UALEX", "USAM"), func(o *models.OneToOne) error { return o.Schedule(at, time.Hour, "", notifyNow) })
	window := models.WindowAt(at)
	request := e.request("USAM", "UALEX")
	cancelled := e.change(e.request("UALEX", "UOTHER"), func(o *models.OneToOne) error { return o.Cancel("UALEX", "", notifyNow) })
	gone := e.request("UALEX", "UGONE")
	if err := e.store.SaveMember(e.ctx, &models.Member{ID: "UGONE", Deleted: true, ProfileFetchedAt: notifyNow}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		d    models.Delivery
		prep func()
	}{
		{"SkipMovedMeeting", notifyDelivery(models.KindReminder, meeting, "UALEX", models.WindowAt(at.Add(-24*time.Hour))), nil},
		{"SkipWrongRecipient", notifyDelivery(models.KindReminder, meeting, "USAM", window), nil},
		{"SkipReminderAfterStart", notifyDelivery(models.KindReminderInvitee, meeting, "USAM", window), func() { e.clock.Set(at) }},
		{"SkipNudgeOfScheduled", notifyDelivery(models.KindNudgeRequester, meeting, "UALEX", models.WindowAt(meeting.RequestedAt)), nil},
		{"SkipPromptOfCancelled", notifyDelivery(models.KindReflectionPrompt, cancelled, "UALEX", window), nil},
		{"SkipExpiredStillOpen", notifyDelivery(models.KindExpired, request, "USAM", models.WindowAt(request.RequestedAt)), nil},
		{"SkipDeactivated", notifyDelivery(models.KindNudgeInvitee, gone, "UGONE", models.WindowAt(gone.RequestedAt)), nil},
		{"SkipOptedOut", notifyDelivery(models.KindNudgeInvitee, request, "UALEX", models.WindowAt(request.RequestedAt)), func() {
			e.store.SaveMember(e.ctx, &models.Member{ID: "UALEX", ProfileFetchedAt: notifyNow})
			e.store.SetOptedOut(e.ctx, "UALEX", true)
		}},
		{"SkipUninstalled", notifyDelivery(models.KindNudgeRequester, request, "USAM", models.WindowAt(request.RequestedAt)), func() {
			e.store.SaveMember(e.ctx, &models.Member{ID: "USAM", TeamID: "T1", ProfileFetchedAt: notifyNow})
			e.store.MarkUninstalled(e.ctx, "T1", notifyNow)
		}},
		{"SkipNotAOneToOne", models.Delivery{Kind: models.KindReminder, Subject: models.AboutChannel("digest"), Recipient: "UALEX"}, nil},
		{"SkipUnknownKind", notifyDelivery("carrier_pigeon", meeting, "UALEX", window), nil},
		{"SkipOptedOutMeetingReminder", notifyDelivery(models.KindReminderInvitee, meeting, "USAM", window), func() {
			e.clock.Set(notifyNow)
			e.store.SaveMember(e.ctx, &models.Member{ID: "USAM", ProfileFetchedAt: notifyNow})
			e.store.OptOut(e.ctx, "USAM")
		}},
		{"SkipForgottenMeetingReminder", notifyDelivery(models.KindReminder, meeting, "UALEX", window), func() {
			// What a forget keeps of someone, should a meeting of theirs
			// outlive it.
			e.store.DB().Create(&models.Suppression{UserID: "UALEX", Since: notifyNow})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.prep != nil {
				tt.prep()
			}
			before := len(e.fake.Calls("chat.postMessage"))
			err := e.n.Send(e.ctx, tt.d)
			if !errors.Is(err, models.ErrSkip) {
				t.Errorf("Send = %v, want a skip", err)
			}
			if after := len(e.fake.Calls("chat.postMessage")); after != before {
				t.Errorf("a skipped delivery posted %d messages", after-before)
			}
		})
	}
}

func TestNotifierFollowUp(t *testing.T) {
	e := newNotifyEnv(t)
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	o, _ := models.NewLogged("UALEX", "USAM", nil, notifyNow.Add(-48*time.Hour), notifyNow)
	r := &models.Reflection{AuthorID: "UALEX", Answers: map[string]string{"ask": "Come to the housing meeting", "cares": "rent"}, FollowUpOn: &day}
	if err := e.store.LogOneToOne(e.ctx, o, "", r); err != nil {
		t.Fatal(err)
	}
	t.Run("OKRecallsTheAsk", func(t *testing.T) {
		if err := e.n.Send(e.ctx, notifyDelivery(models.KindFollowUp, o, "UALEX", models.WindowDay(day))); err != nil {
			t.Fatal(err)
		}
		got := e.lastDM("UALEX")
		body := blocksText(got.Blocks)
		if !strings.Contains(body, "Come to the housing meeting") || strings.Contains(got.Text, "housing") || strings.Contains(body, "rent") {
			t.Errorf("follow-up = %q / %q; want the ask in the blocks only, and nothing else from the reflection", got.Text, body)
		}
	})
	t.Run("SkipOnlyTheAuthorGetsIt", func(t *testing.T) {
		if err := e.n.Send(e.ctx, notifyDelivery(models.KindFollowUp, o, "USAM", models.WindowDay(day))); !errors.Is(err, models.ErrSkip) {
			t.Errorf("follow-up to the other person = %v, want a skip", err)
		}
		if len(e.fake.DMs("USAM")) != 0 {
			t.Error("the other person got a DM")
		}
	})
	t.Run("SkipDateChanged", func(t *testing.T) {
		if err := e.n.Send(e.ctx, notifyDelivery(models.KindFollowUp, o, "UALEX", models.WindowDay(day.AddDate(0, 0, -1)))); !errors.Is(err, models.ErrSkip) {
			t.Errorf("follow-up for an old date = %v, want a skip", err)
		}
	})
}

func TestNotifierExpiredRetiresButtons(t *testing.T) {
	e := newNotifyEnv(t)
	o := e.request("UALEX", "USAM")
	o = e.change(o, func(o *models.OneToOne) error { return o.Expire(notifyNow) })
	if err := e.n.Send(e.ctx, notifyDelivery(models.KindExpired, o, "UALEX", models.WindowAt(o.RequestedAt))); err != nil {
		t.Fatal(err)
	}
	if got := e.lastDM("UALEX"); !strings.Contains(got.Text, "has closed") {
		t.Errorf("expiry note = %q", got.Text)
	}
	for _, m := range e.fake.DMs("USAM") {
		if m.TS == o.InviteTS && (!m.Updated || strings.Contains(blocksText(m.Blocks), "Pick a time")) {
			t.Errorf("the invitation still offers its buttons: %+v", m)
		}
	}
}

// TestNotifierExpiredRetiresButtonsWithoutNote: the expiry note is not
// the requester's to get, because they opted out after asking (the
// scheduler withholds it) or left Slack (Send skips it); the person asked
// still sees the invitation closed instead of buttons for a closed request.
func TestNotifierExpiredRetiresButtonsWithoutNote(t *testing.T) {
	for _, tc := range []struct {
		name      string
		requester models.UserID
		withhold  func(e *notifyEnv, d models.Delivery) error
	}{
		{"OptedOutWithheld", "UALEX", func(e *notifyEnv, d models.Delivery) error {
			if _, err := e.bot.member(e.ctx, "UALEX"); err != nil {
				return err
			}
			if _, err := e.store.OptOut(e.ctx, "UALEX"); err != nil {
				return err
			}
			e.n.Withheld(e.ctx, d)
			return nil
		}},
		{"DeactivatedSkipped", "UGONE", func(e *notifyEnv, d models.Delivery) error {
			if _, err := e.bot.member(e.ctx, "UGONE"); err != nil {
				return err
			}
			if err := e.n.Send(e.ctx, d); !errors.Is(err, models.ErrSkip) {
				return fmt.Errorf("expiry note to someone deactivated = %v, want a skip", err)
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newNotifyEnv(t)
			o := e.request(tc.requester, "USAM")
			o = e.change(o, func(o *models.OneToOne) error { return o.Expire(notifyNow) })
			before := len(e.fake.DMs(string(tc.requester)))
			if err := tc.withhold(e, notifyDelivery(models.KindExpired, o, tc.requester, models.WindowAt(o.RequestedAt))); err != nil {
				t.Fatal(err)
			}
			if got := len(e.fake.DMs(string(tc.requester))); got != before {
				t.Errorf("the requester got %d new messages", got-before)
			}
			invitation := false
			for _, m := range e.fake.DMs("USAM") {
				if m.TS == o.InviteTS {
					invitation = true
					if !m.Updated || strings.Contains(blocksText(m.Blocks), "Pick a time") {
						t.Errorf("the invitation still offers its buttons: %+v", m)
					}
				}
			}
			if !invitation {
				t.Fatal("the invitation is not in the DM")
			}
		})
	}
}

func TestNotifierSlackErrors(t *testing.T) {
	tests := []struct {
		name, fail  string
		skip, maybe bool
	}{
		{"SkipWhenSlackSaysGone", "account_inactive", true, false},
		{"RetryWhenSlackFails", "internal_error", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newNotifyEnv(t)
			o := e.request("UALEX", "USAM")
			e.fake.FailNext("chat.postMessage", tt.fail)
			err := e.n.Send(e.ctx, notifyDelivery(models.KindNudgeRequester, o, "UALEX", models.WindowAt(o.RequestedAt)))
			if err == nil || errors.Is(err, models.ErrSkip) != tt.skip || errors.Is(err, models.ErrMaybeSent) != tt.maybe {
				t.Errorf("Send = %v; want skip %v, maybe sent %v", err, tt.skip, tt.maybe)
			}
		})
	}
	t.Run("MaybeSentWhenCutMidCall", func(t *testing.T) {
		e := newNotifyEnv(t)
		o := e.request("UALEX", "USAM")
		// A known profile: the only Slack call left is the post itself.
		e.store.SaveMember(e.ctx, &models.Member{ID: "UALEX", TZ: "America/New_York", ProfileFetchedAt: notifyNow})
		ctx, cancel := context.WithCancel(e.ctx)
		e.bot.inflight.Wait() // the request's Home refresh reads b.slack
		e.n.b.slack = slack.New(slacktest.BotToken, slack.OptionAPIURL(e.fake.URL()), slack.OptionHTTPClient(cancelling{cancel}))
		err := e.n.Send(ctx, notifyDelivery(models.KindNudgeRequester, o, "UALEX", models.WindowAt(o.RequestedAt)))
		if !errors.Is(err, models.ErrMaybeSent) {
			t.Errorf("Send cut mid-call = %v, want ErrMaybeSent", err)
		}
	})
}

// cancelling is an HTTP client that cuts off every chat.postMessage: it
// cancels the send's context and fails, as a shutdown mid-request would.
// Other calls (the bot's own background work) go through.
type cancelling struct{ cancel context.CancelFunc }

func (c cancelling) Do(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
		return http.DefaultClient.Do(r)
	}
	c.cancel()
	return nil, context.Canceled
}

// TestNotifierWaitsOutRateLimits sends five messages to one person as fast
// as the pacing allows, with Slack's per-channel pacing on: the ones Slack
// refuses with 429 wait Retry-After and go through, each exactly once.
func TestNotifierWaitsOutRateLimits(t *testing.T) {
	e := newNotifyEnv(t)
	e.fake.SetChannelPacing(true)
	before := len(e.fake.DMs("UALEX"))
	for i := range 5 {
		m := &outgoing{to: "UALEX", text: "message " + strconv.Itoa(i), blocks: []slack.Block{section("message " + strconv.Itoa(i))}}
		if _, err := e.n.post(e.ctx, m); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	var texts []string
	for _, m := range e.fake.DMs("UALEX")[before:] {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, ",") != "message 0,message 1,message 2,message 3,message 4" {
		t.Errorf("delivered %q; want each message once, in order", texts)
	}
	limited := 0
	for _, c := range e.fake.Calls("chat.postMessage") {
		if c.Error == "ratelimited" {
			limited++
		}
	}
	if limited == 0 {
		t.Error("Slack never said 429: the test did not exercise the retry")
	}
}

func blocksText(bs slack.Blocks) string {
	var b strings.Builder
	for _, bl := range bs.BlockSet {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			if bl.Text != nil {
				b.WriteString(bl.Text.Text + "\n")
			}
		case *slack.ActionBlock:
			for _, el := range bl.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					b.WriteString("[" + btn.Text.Text + "]\n")
				}
			}
		}
	}
	return b.String()
}
