package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/robfig/cron/v3"
)

// How far planning looks around now.
const (
	// reminderLookahead lets a reminder due at night be queued for the
	// evening before.
	reminderLookahead = 24 * time.Hour
	// reflectHorizon: a prompt more than a week late helps nobody.
	reflectHorizon = 7 * 24 * time.Hour
	// reflectAgainAfter is the guide-friendly pause before the one gentle
	// reminder to reflect; reflectAgainHorizon bounds how late it may come.
	reflectAgainAfter   = 48 * time.Hour
	reflectAgainHorizon = 14 * 24 * time.Hour
	// followUpLookahead covers timezones ahead of UTC, whose morning of
	// the follow-up date starts the UTC day before; followUpHorizon bounds
	// how late a follow-up may come.
	followUpLookahead = 24 * time.Hour
	followUpHorizon   = 7 * 24 * time.Hour
	// forgetEventsAfter: Slack keeps an event id unique for at least 10
	// minutes; a day of memory is plenty.
	forgetEventsAfter = 24 * time.Hour
	// meetingsDiffer: the reflection windows end where the shortest
	// meeting would be over; a longer one ends up to this much later.
	meetingsDiffer = models.MaxDuration - models.MinDuration
	pageSize       = 500
)

// table is every job the scheduler runs. Due-work jobs plan their kinds of
// delivery and then deliver whatever of those kinds is due, retries and
// deliveries put off to the morning included.
func (s *Scheduler) table() []Job {
	return []Job{
		{Name: "reminders", About: "remind organizers of a meeting ahead, with coaching tips, and the other person with a note",
			Run: s.dueJob("reminders", s.planReminders, models.KindReminder, models.KindReminderInvitee)},
		{Name: "reflections", About: "ask both people how a meeting went, and once more two days later",
			Run: s.dueJob("reflections", s.planReflections, models.KindReflectionPrompt, models.KindReflectionReminder)},
		{Name: "nudges", About: "nudge both people, once, about a request nobody scheduled",
			Run: s.dueJob("nudges", s.planNudges, models.KindNudgeRequester, models.KindNudgeInvitee)},
		{Name: "follow-ups", About: "recall the ask someone made, on the follow-up day they chose in their reflection",
			Run: s.dueJob("follow-ups", s.planFollowUps, models.KindFollowUp)},
		{Name: "expire", About: "close requests left open too long, with a kind note to the requester",
			Run: s.dueJob("expire", s.expire, models.KindExpired)},
		{Name: "outbox", About: "send the messages that follow what people did, which a crash or a failed send kept from going at once",
			Run: s.dueJob("outbox", leftBehind, models.ActionKinds...)},
		{Name: "welcome", About: "welcome people who joined a group's channel, once each, in their daytime and within their weekly budget",
			Run: s.dueJob("welcome", leftBehind, models.KindWelcome)},
		{Name: "digest", About: "post the weekly digest to the digest channel, once a week", Exclusive: true,
			Run: s.dueJob("digest", s.planDigests, models.KindDigest)},
		{Name: "purge", About: "delete the workspace's data once the retention period after uninstall has passed", Exclusive: true, Run: s.purge},
		{Name: "forget-events", About: "forget Slack event ids older than a day", Cron: "@hourly", Exclusive: true, Run: s.forgetEvents},
	}
}

// pass is one run of a job: its now, the recipients' timezones looked up so
// far, and what it did.
type pass struct {
	s   *Scheduler
	cfg Config // the run's configuration, the group's settings applied
	// store is the store scoped to the group acted for (group), or the
	// scheduler's, unscoped, for the run: planning reads every group's
	// rows at once, and acts on each as its group (in, of).
	store *models.Store
	group models.GroupID
	// active is the configuration of each group whose work is planned,
	// read once per tick (activeAt); views are the passes acting for a
	// group (in), made once per run.
	active map[models.GroupID]groupState
	views  map[models.GroupID]*pass
	job    string
	now    time.Time
	start  time.Time // the clock when the run began
	// locs are the recipients' timezones as the notifier knows them; nil
	// when it does not, and the group's own timezone applies.
	locs map[string]*time.Location
	// planned are deliveries a dry run would have queued, due at now;
	// shared by the run and its groups' passes.
	planned *[]models.Delivery
	counts  map[string]int
	// marked is how far this pass's planning queries looked, kept for the
	// next pass if the job succeeds; sweeps counts whole-window searches.
	marked map[string]mark
	sweeps int
	// unasked is the workspace's weekly budget of unasked messages per
	// person (models.Settings.UnaskedLimit), read at the start of the run.
	unasked int
	// report, when set, hears how each send went (SendNow).
	report func(d models.Delivery, err error)
}

