package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Notifier delivers the scheduler's messages in Slack. It satisfies
// scheduler.Notifier without importing it: for each delivery it checks the
// one-to-one still calls for the message, renders it, and posts it when the
// bot's budget of Slack calls (Config.Pacing) has a slot, waiting out a 429.
// People's own requests spend the same budget without waiting, so the
// scheduled sends give way to them.
//
// It runs on the scheduler's goroutines, never on the ack path: a burst of
// sends may wait here for minutes without slowing the bot's answers.
type Notifier struct {
	b   *Bot
	log *slog.Logger
}

// NewNotifier returns the scheduler's notifier for b, paced by b's budget.
func NewNotifier(b *Bot) *Notifier {
	return &Notifier{b: b, log: b.log}
}

// maxRateRetries bounds how often one call waits out a 429 before the
// delivery is given back to the scheduler to retry later.
const maxRateRetries = 5

// skip marks a delivery that no longer makes sense.
func skip(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), models.ErrSkip)
}

// gone are Slack's answers that mean the person cannot get the message,
// now or later: sending again would not help.
var gone = map[string]bool{
	"channel_not_found": true, "user_not_found": true, "user_not_visible": true, "account_inactive": true,
	"user_disabled": true, "cannot_dm_bot": true, "is_archived": true, "messages_tab_disabled": true,
}

// Location is the recipient's timezone from their stored Slack profile,
// else the timezone of the group they act in.
// A stored profile is used however old: refreshing thousands of stale
// profiles in a burst would spend the users.info budget people's own
// requests need, and profiles refresh whenever people use the bot. Someone
// the database does not hold is looked up, paced, and not stored: a send
// claimed before a `forget` must not bring the person back (peekMember).
func (n *Notifier) Location(ctx context.Context, recipient string) *time.Location {
	id := models.UserID(recipient)
	ctx = n.b.inWorkspaceOf(ctx, id)
	zone := n.b.tz
	if st, err := n.b.groupStore(ctx, id); err == nil {
		zone = n.b.zone(ctx, st)
	}
	m, err := n.b.store.Member(ctx, id)
	switch {
	case err == nil:
		return m.Location(zone)
	case models.ErrorCode(err) != models.ENOTFOUND:
		return zone
	}
	if m, err := n.b.peekMember(ctx, id, n.call); err == nil {
		return m.Location(zone)
	}
	return zone
}

// Send delivers d, or explains why not with the scheduler's sentinels:
// models.ErrSkip when the message no longer makes sense, models.ErrMaybeSent
// when the post failed after it may have reached Slack.
func (n *Notifier) Send(ctx context.Context, d models.Delivery) error {
	ctx = n.b.inWorkspaceOfDelivery(ctx, d)
	if err := n.busy(ctx); err != nil {
		return err
	}
	m, err := n.compose(ctx, d)
	if err != nil {
		if errors.Is(err, models.ErrSkip) {
			n.Withheld(ctx, d)
		}
		return err
	}
	if m.file != nil {
		return n.upload(ctx, m)
	}
	if m.before != nil {
		m.before(ctx)
	}
	ref, err := n.post(ctx, m)
	if err != nil {
		return err
	}
	if m.after != nil {
		m.after(ctx, ref)
	}
	return nil
}

// Preview renders d as Send would, without sending, for run-job
// --dry-run.
func (n *Notifier) Preview(ctx context.Context, d models.Delivery) (string, error) {
	m, err := n.compose(ctx, d)
	if err != nil {
		return "", err
	}
	return m.text, nil
}

// outgoing is one rendered message and where it goes.
type outgoing struct {
	to              models.UserID
	channel, thread string // a thread to reply in; "" for a new DM
	text            string
	blocks          []slack.Block
	// before and after run around a successful post, after with where
	// the message now is; their failures are logged, not retried.
	before func(ctx context.Context)
	after  func(ctx context.Context, ref msgRef)
	// file, when set, is uploaded into the channel instead (text is
	// then only its preview).
	file *outFile
}

