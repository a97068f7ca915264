package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// atLeastOnce lists the kinds scheduler/deliver.go documents as sent again
// when a crash leaves it in doubt whether Slack got them; every other kind
// is given up instead (at most once: nudges, the second reflection
// reminder, the digest).
var atLeastOnce = map[string]bool{
	models.KindReminder: true, models.KindReminderInvitee: true, models.KindReflectionPrompt: true,
	models.KindFollowUp: true, models.KindExpired: true,
	// The messages that follow what someone did.
	models.KindInvitation: true, models.KindRequestCopy: true, models.KindScheduled: true, models.KindRescheduled: true,
	models.KindDeclined: true, models.KindCancelled: true, models.KindMissed: true, models.KindOptedOut: true,
}

// killTrial is what one kill -9 trial saw.
type killTrial struct {
	killAfter  time.Duration // from the first bot being ready to SIGKILL
	before     int           // scheduled messages Slack had before the kill
	inDoubt    int           // deliveries claimed, outcome unrecorded, at the kill
	duplicates int           // second copies of at-least-once kinds
	givenUp    int           // at-most-once deliveries failed as interrupted
	givenUpHad int           // of which the message had reached Slack
	took       time.Duration
}

// TestFaultKillMidBurst kills a bot with SIGKILL at a random moment while a
// burst of scheduled messages of every kind is going out, then starts a new
// process on the same database. The leases of what the dead process held
// are fast-forwarded (the 5-minute wait a real restart would sit out).
// Nothing is lost: every at-least-once message arrives, at least once; an
// at-most-once message (a nudge) never arrives twice, and is only ever
// given up when the crash caught it mid-send. Duplicates of at-least-once
// kinds are counted and printed.
//
// Default: 3 trials. -fault.long: 10. ONETOONE_FAULT_TRIALS=N for any
// number; ONETOONE_FAULT_SEED replays a run's kill points.
func TestFaultKillMidBurst(t *testing.T) {
	longFault(t)
	t.Parallel() // after the sequential tests, beside the other fault tests: it mostly waits on Slack's pacing
	trials := 3
	if faultLong() {
		trials = 10
	}
	trials = faultInt(t, "ONETOONE_FAULT_TRIALS", trials)
	seed := uint64(time.Now().UnixNano())
	if v := faultInt(t, "ONETOONE_FAULT_SEED", 0); v > 0 {
		seed = uint64(v)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("kill points from ONETOONE_FAULT_SEED=%d", seed)
	var all []killTrial
	for i := 1; i <= trials; i++ {
		killAfter := time.Duration(rng.Int64N(int64(4 * time.Second)))
		t.Run(fmt.Sprintf("trial%d", i), func(t *testing.T) {
			all = append(all, runKillTrial(t, killAfter))
		})
	}
	var sum killTrial
	for _, r := range all {
		sum.inDoubt += r.inDoubt
		sum.duplicates += r.duplicates
		sum.givenUp += r.givenUp
		sum.givenUpHad += r.givenUpHad
		sum.took += r.took
	}
	t.Logf("kill -9 trials: %d in %v; deliveries in doubt at the kills: %d; duplicates of at-least-once kinds: %d; at-most-once given up as interrupted: %d (of which had reached Slack: %d); lost at-least-once: 0; at-most-once sent twice: 0",
		len(all), sum.took.Round(time.Second), sum.inDoubt, sum.duplicates, sum.givenUp, sum.givenUpHad)
}

func runKillTrial(t *testing.T, killAfter time.Duration) killTrial {
	start := time.Now()
	res := killTrial{killAfter: killAfter}
	dbURL := storetest.PostgresURL(t)
	fake := slacktest.New(slacktest.Options{})
	t.Cleanup(fake.Close)
	store := openFaultStore(t, dbURL)
	const a, b, c, d = "UKILLA", "UKILLB", "UKILLC", "UKILLD"
	users := []string{a, b, c, d}
	seedMembers(t, store, fake, users...)

	// Two of each: meetings ahead (a reminder to each person), meetings
	// that ended (a reflection prompt to each person), requests waiting an
	// hour and a half (a nudge to each person) and requests three hours old
	// (closed, with a note). Open pairs are all distinct.
	now := time.Now()
	rows := []*models.OneToOne{
		meeting(a, b, now.Add(90*time.Minute)), meeting(c, d, now.Add(90*time.Minute)),
		meeting(b, c, now.Add(-3*time.Hour)), meeting(d, a, now.Add(-3*time.Hour)),
		request(a, c, now.Add(-90*time.Minute)), request(b, d, now.Add(-90*time.Minute)),
		request(c, a, now.Add(-3*time.Hour)), request(d, b, now.Add(-3*time.Hour)),
	}
	seedOneToOnes(t, store, rows)
	want := map[dmKey]bool{}
	pairs := map[string]string{}
	for i, o := range rows {
		id := o.ID.String()
		req, inv := string(o.RequesterID), string(o.InviteeID)
		switch i / 2 {
		case 0:
			want[dmKey{models.KindReminder, id, req}] = true
			want[dmKey{models.KindReminderInvitee, id, inv}] = true
		case 1:
			want[dmKey{models.KindReflectionPrompt, id, req}] = true
			want[dmKey{models.KindReflectionPrompt, id, inv}] = true
		case 2:
			want[dmKey{models.KindNudgeRequester, id, req}] = true
			want[dmKey{models.KindNudgeInvitee, id, inv}] = true
		case 3:
			want[dmKey{models.KindExpired, id, req}] = true
			pairs[req+"/"+inv] = id
		}
	}
	env := faultEnv(fake, dbURL)
	env["ONETOONE_NUDGE_AFTER"] = "1h"
	env["ONETOONE_EXPIRE_AFTER"] = "2h"

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	first := startBot(t, "first bot", env)
	first.waitReady(ctx)
	t.Logf("first bot ready after %v", time.Since(start).Round(time.Millisecond))
	// The scenario: the real process works for a random while, then is
	// killed wherever it is. The checks below wait on what it left, not
	// on this sleep.
	time.Sleep(killAfter)
	first.kill()
	scheduled := func() map[dmKey]int {
		return countDMs(fake, users, func(req, inv string) string { return pairs[req+"/"+inv] })
	}
	for _, n := range scheduled() {
		res.before += n
	}
	var claimed int64
	if err := store.DB().Model(&models.Delivery{}).Where("state = ?", models.DeliveryClaimed).Count(&claimed).Error; err != nil {
		t.Fatal(err)
	}
	res.inDoubt = int(claimed)
	// What the dead process held stays claimed for the lease (5 minutes):
	// let that time pass.
	if err := store.DB().Model(&models.Delivery{}).Where("state = ?", models.DeliveryClaimed).
		Update("lease_until", time.Now().Add(-time.Second).UTC()).Error; err != nil {
		t.Fatal(err)
	}

	second := startBot(t, "second bot", env)
	second.waitReady(ctx)
	t.Logf("second bot ready after %v", time.Since(start).Round(time.Millisecond))
	type row struct {
		Kind, Subject, Recipient, State, LastError string
	}
	var final []row
	// Settled first, then read: read the other way round, a send that
	// finished between the two queries looked still claimed.
	err := slacktest.WaitFor(ctx, func() bool {
		if unsettled(t, store) != 0 {
			return false
		}
		final = nil
		store.DB().Model(&models.Delivery{}).Where("kind IN ?", kindsOf(want)).Find(&final)
		return len(final) == len(want)
	})
	if err != nil {
		t.Fatalf("deliveries never all settled after the restart (%d of %d planned): %+v", len(final), len(want), final)
	}
	t.Logf("settled after %v", time.Since(start).Round(time.Millisecond))
	if code := second.stop(); code != 0 {
		t.Errorf("second bot exited %d after SIGTERM", code)
	}

	got := scheduled()
	for _, r := range final {
		k := dmKey{r.Kind, r.Subject, r.Recipient}
		n := got[k]
		delete(got, k)
		switch {
		case !want[k]:
			t.Errorf("unexpected delivery %s", k)
		case atLeastOnce[r.Kind]:
			if r.State != models.DeliverySent || n == 0 {
				t.Errorf("%s (at least once) lost: ended %s (%s), arrived %d times", k, r.State, r.LastError, n)
			}
			if n > 1 {
				res.duplicates += n - 1
			}
		case n > 1:
			t.Errorf("%s (at most once) arrived %d times", k, n)
		case r.State == models.DeliveryFailed && strings.Contains(r.LastError, "interrupted mid-send"):
			res.givenUp++
			res.givenUpHad += n
		case r.State != models.DeliverySent || n != 1:
			t.Errorf("%s (at most once) ended %s (%s) and arrived %d times, want sent once", k, r.State, r.LastError, n)
		}
	}
	for k, n := range got {
		t.Errorf("unexpected scheduled message %s (×%d)", k, n)
	}
	res.took = time.Since(start)
	t.Logf("killed %v after ready, with %d of %d messages out and %d claimed; after restart: duplicates %d, at-most-once given up %d (had arrived: %d); %v",
		killAfter.Round(time.Millisecond), res.before, len(want), res.inDoubt, res.duplicates, res.givenUp, res.givenUpHad, res.took.Round(100*time.Millisecond))
	return res
}

func kindsOf(keys map[dmKey]bool) []string {
	seen := map[string]bool{}
	var out []string
	for k := range keys {
		if !seen[k.kind] {
			seen[k.kind] = true
			out = append(out, k.kind)
		}
	}
	return out
}