func (s *Scheduler) newPass(job string, now time.Time) *pass {
	return &pass{s: s, cfg: s.cfg, store: s.store, views: map[models.GroupID]*pass{}, job: job, now: now, start: s.now(),
		locs: map[string]*time.Location{}, planned: &[]models.Delivery{}, counts: map[string]int{}, marked: map[string]mark{},
		unasked: models.DefaultUnaskedPerWeek}
}

// clock is the job's now moved on by the time the run has taken, so a
// long drain claims with fresh leases and sees newly due work.
func (p *pass) clock() time.Time { return p.now.Add(p.s.now().Sub(p.start)) }

func (p *pass) loc(ctx context.Context, recipient string) *time.Location {
	loc, ok := p.locs[recipient]
	if !ok {
		loc = p.s.notifier.Location(ctx, recipient)
		p.locs[recipient] = loc
	}
	if loc == nil {
		return p.cfg.Location
	}
	return loc
}

// humane moves t into the recipient's waking hours.
func (p *pass) humane(ctx context.Context, recipient string, t time.Time) time.Time {
	if t.Before(p.now) {
		t = p.now
	}
	return p.cfg.Hours.Next(t, p.loc(ctx, recipient))
}

func (p *pass) count(kind, outcome string) {
	p.counts[outcome]++
	p.s.metrics.delivery(kind, outcome)
}

// queue stores deliveries of the pass's group, or in a dry run says it
// would.
func (p *pass) queue(ctx context.Context, ds ...models.Delivery) error {
	for i := range ds {
		if ds[i].GroupID == 0 {
			ds[i].GroupID = p.group
		}
	}
	if w := p.s.cfg.DryRun; w != nil {
		for _, d := range ds {
			fmt.Fprintf(w, "queue  %s for %s about %s, due %s\n", d.Kind, d.Recipient, d.Subject, d.DueAt.UTC().Format(time.RFC3339))
			if !d.DueAt.After(p.now) {
				*p.planned = append(*p.planned, d)
			}
		}
		return nil
	}
	n, err := p.store.Enqueue(ctx, ds...)
	if n > 0 {
		p.counts["queued"] += n
	}
	return err
}

func delivery(kind string, subject models.OneToOneID, recipient models.UserID, window string, due time.Time) models.Delivery {
	return models.Delivery{Kind: kind, Subject: models.AboutOneToOne(subject), Recipient: string(recipient), Window: window, DueAt: due}
}

// dueJob is a job that plans its kinds of delivery, then delivers them.
func (s *Scheduler) dueJob(name string, plan func(ctx context.Context, p *pass) error, kinds ...string) func(ctx context.Context, now time.Time) error {
	return func(ctx context.Context, now time.Time) error {
		p := s.newPass(name, now)
		// Planning reads every active group's rows at once and acts on
		// each with its own group's settings; a workspace the app was
		// removed from gets no more messages.
		active, err := s.activeAt(ctx, now)
		if err != nil {
			return err
		}
		p.active = active
		if len(active) > 0 {
			err = plan(ctx, p)
			if errors.Is(err, errStopping) {
				return nil
			}
		}
		if err == nil && s.cfg.DryRun == nil {
			s.marks.set(p.marked)
		}
		if p.sweeps > 0 {
			s.log.Debug("planning read its whole window", "job", name)
		}
		err = errors.Join(err, s.deliver(ctx, p, kinds))
		if n, cerr := s.store.CountDue(ctx, p.clock(), kinds); cerr == nil {
			s.metrics.backlog.WithLabelValues(name).Set(float64(n))
		}
		if len(p.counts) > 0 {
			args := []any{"job", name}
			for _, k := range []string{"queued", "expired", "sent", "skipped", "deferred", "retried", "failed"} {
				if n := p.counts[k]; n > 0 {
					args = append(args, k, n)
				}
			}
			s.log.Info("job done", args...)
		}
		return err
	}
}