// compose checks d still makes sense and renders it, in d's group.
func (n *Notifier) compose(ctx context.Context, d models.Delivery) (*outgoing, error) {
	if d.Kind == models.KindDigest {
		if d.GroupID == 0 {
			return nil, skip("digest %d belongs to no group", d.ID)
		}
		text, blocks, err := n.b.Digest(ctx, d.GroupID, n.b.now())
		if err != nil {
			return nil, err
		}
		return &outgoing{channel: d.Recipient, text: text, blocks: blocks, after: n.digestChart(d.GroupID)}, nil
	}
	if d.Kind == models.KindWelcome {
		return n.composeWelcome(ctx, d)
	}
	if d.Kind == models.KindAssignment {
		return n.composeAssignment(ctx, d)
	}
	id, ok := d.Subject.OneToOne()
	if !ok {
		return nil, skip("subject %q is not a one-to-one", d.Subject)
	}
	// A message about a one-to-one acts in the one-to-one's group.
	st, _, err := n.b.oneToOneStore(ctx, id)
	if errors.Is(err, errStale) {
		return nil, skip("one-to-one %d is gone", id)
	}
	if err != nil {
		return nil, err
	}
	o, err := st.OneToOne(ctx, id)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, skip("one-to-one %d is gone", id)
	}
	if err != nil {
		return nil, err
	}
	to := models.UserID(d.Recipient)
	// A message to the person whose action it follows answers them:
	// consent does not stop it (models.MayContact).
	reach := n.reachable
	if d.Actor == d.Recipient {
		reach = n.deliverable
	}
	if err := reach(ctx, to); err != nil {
		return nil, err
	}
	// Each message is in its recipient's language.
	now, loc, l := n.b.now(), n.Location(ctx, d.Recipient), n.b.langOf(ctx, to)
	m := &outgoing{to: to}
	meetingIs := func(statuses ...models.Status) bool {
		for _, s := range statuses {
			if o.Status == s {
				return o.ScheduledAt != nil && models.WindowAt(*o.ScheduledAt) == d.Window
			}
		}
		return false
	}
	requestIs := func(s models.Status) bool { return o.Status == s && models.WindowAt(o.RequestedAt) == d.Window }
	switch d.Kind {
	case models.KindReminder, models.KindReminderInvitee:
		switch {
		case !meetingIs(models.StatusScheduled):
			return nil, skip("the meeting was moved or is off (%s)", o.Status)
		case !o.ScheduledAt.After(now):
			return nil, skip("the meeting has started")
		case d.Kind == models.KindReminder && to == o.RequesterID:
			m.text, m.blocks = reminderView(l, o, loc)
		case d.Kind == models.KindReminderInvitee && to == o.InviteeID:
			m.text, m.blocks = reminderInviteeView(l, o, loc)
		default:
			return nil, skip("%s is not the one to remind", to)
		}
	case models.KindReflectionPrompt, models.KindReflectionReminder:
		// Either person is asked, each for their own reflection, until
		// they have written it; the other's doesn't count for them.
		if !meetingIs(models.StatusScheduled, models.StatusHeld, models.StatusReflected) || !o.Involves(to) {
			return nil, skip("nothing to reflect on (%s)", o.Status)
		}
		done, err := st.HasReflected(ctx, o.ID, to)
		if err != nil {
			return nil, err
		}
		if done {
			return nil, skip("%s has reflected", to)
		}
		m.text, m.blocks = reflectionPromptView(l, o, to, loc, d.Kind == models.KindReflectionReminder)
	case models.KindNudgeRequester:
		if !requestIs(models.StatusRequested) || to != o.RequesterID {
			return nil, skip("the request moved on (%s)", o.Status)
		}
		m.text, m.blocks = nudgeRequesterView(l, o, loc, n.reachable(ctx, o.InviteeID) == nil)
	case models.KindNudgeInvitee:
		if !requestIs(models.StatusRequested) || to != o.InviteeID {
			return nil, skip("the request moved on (%s)", o.Status)
		}
		m.text, m.blocks = nudgeInviteeAutoView(l, o, loc)
		m.channel, m.thread = o.InviteChannel, o.InviteTS
		m.after = func(ctx context.Context, _ msgRef) { n.countAsTodaysReminder(ctx, o) }
	case models.KindFollowUp:
		return n.composeFollowUp(ctx, d, o, m, l, loc)
	case models.KindRelay:
		return n.composeRelay(d, o, m, l)
	case models.KindExpired:
		if o.Status != models.StatusExpired || to != o.RequesterID {
			return nil, skip("the request is %s", o.Status)
		}
		m.text, m.blocks = expiredView(l, o, loc, n.b.command)
		m.before = func(ctx context.Context) { n.retireButtons(ctx, o) }
	default:
		if !models.FollowsAction(d.Kind) {
			return nil, skip("unknown kind %q", d.Kind)
		}
		if err := n.composeAction(ctx, d, o, m, l, loc); err != nil {
			return nil, err
		}
	}
	if m.channel == "" {
		// The DM where this person already heard about the one-to-one:
		// no conversations.open, which Slack limits to Tier 3
		// (BENCHMARKS.md §4).
		m.channel, _ = o.LiveMessage(to)
	}
	return m, nil
}

