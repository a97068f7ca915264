package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/models"
)

// scaleNow is the moment the scale benchmark's data is seeded around and
// its ticks run at: a Friday noon, UTC.
var scaleNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// The scheduler's defaults, which the seeded history follows.
const (
	seedReminderBefore = 2 * time.Hour
	seedReflectDelay   = time.Hour
	seedNudgeAfter     = 14 * 24 * time.Hour
	seedExpireAfter    = 42 * 24 * time.Hour
	seedTick           = time.Minute
	day                = 24 * time.Hour
)

// scaleSeedVersion changes when the seeded shape changes, so old seeded
// schemas are seeded again.
const scaleSeedVersion = 1

// seedCounts says what was written.
type seedCounts struct {
	oneToOnes, reflections, deliveries, members int
	byStatus                                    map[models.Status]int
}

// seedScale writes n one-to-ones in a realistic steady state as of
// scaleNow: a year of history among n/20 members, most reflected or held in
// the past, some requests waiting up to six weeks, some meetings in the
// coming two weeks, and the deliveries the scheduler would already have
// made (sent, or queued ahead) up to one tick before now. A tick at now
// then finds only what came due in its own minute, as in production.
func seedScale(ctx context.Context, st *models.Store, n int) (seedCounts, error) {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	T := scaleNow
	cutoff := T.Add(-seedTick)
	users := max(50, n/20)
	user := func(i int) string { return "M" + strconv.Itoa(1000000+i) }
	c := seedCounts{byStatus: map[models.Status]int{}}

	grp, err := st.DefaultGroup(ctx, "T0TEST")
	if err != nil {
		return c, err
	}
	gid := int64(grp.ID)
	db := st.DB()
	oo := newBulk(db, "one_to_ones", "id", "group_id", "requester_id", "invitee_id", "status", "message", "scheduled_at", "duration_min",
		"requested_at", "held_at", "invite_channel", "invite_ts", "requester_channel", "requester_ts", "version", "created_at", "updated_at")
	rf := newBulk(db, "reflections", "id", "group_id", "one_to_one_id", "author_id", "body", "engagement", "follow_up_on", "created_at", "updated_at")
	dl := newBulk(db, "deliveries", "id", "group_id", "kind", "subject", "one_to_one_id", "recipient", "window", "due_at", "state", "attempts", "sent_at", "created_at", "updated_at")
	rf.deps = []*bulk{oo}
	mb := newBulk(db, "members", "id", "team_id", "name", "tz", "profile_fetched_at", "created_at", "updated_at")
	for i := range users {
		if err := mb.add(ctx, user(i), "T0TEST", "Member "+strconv.Itoa(i), "UTC", T, T.Add(-400*day), T.Add(-400*day)); err != nil {
			return c, err
		}
	}
	c.members = users
	var did int64
	delivery := func(kind string, id int64, to, window string, due time.Time) error {
		did++
		c.deliveries++
		if due.Before(cutoff) {
			return dl.add(ctx, did, gid, kind, strconv.FormatInt(id, 10), id, to, window, due, models.DeliverySent, 1, due, due, due)
		}
		created := cutoff.Add(-time.Duration(rng.Int64N(int64(day))))
		return dl.add(ctx, did, gid, kind, strconv.FormatInt(id, 10), id, to, window, due, models.DeliveryPending, 0, nil, created, created)
	}
	between := func(from, to time.Time) time.Time {
		return from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
	}
	open := map[[2]string]bool{}
	body := []byte("sealed reflection text stands in here; a real one is a few hundred bytes of answers")
	var rid int64
	for i := 1; i <= n; i++ {
		id := int64(i)
		req := user(rng.IntN(users))
		inv := user(rng.IntN(users))
		for inv == req {
			inv = user(rng.IntN(users))
		}
		var status models.Status
		var sched, held, followUp *time.Time
		var requested time.Time
		x := rng.IntN(100)
		switch {
		case x < 70:
			status = models.StatusReflected
			s := between(T.Add(-365*day), T.Add(-7*day))
			sched, held = &s, &s
		case x < 76:
			status = models.StatusHeld
			s := between(T.Add(-30*day), T.Add(-2*time.Hour))
			sched, held = &s, &s
		case x < 77:
			status = models.StatusScheduled // past, not yet marked held
			s := between(T.Add(-14*day), T.Add(-2*time.Hour))
			sched = &s
		case x < 81:
			status = models.StatusScheduled
			s := between(T, T.Add(14*day))
			sched = &s
		case x < 86:
			status = models.StatusRequested
			requested = between(T.Add(-seedExpireAfter), T)
		case x < 92:
			status = models.StatusExpired
			requested = between(T.Add(-365*day), T.Add(-seedExpireAfter))
		case x < 97:
			status = models.StatusDeclined
			requested = between(T.Add(-365*day), T.Add(-day))
		default:
			status = models.StatusCancelled
			requested = between(T.Add(-365*day), T.Add(-day))
		}
		if sched != nil {
			requested = sched.Add(-time.Duration(1+rng.IntN(14)) * day)
			if requested.After(T) {
				requested = T.Add(-time.Duration(rng.Int64N(int64(day))))
			}
		}
		if status == models.StatusRequested || status == models.StatusScheduled {
			for open[[2]string{req, inv}] || inv == req {
				inv = user(rng.IntN(users))
			}
			open[[2]string{req, inv}] = true
		}
		updated := requested
		if held != nil {
			updated = *held
		}
		if err := oo.add(ctx, id, gid, req, inv, string(status), "Would you have 45 minutes for coffee next week?", sched, 45,
			requested, held, "D"+inv, "1700000000.000100", "D"+req, "1700000000.000200", 1, requested, updated); err != nil {
			return c, err
		}
		c.oneToOnes++
		c.byStatus[status]++

		// What the scheduler already did about it.
		if sched != nil {
			window := models.WindowAt(*sched)
			remDue := sched.Add(-seedReminderBefore)
			if remDue.Before(cutoff) || !sched.After(T.Add(seedReminderBefore+day-seedTick)) {
				if err := delivery(models.KindReminder, id, req, window, remDue); err != nil {
					return c, err
				}
				if err := delivery(models.KindReminderInvitee, id, inv, window, remDue); err != nil {
					return c, err
				}
			}
			promptDue := sched.Add(45*time.Minute + seedReflectDelay)
			if status != models.StatusScheduled || sched.Before(T) {
				if promptDue.Before(cutoff) {
					if err := delivery(models.KindReflectionPrompt, id, req, window, promptDue); err != nil {
						return c, err
					}
				}
				if status != models.StatusReflected && promptDue.Add(48*time.Hour).Before(cutoff) {
					if err := delivery(models.KindReflectionReminder, id, req, window, promptDue.Add(48*time.Hour)); err != nil {
						return c, err
					}
				}
				// The other person is asked too; in the seed they never
				// write theirs.
				if promptDue.Before(cutoff) {
					if err := delivery(models.KindReflectionPrompt, id, inv, window, promptDue); err != nil {
						return c, err
					}
				}
				if promptDue.Add(48 * time.Hour).Before(cutoff) {
					if err := delivery(models.KindReflectionReminder, id, inv, window, promptDue.Add(48*time.Hour)); err != nil {
						return c, err
					}
				}
			}
		}
		if status == models.StatusRequested || status == models.StatusExpired {
			window := models.WindowAt(requested)
			if due := requested.Add(seedNudgeAfter); due.Before(cutoff) {
				if err := delivery(models.KindNudgeRequester, id, req, window, due); err != nil {
					return c, err
				}
				if err := delivery(models.KindNudgeInvitee, id, inv, window, due); err != nil {
					return c, err
				}
			}
			if status == models.StatusExpired {
				if err := delivery(models.KindExpired, id, req, window, requested.Add(seedExpireAfter)); err != nil {
					return c, err
				}
			}
		}
		if status == models.StatusReflected {
			if rng.IntN(4) == 0 {
				y, m, d := sched.Add(time.Duration(1+rng.IntN(30)) * day).Date()
				f := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				followUp = &f
				morning := f.Add(9 * time.Hour)
				if morning.Before(cutoff) || !f.After(T.Add(day-seedTick)) {
					if err := delivery(models.KindFollowUp, id, req, models.WindowDay(f), morning); err != nil {
						return c, err
					}
				}
			}
			rid++
			c.reflections++
			at := held.Add(3 * time.Hour)
			if err := rf.add(ctx, rid, gid, id, req, body, 1+rng.IntN(5), followUp, at, at); err != nil {
				return c, err
			}
		}
	}
	for _, b := range []*bulk{mb, oo, rf, dl} {
		if err := b.flush(ctx); err != nil {
			return c, err
		}
	}
	if err := resetSequences(ctx, st, "one_to_ones", "reflections", "deliveries"); err != nil {
		return c, err
	}
	analyze := "VACUUM ANALYZE"
	if st.Dialect() == models.SQLite {
		analyze = "ANALYZE"
	}
	if err := st.DB().WithContext(ctx).Exec(analyze).Error; err != nil {
		return c, fmt.Errorf("vacuum analyze: %w", err)
	}
	return c, nil
}