// byScheduledAt, byRequestedAt and byFollowUp are the page keys of the
// planning queries.
func byScheduledAt(o models.OneToOne, changed bool) (time.Time, int64) {
	if changed {
		return o.UpdatedAt, int64(o.ID)
	}
	return *o.ScheduledAt, int64(o.ID)
}

func byRequestedAt(o models.OneToOne, changed bool) (time.Time, int64) {
	if changed {
		return o.UpdatedAt, int64(o.ID)
	}
	return o.RequestedAt, int64(o.ID)
}

func byFollowUp(r models.Reflection, changed bool) (time.Time, int64) {
	if changed {
		return r.UpdatedAt, r.ID
	}
	return *r.FollowUpOn, r.ID
}

// planReminders queues, for each meeting ahead, the organizer's reminder
// and the other person's note, each at a humane hour of their own.
func (s *Scheduler) planReminders(ctx context.Context, p *pass) error {
	list := func(after, until time.Time, pg models.Page) ([]models.OneToOne, error) {
		return p.store.MeetingsToRemind(ctx, after, until, pg)
	}
	return search(ctx, p, "reminders", p.now, p.now.Add(p.cfg.ReminderBefore+reminderLookahead), 0, list, byScheduledAt, func(o models.OneToOne) error {
		g, ok, err := p.of(ctx, o.GroupID)
		if !ok {
			return err
		}
		start := *o.ScheduledAt
		window := models.WindowAt(start)
		ds := []models.Delivery{delivery(models.KindReminder, o.ID, o.RequesterID, window, g.reminderDue(ctx, o.RequesterID, start))}
		if o.InviteeID != "" {
			ds = append(ds, delivery(models.KindReminderInvitee, o.ID, o.InviteeID, window, g.reminderDue(ctx, o.InviteeID, start)))
		}
		return g.queue(ctx, ds...)
	})
}

// reminderDue is ReminderBefore the meeting, or, when that falls at night
// for the recipient, the evening before. When the evening has passed too it
// is the next morning; if that is after the meeting has started, the
// notifier skips the reminder: no reminder is better than a night ping.
func (p *pass) reminderDue(ctx context.Context, recipient models.UserID, start time.Time) time.Time {
	due := start.Add(-p.cfg.ReminderBefore)
	if due.Before(p.now) {
		due = p.now
	}
	loc, hours := p.loc(ctx, string(recipient)), p.cfg.Hours
	if hours.Contains(due, loc) {
		return due
	}
	if eve := hours.Before(due, loc); !eve.Before(p.now) {
		return eve
	}
	return hours.Next(due, loc)
}

// planReflections queues, for each of the two people of a meeting that
// ended its group's ReflectionDelay ago, the prompt to write their own reflection, and
// the one gentle reminder when their prompt is two days old and they have
// not written it. Each side is its own search, with its own recipient and
// delivery key: one person reflecting stops only their own messages.
func (s *Scheduler) planReflections(ctx context.Context, p *pass) error {
	for _, side := range models.Sides {
		if err := s.planReflectionsOf(ctx, p, side); err != nil {
			return err
		}
	}
	return nil
}

// The window ends where the shortest delay of the active groups puts it;
// a row of a group that waits longer crosses that edge before its time,
// so each pass looks that much further back (lag).
func (s *Scheduler) planReflectionsOf(ctx context.Context, p *pass, side models.Side) error {
	delay, longest := p.span(func(c Config) time.Duration { return c.ReflectionDelay })
	lag := meetingsDiffer + longest - delay
	list := func(from, to time.Time, pg models.Page) ([]models.OneToOne, error) {
		return p.store.MeetingsToReflect(ctx, side, from, to, pg)
	}
	err := search(ctx, p, "reflection-prompts-"+side.String(), p.now.Add(-reflectHorizon), p.now.Add(-delay-models.MinDuration), lag, list, byScheduledAt, func(o models.OneToOne) error {
		g, ok, err := p.of(ctx, o.GroupID)
		if !ok {
			return err
		}
		due := o.EndsAt().Add(g.cfg.ReflectionDelay)
		if due.After(p.now) {
			return nil // a longer meeting, or a longer delay: not yet
		}
		to := side.Of(&o)
		return g.queue(ctx, delivery(models.KindReflectionPrompt, o.ID, to, models.WindowAt(*o.ScheduledAt), g.humane(ctx, string(to), due)))
	})
	if err != nil {
		return err
	}
	promptBefore := p.now.Add(-reflectAgainAfter)
	list = func(from, to time.Time, pg models.Page) ([]models.OneToOne, error) {
		return p.store.MeetingsToRemindReflect(ctx, side, from, to, promptBefore, pg)
	}
	return search(ctx, p, "reflection-reminders-"+side.String(), p.now.Add(-reflectAgainHorizon), promptBefore.Add(-delay-models.MinDuration), lag, list, byScheduledAt, func(o models.OneToOne) error {
		g, ok, err := p.of(ctx, o.GroupID)
		if !ok {
			return err
		}
		to := side.Of(&o)
		return g.queue(ctx, delivery(models.KindReflectionReminder, o.ID, to, models.WindowAt(*o.ScheduledAt), g.humane(ctx, string(to), p.now)))
	})
}