// composeFollowUp recalls the ask from the recipient's own reflection; the
// store refuses anyone else.
func (n *Notifier) composeFollowUp(ctx context.Context, d models.Delivery, o *models.OneToOne, m *outgoing, l catalog.Lang, loc *time.Location) (*outgoing, error) {
	r, err := n.b.storeOf(o).Reflection(ctx, o.ID, m.to, &models.Member{ID: m.to})
	switch models.ErrorCode(err) {
	case "":
	case models.ENOTFOUND, models.EUNAUTHORIZED:
		return nil, skip("no reflection of theirs to follow up")
	default:
		return nil, err
	}
	if r.FollowUpOn == nil || models.WindowDay(*r.FollowUpOn) != d.Window {
		return nil, skip("the follow-up date changed")
	}
	m.text, m.blocks = followUpView(l, o, otherOf(l, o, m.to), r.Answers["ask"], r.FollowUpOn.UTC(), dayOf(n.b.now(), loc))
	return m, nil
}

// reachable refuses recipients the bot must not or cannot message: people
// who asked not to be contacted (models.MayContact, whatever the kind), and
// those deliverable refuses.
func (n *Notifier) reachable(ctx context.Context, to models.UserID) error {
	switch err := n.b.store.MayContact(ctx, to); {
	case errors.Is(err, models.ErrNoContact):
		return fmt.Errorf("%s: %w: %w", to, err, models.ErrSkip)
	case err != nil:
		return err
	}
	return n.deliverable(ctx, to)
}

// deliverable refuses recipients the bot cannot message: deactivated
// people, bots, and anyone once the app was uninstalled. Someone the bot
// never saw is tried.
func (n *Notifier) deliverable(ctx context.Context, to models.UserID) error {
	m, err := n.b.store.Member(ctx, to)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return nil
	case err != nil:
		return err
	case m.Deleted || m.IsBot:
		return skip("%s is deactivated or a bot", to)
	}
	if m.TeamID == "" {
		return nil
	}
	uninstalled, err := n.b.store.UninstalledAt(ctx, m.TeamID)
	if err != nil {
		return err
	}
	if uninstalled != nil {
		return skip("the app was uninstalled from %s", m.TeamID)
	}
	return nil
}

// countAsTodaysReminder records the automatic nudge as today's reminder,
// so a "Remind them" click the same day doesn't send a second one.
func (n *Notifier) countAsTodaysReminder(ctx context.Context, o *models.OneToOne) {
	window := n.b.now().Truncate(nudgeEvery).Format("2006-01-02")
	if _, err := n.b.storeOf(o).RecordOnce(ctx, models.KindManualNudge, models.AboutOneToOne(o.ID), string(o.InviteeID), window); err != nil {
		n.log.Warn("could not record the automatic nudge", "one_to_one", o.ID, "err", err)
	}
}

// Withheld does the silent part of a message that will not go, because
// its recipient asked not to be contacted (the scheduler asks) or cannot
// get it (Send skipped it): an expired request is closed all the same, so
// its buttons are retired and the person asked sees it closed rather than
// pick a time for it. Nobody gets a message.
func (n *Notifier) Withheld(ctx context.Context, d models.Delivery) {
	ctx = n.b.inWorkspaceOfDelivery(ctx, d)
	if d.Kind != models.KindExpired {
		return
	}
	id, ok := d.Subject.OneToOne()
	if !ok {
		return
	}
	st, _, err := n.b.oneToOneStore(ctx, id)
	if err != nil {
		return
	}
	o, err := st.OneToOne(ctx, id)
	if err != nil {
		if models.ErrorCode(err) != models.ENOTFOUND {
			n.log.Warn("could not read an expired request", "one_to_one", id, "err", err)
		}
		return
	}
	if o.Status == models.StatusExpired {
		n.retireButtons(ctx, o)
	}
}

