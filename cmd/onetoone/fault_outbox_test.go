package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// answerPoint is one place a kill -9 catches the bot while it tells people
// what someone just did: the change is stored and acknowledged, and the
// messages that follow it are on their way.
type answerPoint struct {
	name string
	// setup brings the pair to just before the action; act performs it,
	// acknowledged, while Slack holds the bot's calls.
	setup func(ctx context.Context, fake *slacktest.Server, org, guest string) error
	act   func(ctx context.Context, fake *slacktest.Server, org, guest string, trial int) error
	// stored says whether the database holds the acknowledged change.
	stored func(o models.OneToOne) bool
	// told is what each person must hear, once the bot is back.
	told func(org, guest string) []promise
}

// promise is one message someone is owed: in user's DM, a post whose text
// contains text, of a kind documented at least once or not.
type promise struct {
	kind, user, text string
}

var answerPoints = []answerPoint{
	{
		name:  "invitation",
		setup: func(context.Context, *slacktest.Server, string, string) error { return nil },
		act: func(ctx context.Context, fake *slacktest.Server, org, guest string, trial int) error {
			if trial%2 == 0 {
				// By command: its answer waits for the invitation, so
				// the ack comes empty when the budget runs out.
				_, err := fake.SlashCommand(ctx, org, "<@"+guest+"> coffee?")
				return err
			}
			// By the request form, acknowledged at once.
			if _, err := fake.SlashCommand(ctx, org, ""); err != nil {
				return err
			}
			if err := waitModal(ctx, fake, org, "request"); err != nil {
				return err
			}
			ack, err := fake.SubmitView(ctx, org, map[string]string{"Who would you like to meet?": guest, "Your invitation": "coffee?"})
			if e := submitErrors(ack); err == nil && len(e) > 0 {
				err = fmt.Errorf("the request was refused: %v", e)
			}
			return err
		},
		stored: func(o models.OneToOne) bool { return o.Status == models.StatusRequested },
		told: func(org, guest string) []promise {
			return []promise{
				{models.KindInvitation, guest, "<@" + org + "> would like to have a one-to-one"},
				{models.KindRequestCopy, org, "I sent your invitation"},
			}
		},
	},
	{
		name: "schedule",
		setup: func(ctx context.Context, fake *slacktest.Server, org, guest string) error {
			if err := ask(ctx, fake, org, guest); err != nil {
				return err
			}
			if _, err := fake.ClickButton(ctx, guest, "Pick a time"); err != nil {
				return err
			}
			return waitModal(ctx, fake, guest, "schedule")
		},
		act: func(ctx context.Context, fake *slacktest.Server, org, guest string, trial int) error {
			return submitTime(ctx, fake, guest)
		},
		stored: func(o models.OneToOne) bool { return o.Status == models.StatusScheduled },
		told: func(org, guest string) []promise {
			return []promise{
				{models.KindScheduled, guest, "is set:"},
				{models.KindScheduled, org, "is set:"},
			}
		},
	},
	{
		name: "cancel",
		setup: func(ctx context.Context, fake *slacktest.Server, org, guest string) error {
			if err := ask(ctx, fake, org, guest); err != nil {
				return err
			}
			if _, err := fake.ClickButton(ctx, guest, "Pick a time"); err != nil {
				return err
			}
			if err := waitModal(ctx, fake, guest, "schedule"); err != nil {
				return err
			}
			if err := submitTime(ctx, fake, guest); err != nil {
				return err
			}
			for _, u := range []string{guest, org} {
				if err := waitDMText(ctx, fake, u, "is set:"); err != nil {
					return err
				}
			}
			if _, err := fake.ClickButton(ctx, guest, "Cancel"); err != nil {
				return err
			}
			return waitModal(ctx, fake, guest, "cancel")
		},
		act: func(ctx context.Context, fake *slacktest.Server, org, guest string, trial int) error {
			ack, err := fake.SubmitView(ctx, guest, map[string]string{"Anything you'd like them to know?": "Sorry, something came up"})
			if e := submitErrors(ack); err == nil && len(e) > 0 {
				err = fmt.Errorf("the cancellation was refused: %v", e)
			}
			return err
		},
		stored: func(o models.OneToOne) bool { return o.Status == models.StatusCancelled },
		told: func(org, guest string) []promise {
			return []promise{{models.KindCancelled, org, "<@" + guest + "> cancelled your one-to-one"}}
		},
	},
}

// ask has org ask guest and waits for the invitation.
func ask(ctx context.Context, fake *slacktest.Server, org, guest string) error {
	ack, err := fake.SlashCommand(ctx, org, "<@"+guest+"> coffee?")
	if err != nil {
		return err
	}
	if err := waitReply(ctx, fake, org, ack, "Invitation sent"); err != nil {
		return err
	}
	return waitDMText(ctx, fake, guest, "would like to have a one-to-one")
}