// planNudges queues one nudge to each of the two people of a request open
// its group's NudgeAfter without a time, and not yet its ExpireAfter. The
// window is the request's date, so a request reopened after a missed
// meeting may be nudged once more. The search spans the widest of the
// active groups' windows; each request is checked against its own group's.
func (s *Scheduler) planNudges(ctx context.Context, p *pass) error {
	nudge, longest := p.span(func(c Config) time.Duration { return c.NudgeAfter })
	_, expire := p.span(func(c Config) time.Duration { return c.ExpireAfter })
	list := func(after, until time.Time, pg models.Page) ([]models.OneToOne, error) {
		return p.store.RequestsToNudge(ctx, after, until, pg)
	}
	return search(ctx, p, "nudges", p.now.Add(-expire), p.now.Add(-nudge), longest-nudge, list, byRequestedAt, func(o models.OneToOne) error {
		g, ok, err := p.of(ctx, o.GroupID)
		if !ok {
			return err
		}
		if o.RequestedAt.After(p.now.Add(-g.cfg.NudgeAfter)) || !o.RequestedAt.After(p.now.Add(-g.cfg.ExpireAfter)) {
			return nil // not yet, or past, in its group
		}
		window := models.WindowAt(o.RequestedAt)
		due := o.RequestedAt.Add(g.cfg.NudgeAfter)
		return g.queue(ctx,
			delivery(models.KindNudgeRequester, o.ID, o.RequesterID, window, g.humane(ctx, string(o.RequesterID), due)),
			delivery(models.KindNudgeInvitee, o.ID, o.InviteeID, window, g.humane(ctx, string(o.InviteeID), due)),
		)
	})
}

// planFollowUps queues, for each reflection whose follow-up day has come,
// a message to its author at the start of their day.
func (s *Scheduler) planFollowUps(ctx context.Context, p *pass) error {
	list := func(from, to time.Time, pg models.Page) ([]models.Reflection, error) {
		return p.store.FollowUpsDue(ctx, from, to, pg)
	}
	return search(ctx, p, "follow-ups", p.now.Add(-followUpHorizon), p.now.Add(followUpLookahead), 0, list, byFollowUp, func(r models.Reflection) error {
		g, ok, err := p.of(ctx, r.GroupID)
		if !ok {
			return err
		}
		y, m, d := r.FollowUpOn.UTC().Date()
		author := string(r.AuthorID)
		morning := time.Date(y, m, d, g.cfg.Hours.morning(), 0, 0, 0, g.loc(ctx, author))
		return g.queue(ctx, delivery(models.KindFollowUp, r.OneToOneID, r.AuthorID, models.WindowDay(*r.FollowUpOn), g.humane(ctx, author, morning)))
	})
}