// retireButtons replaces the buttons of an expired request's messages with
// what happened, so nobody picks a time for a closed request.
func (n *Notifier) retireButtons(ctx context.Context, o *models.OneToOne) {
	for _, u := range o.People() {
		ch, ts := o.LiveMessage(u)
		if ch == "" || ts == "" {
			continue
		}
		text, blocks := closedView(n.b.langOf(ctx, u), o, u, n.Location(ctx, string(u)))
		err := n.call(ctx, n.b.updateSlots(ch), func(ctx context.Context) error {
			_, _, _, err := n.b.api(ctx).UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
			n.b.metrics.slackCall("chat.update", err)
			return err
		})
		if err != nil {
			n.log.Warn("could not retire an expired request's buttons", "one_to_one", o.ID, "err", err)
		}
	}
}

// Ready waits until the workspace's post budget has room, without taking
// it. The scheduler calls it before claiming a delivery, so the wait for a
// slot comes before the claim and not between the claim and the send: a
// crash during it leaves the delivery pending, where it would otherwise be
// in doubt (and an at-most-once nudge in doubt is never sent).
//
// Serving many workspaces, which one the next delivery is for is not known
// before the claim, so Ready does not wait: Send defers a message whose
// workspace is busy (busy), and the others go on.
func (n *Notifier) Ready(ctx context.Context) error {
	if n.b.manyWorkspaces() {
		return ctx.Err()
	}
	return n.b.pace.free(ctx, slot{key: postKey})
}

// post sends m, paced, and says where it now is. Its error says whether
// the message may have reached Slack: a Slack answer (ok:false, 429) means
// it did not; a broken or cancelled call after the request left means it
// may have.
func (n *Notifier) post(ctx context.Context, m *outgoing) (msgRef, error) {
	ch := m.channel
	if ch == "" {
		var err error
		if ch, err = n.b.dmChannelVia(ctx, m.to, n.call); err != nil {
			if gone[slackErrCode(err)] {
				return msgRef{}, skip("cannot open a DM with %s (%s)", m.to, slackErrCode(err))
			}
			return msgRef{}, err
		}
	}
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false), slack.MsgOptionBlocks(m.blocks...)}
	if m.thread != "" {
		opts = append(opts, slack.MsgOptionTS(m.thread), slack.MsgOptionBroadcast())
	}
	var ts string
	err := n.call(ctx, n.b.postSlots(ch), func(ctx context.Context) (err error) {
		_, ts, err = n.b.api(ctx).PostMessageContext(ctx, ch, opts...)
		n.b.metrics.slackCall("chat.postMessage", err)
		return err
	})
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var waiting *waitError
	switch {
	case err == nil:
		return msgRef{Channel: ch, TS: ts}, nil
	case errors.As(err, &waiting):
		return msgRef{}, err // nothing left this time
	case errors.As(err, &se) && gone[se.Err]:
		return msgRef{}, skip("Slack cannot deliver to %s (%s)", m.to, se.Err)
	case errors.As(err, &se), errors.As(err, &rl):
		return msgRef{}, fmt.Errorf("chat.postMessage: %w", err)
	}
	return msgRef{}, fmt.Errorf("chat.postMessage: %w: %w", models.ErrMaybeSent, err)
}

// call runs one Slack call when its slots are free in the bot's budget. On
// a 429 it keeps every call on those slots back for Retry-After, then tries
// this call again, up to maxRateRetries times; other errors return at once.
// A send someone is waiting on (prompt) takes its slots at once instead,
// as people's own calls do (Bot.patiently).
func (n *Notifier) call(ctx context.Context, slots []slot, fn func(ctx context.Context) error) error {
	if isPrompt(ctx) {
		return n.b.patiently(ctx, slots, fn)
	}
	for try := 0; ; try++ {
		if err := n.b.paceOf(ctx).wait(ctx, slots...); err != nil {
			return &waitError{err}
		}
		err := fn(ctx)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || try == maxRateRetries {
			return err
		}
		wait := max(rl.RetryAfter, time.Second)
		n.b.paceOf(ctx).hold(wait, slots...)
		if err := n.busy(ctx, slots...); err != nil {
			return fmt.Errorf("%w: %w", err, rl) // other workspaces' sends go on meanwhile
		}
		n.log.Warn("slack rate limit: waiting to retry", "method", slots[0].key, "retry_after", wait)
	}
}

// waitError is a call given up while waiting for its slot: it never left
// for Slack.
type waitError struct{ err error }

func (e *waitError) Error() string { return "waiting for a Slack rate-limit slot: " + e.err.Error() }
func (e *waitError) Unwrap() error { return e.err }