// submitTime submits the open schedule form: three hours ahead, for 30
// minutes.
func submitTime(ctx context.Context, fake *slacktest.Server, guest string) error {
	at := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
	ack, err := fake.SubmitView(ctx, guest, map[string]string{"When": strconv.FormatInt(at.Unix(), 10), "How long": "30"})
	if e := submitErrors(ack); err == nil && len(e) > 0 {
		err = fmt.Errorf("the time was refused: %v", e)
	}
	return err
}

// answerTally is what the kill trials of one point saw: the acknowledged
// actions, those of which someone never heard (lost), the messages never
// sent, those in flight at the kill, and the second copies.
type answerTally struct {
	actions, lost, unsent, inDoubt, duplicates int
}

// TestFaultKillWhileAnswering kills the bot with SIGKILL while it tells
// people what someone just did, with Slack holding its calls open: an
// invitation being posted (the request made by command or by the form), the
// "your one-to-one is set" confirmations after the scheduling form was
// accepted, and the note to the other person after a cancellation. Every
// trial plays the three at once on one process, acknowledged, then kills
// it and starts the next process on the same database, which serves the
// next trial. The leases and grace the dead process left are fast-forwarded
// (the minutes a real restart would wait).
//
// The kill points vary by trial: either Slack holds the posts themselves,
// and then the calls in flight are lost (they never reached Slack) or
// landed (Slack got them, the bot never heard); or Slack holds the
// retiring of the old buttons, which comes first, so the kill catches the
// confirmations and the cancellation note before any post. Nothing
// acknowledged is lost: every message is posted after the restart, once,
// and twice only when its post was in flight, landed, at the kill, which
// the outbox's policy for these kinds (at least once) allows.
//
// Default: 10 trials. ONETOONE_FAULT_TRIALS=N for any number.
func TestFaultKillWhileAnswering(t *testing.T) {
	longFault(t)
	t.Parallel() // beside the other fault tests: it mostly waits on processes
	trials := faultInt(t, "ONETOONE_FAULT_TRIALS", 10)
	start := time.Now()
	dbURL := storetest.PostgresURL(t)
	fake := slacktest.New(slacktest.Options{})
	t.Cleanup(fake.Close)
	store := openFaultStore(t, dbURL)
	env := faultEnv(fake, dbURL)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second+time.Duration(trials)*15*time.Second)
	defer cancel()

	bot := startBot(t, "bot 0", env)
	bot.waitReady(ctx)
	tally := map[string]*answerTally{}
	for _, p := range answerPoints {
		tally[p.name] = &answerTally{}
	}
	played := 0
	for i := 1; i <= trials && !t.Failed(); i++ {
		bot = answerTrial(t, ctx, fake, store, env, bot, i, tally)
		played++
	}
	if code := bot.stop(); code != 0 {
		t.Errorf("the last bot exited %d after SIGTERM", code)
	}
	for _, p := range answerPoints {
		r := tally[p.name]
		t.Logf("kill -9 during the %s: acknowledged actions %d, lost %d (messages never sent: %d); messages in flight at the kill %d, duplicates %d, all of kinds documented at least once",
			p.name, r.actions, r.lost, r.unsent, r.inDoubt, r.duplicates)
	}
	t.Logf("%d trials × %d kill points in %v", played, len(answerPoints), time.Since(start).Round(time.Second))
}