// expire closes requests open their group's ExpireAfter without a time.
// Each expiry and its note to the requester are stored together, so the
// note is never lost and never queued for a request that stayed open.
func (s *Scheduler) expire(ctx context.Context, p *pass) error {
	shortest, _ := p.span(func(c Config) time.Duration { return c.ExpireAfter })
	list := func(pg models.Page) ([]models.OneToOne, error) {
		return p.store.RequestsToExpire(ctx, p.now.Add(-shortest), pg)
	}
	return eachPage(ctx, s, models.Page{}, list, byRequestedAt, func(o models.OneToOne) error {
		g, ok, err := p.of(ctx, o.GroupID)
		if !ok {
			return err
		}
		before := p.now.Add(-g.cfg.ExpireAfter)
		if o.RequestedAt.After(before) {
			return nil // its group waits longer
		}
		note := delivery(models.KindExpired, o.ID, o.RequesterID, models.WindowAt(o.RequestedAt), g.humane(ctx, string(o.RequesterID), p.now))
		note.GroupID = o.GroupID
		if w := s.cfg.DryRun; w != nil {
			fmt.Fprintf(w, "expire one-to-one %d (requested %s) and queue %s for %s, due %s\n",
				o.ID, o.RequestedAt.UTC().Format(time.RFC3339), note.Kind, note.Recipient, note.DueAt.UTC().Format(time.RFC3339))
			return nil
		}
		_, err = p.store.ExpireRequest(ctx, o.ID, before, p.now, note)
		switch models.ErrorCode(err) {
		case "":
			p.counts["expired"]++
			return nil
		case models.ECONFLICT:
			return nil // scheduled or closed meanwhile
		}
		return err
	})
}

// forgetEvents drops Slack event ids kept for deduplication.
func (s *Scheduler) forgetEvents(ctx context.Context, now time.Time) error {
	before := now.Add(-forgetEventsAfter)
	if w := s.cfg.DryRun; w != nil {
		fmt.Fprintf(w, "forget event ids received before %s\n", before.UTC().Format(time.RFC3339))
		return nil
	}
	n, err := s.store.ForgetEventsBefore(ctx, before)
	if n > 0 {
		s.log.Debug("forgot event ids", "job", "forget-events", "count", n)
	}
	return err
}

// digestLate bounds how late a digest may still go out, should every
// replica have been down at its hour: a day late is news, a week late is
// not.
const digestLate = 24 * time.Hour

// planDigests plans each active group's digest, each on its own schedule;
// one group's broken schedule does not hold back the others'.
func (s *Scheduler) planDigests(ctx context.Context, p *pass) error {
	ids := make([]models.GroupID, 0, len(p.active))
	for g := range p.active {
		ids = append(ids, g)
	}
	slices.Sort(ids)
	var errs []error
	for _, id := range ids {
		g, _, err := p.of(ctx, id)
		if err == nil {
			err = s.planDigest(ctx, g)
		}
		if errors.Is(err, errStopping) {
			return err
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// planDigest queues this week's digest once its moment has come. The
// schedule is read on every run from the settings, so a coordinator's new
// day or channel applies at once; the moment itself is the delivery's
// window, which makes the digest once per occurrence across replicas.
func (s *Scheduler) planDigest(ctx context.Context, p *pass) error {
	if p.cfg.DigestChannel == "" {
		return nil
	}
	sched, err := cron.ParseStandard(p.cfg.DigestCron)
	if err != nil {
		return fmt.Errorf("digest schedule %q: %w", p.cfg.DigestCron, err)
	}
	var last time.Time
	for t := sched.Next(p.now.Add(-8 * 24 * time.Hour).In(p.cfg.Location)); !t.After(p.now); t = sched.Next(t) {
		last = t
	}
	if last.IsZero() || p.now.Sub(last) > digestLate {
		return nil
	}
	ch := p.cfg.DigestChannel
	return p.queue(ctx, models.Delivery{Kind: models.KindDigest, Subject: models.AboutChannel(ch), Recipient: ch, Window: models.WindowAt(last), DueAt: last})
}

// purge deletes a workspace's data once the app has been uninstalled from
// it for the retention period; other workspaces are untouched. It is
// idempotent: later runs find nothing to delete.
func (s *Scheduler) purge(ctx context.Context, now time.Time) error {
	ws, err := s.store.Uninstalled(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, w := range ws {
		if now.Before(w.UninstalledAt.Add(s.cfg.Retention)) {
			continue
		}
		if out := s.cfg.DryRun; out != nil {
			fmt.Fprintf(out, "purge workspace %s (uninstalled %s)\n", w.TeamID, w.UninstalledAt.UTC().Format(time.RFC3339))
			continue
		}
		if err := s.store.Purge(ctx, w.TeamID); err != nil {
			errs = append(errs, err)
			continue
		}
		s.log.Info("workspace data deleted after the retention period", "job", "purge", "team", w.TeamID)
	}
	return errors.Join(errs...)
}