// answerTrial plays every answer point once on the live bot, kills it, starts
// the next one and checks what everyone got. It returns the new bot.
func answerTrial(t *testing.T, ctx context.Context, fake *slacktest.Server, store *models.Store, env map[string]string, bot *botProcess, trial int, tally map[string]*answerTally) *botProcess {
	t.Helper()
	holdUpdates, lose := trial%3 == 0, trial%2 == 1
	type pair struct{ org, guest string }
	pairs := map[string]pair{}
	for _, p := range answerPoints {
		pr := pair{fmt.Sprintf("U%sO%02d", strings.ToUpper(p.name[:3]), trial), fmt.Sprintf("U%sG%02d", strings.ToUpper(p.name[:3]), trial)}
		fake.AddUser(slackUser(pr.org))
		fake.AddUser(slackUser(pr.guest))
		pairs[p.name] = pr
	}
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("trial %d: no bot connected: %v", trial, err)
	}
	for _, p := range answerPoints {
		if err := p.setup(ctx, fake, pairs[p.name].org, pairs[p.name].guest); err != nil {
			t.Fatalf("trial %d, %s: setting up: %v", trial, p.name, err)
		}
	}

	// Slack holds the posts, or the button updates that come before the
	// confirmations and notes; the three actions are acknowledged.
	releases := map[string]func(){"chat.postMessage": fake.Hold("chat.postMessage")}
	wantHeld := map[string]int{"chat.postMessage": len(answerPoints)}
	if holdUpdates {
		releases["chat.update"] = fake.Hold("chat.update")
		wantHeld = map[string]int{"chat.postMessage": 1, "chat.update": len(answerPoints) - 1}
	}
	var wg sync.WaitGroup
	for _, p := range answerPoints {
		wg.Go(func() {
			if err := p.act(ctx, fake, pairs[p.name].org, pairs[p.name].guest, trial); err != nil {
				t.Errorf("trial %d, %s: %v", trial, p.name, err)
			}
		})
	}
	wg.Wait()
	err := slacktest.WaitFor(ctx, func() bool {
		for m, n := range wantHeld {
			if fake.Held(m) < n {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("trial %d: the calls never all reached Slack (held posts %d, updates %d)", trial, fake.Held("chat.postMessage"), fake.Held("chat.update"))
	}
	bot.kill()
	for m, release := range releases {
		if lose && m == "chat.postMessage" {
			fake.Lose(m)
		} else {
			release()
		}
	}

	// What the dead process left: each one-to-one, its messages in doubt
	// (claimed, outcome unknown), and the minutes a restart would wait.
	oneToOnes := map[string]models.OneToOne{}
	inDoubt := map[string]bool{}
	for _, p := range answerPoints {
		var o models.OneToOne
		if err := store.DB().Where("requester_id = ? AND invitee_id = ?", pairs[p.name].org, pairs[p.name].guest).Order("id DESC").First(&o).Error; err != nil {
			t.Fatalf("trial %d, %s: the acknowledged change is not stored: %v", trial, p.name, err)
		}
		if !p.stored(o) {
			t.Errorf("trial %d, %s: the one-to-one is %s after the acknowledged action", trial, p.name, o.Status)
		}
		oneToOnes[p.name] = o
		var claimed []models.Delivery
		store.DB().Where("subject = ? AND state = ?", o.ID.String(), models.DeliveryClaimed).Find(&claimed)
		for _, d := range claimed {
			inDoubt[d.Kind+"→"+d.Recipient] = true
		}
	}
	if err := store.DB().Model(&models.Delivery{}).Where("state = ?", models.DeliveryClaimed).
		Update("lease_until", time.Now().Add(-time.Second).UTC()).Error; err != nil {
		t.Fatal(err)
	}
	if err := store.DB().Model(&models.Delivery{}).Where("state = ? AND kind IN ?", models.DeliveryPending, models.ActionKinds).
		Update("due_at", time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}

	next := startBot(t, fmt.Sprintf("bot %d", trial), env)
	next.waitReady(ctx)
	// The outbox job runs every second; what it has not sent by then, it
	// never will.
	sctx, stop := context.WithTimeout(ctx, 20*time.Second)
	defer stop()
	if err := slacktest.WaitFor(sctx, func() bool { return unsettled(t, store) == 0 }); err != nil {
		t.Errorf("trial %d: the outbox never settled after the restart: %v", trial, deliveryStates(t, store))
	}
	for _, p := range answerPoints {
		r := tally[p.name]
		r.actions++
		pr := pairs[p.name]
		lost := false
		for _, m := range p.told(pr.org, pr.guest) {
			n := countPosts(fake, m.user, m.text)
			doubt := inDoubt[m.kind+"→"+m.user] && !lose
			switch {
			case n == 0:
				r.unsent++
				lost = true
				t.Errorf("trial %d, %s: %s never told %q (kill point: updates held %v, lost %v)", trial, p.name, m.user, m.text, holdUpdates, lose)
			case n > 1 && !atLeastOnce[m.kind]:
				t.Errorf("trial %d, %s: %s told %q %d times, though %s is documented at most once", trial, p.name, m.user, m.text, n, m.kind)
			case n > 1 && !doubt:
				t.Errorf("trial %d, %s: %s told %q %d times, though the post was not in flight, landed, at the kill", trial, p.name, m.user, m.text, n)
			case n > 2:
				t.Errorf("trial %d, %s: %s told %q %d times", trial, p.name, m.user, m.text, n)
			}
			if inDoubt[m.kind+"→"+m.user] {
				r.inDoubt++
			}
			if n > 1 {
				r.duplicates += n - 1
			}
		}
		if lost {
			r.lost++
		}
		for _, d := range outboxOf(t, store, oneToOnes[p.name]) {
			if d.State != models.DeliverySent {
				t.Errorf("trial %d, %s: %s to %s ended %s (%s)", trial, p.name, d.Kind, d.Recipient, d.State, d.LastError)
			}
		}
	}
	return next
}

// outboxOf lists the messages that followed changes to o.
func outboxOf(t *testing.T, store *models.Store, o models.OneToOne) []models.Delivery {
	t.Helper()
	var ds []models.Delivery
	if err := store.DB().Where("subject = ? AND kind IN ?", o.ID.String(), models.ActionKinds).Order("id").Find(&ds).Error; err != nil {
		t.Fatal(err)
	}
	return ds
}
