package main

import (
	"context"
	"encoding/json"
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

// TestFaultTwoProcessesOnePostgres runs two `onetoone serve` processes on
// one Postgres and one Slack app: the fake spreads envelopes over both
// connections while people go through a whole one-to-one (request, pick a
// time, reflect) and a backlog of requests nobody scheduled comes due. Every
// message goes out exactly once: each nudge to each of the two people, each
// invitation and confirmation, and the weekly digest, though both
// processes plan and claim the same work at the same moments.
//
// Default: 60 requests (120 nudges, about 25 s at the bot's Slack pacing).
// -fault.long: 2,000 requests (4,000 nudges, about 12 minutes: each
// process keeps to ~200 posts a minute, Slack's pace; run with -timeout
// 30m). Any size: ONETOONE_FAULT_REQUESTS=N (10,000 takes about an hour).
func TestFaultTwoProcessesOnePostgres(t *testing.T) {
	longFault(t)
	t.Parallel() // after the sequential tests, beside the other fault tests: it mostly waits on Slack's pacing
	n := 60
	if faultLong() {
		n = 2000
	}
	n = faultInt(t, "ONETOONE_FAULT_REQUESTS", n)
	dbURL := storetest.PostgresURL(t)
	fake := slacktest.New(slacktest.Options{})
	t.Cleanup(fake.Close)
	store := openFaultStore(t, dbURL)

	// The backlog: n requests, two hours old.
	rows, requesters, invitees := backlog(n, "B", time.Now().Add(-2*time.Hour))
	r := len(requesters)
	seedMembers(t, store, fake, append(append([]string{}, requesters...), invitees...)...)
	seedOneToOnes(t, store, rows)

	// People who go through a whole one-to-one meanwhile; the bot meets
	// them through users.info like anyone new.
	var organizers, guests []string
	for i := 1; i <= 3; i++ {
		organizers = append(organizers, fmt.Sprintf("UORG%d", i))
		guests = append(guests, fmt.Sprintf("UGUEST%d", i))
	}
	for _, u := range append(append([]string{}, organizers...), guests...) {
		fake.AddUser(slackUser(u))
	}

	// The digest's moment was two minutes ago, today: due as the bots
	// start, so both go for it at once.
	due := time.Now().UTC().Add(-2 * time.Minute)
	env := faultEnv(fake, dbURL)
	env["ONETOONE_NUDGE_AFTER"] = "1h"
	env["ONETOONE_DIGEST_CHANNEL"] = "C0DIGEST"
	env["ONETOONE_DIGEST_CRON"] = fmt.Sprintf("%d %d * * *", due.Minute(), due.Hour())

	budget := 2*time.Minute + time.Duration(n)*400*time.Millisecond + time.Duration(r)*3*time.Second
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	start := time.Now()
	a := startBot(t, "bot A", env)
	b := startBot(t, "bot B", env)
	if err := fake.WaitConnected(ctx, 2); err != nil {
		t.Fatalf("the two bots never both connected: %v", err)
	}
	a.waitReady(ctx)
	b.waitReady(ctx)

	var wg sync.WaitGroup
	errs := make(chan error, len(organizers))
	for i := range organizers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := playOneToOne(ctx, fake, organizers[i], guests[i]); err != nil {
				errs <- fmt.Errorf("%s and %s: %w", organizers[i], guests[i], err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	want := 2*n + 1 // the nudges and the digest
	var states map[string]map[string]int
	err := slacktest.WaitFor(ctx, func() bool {
		states = deliveryStates(t, store)
		sent := states[models.KindNudgeRequester][models.DeliverySent] + states[models.KindNudgeInvitee][models.DeliverySent] + states[models.KindDigest][models.DeliverySent]
		return sent >= want && unsettled(t, store) == 0
	})
	drained := time.Since(start)
	if err != nil {
		t.Fatalf("deliveries not all sent after %v: %v", drained.Round(time.Second), states)
	}
	for _, p := range []*botProcess{a, b} {
		if code := p.stop(); code != 0 {
			t.Errorf("%s exited %d after SIGTERM, want 0", p.name, code)
		}
	}

	// Every delivery sent, none failed or skipped, by both processes.
	for kind, byState := range states {
		for state, c := range byState {
			if state != models.DeliverySent && !(state == models.DeliveryPending && (kind == models.KindReminder || kind == models.KindReminderInvitee)) {
				t.Errorf("%d %s deliveries ended %s", c, kind, state)
			}
		}
	}
	var workers []struct {
		ClaimedBy string
		N         int
	}
	if err := store.DB().Raw("SELECT claimed_by, COUNT(*) AS n FROM deliveries WHERE state = ? AND kind IN ? GROUP BY claimed_by ORDER BY claimed_by",
		models.DeliverySent, []string{models.KindNudgeRequester, models.KindNudgeInvitee, models.KindDigest}).Scan(&workers).Error; err != nil {
		t.Fatal(err)
	}
	if len(workers) != 2 {
		t.Fatalf("deliveries were sent by %d workers, want both processes: %+v", len(workers), workers)
	}

	// Exactly once, each nudge to each person.
	bySubject := map[string]string{}
	got := countDMs(fake, append(append([]string{}, requesters...), invitees...), func(req, inv string) string { return bySubject[req+"/"+inv] })
	missing, doubled := 0, 0
	for _, o := range rows {
		id := o.ID.String()
		for _, k := range []dmKey{{models.KindNudgeRequester, id, string(o.RequesterID)}, {models.KindNudgeInvitee, id, string(o.InviteeID)}} {
			switch c := got[k]; {
			case c == 0:
				missing++
				if missing <= 5 {
					t.Errorf("%s never arrived", k)
				}
			case c > 1:
				doubled++
				if doubled <= 5 {
					t.Errorf("%s arrived %d times", k, c)
				}
			}
			delete(got, k)
		}
	}
	for k, c := range got {
		t.Errorf("unexpected scheduled message %s (×%d)", k, c)
	}
	if missing+doubled > 0 {
		t.Errorf("%d nudges missing, %d doubled, of %d", missing, doubled, 2*n)
	}
	if digests := fake.Messages("C0DIGEST"); len(digests) != 1 {
		t.Errorf("the digest was posted %d times, want once", len(digests))
	}

	// The one-to-ones played meanwhile: each message once.
	for i, org := range organizers {
		guest := guests[i]
		for _, c := range []struct{ user, text string }{
			{guest, "would like to have a one-to-one with you"},
			{org, "I sent your invitation"},
			{guest, "is set:"},
			{org, "is set:"},
		} {
			if got := countPosts(fake, c.user, c.text); got != 1 {
				t.Errorf("%s was sent %d DMs saying %q, want 1", c.user, got, c.text)
			}
		}
	}
	var reflected int64
	store.DB().Model(&models.Reflection{}).Count(&reflected)
	if reflected != int64(len(organizers)) {
		t.Errorf("%d reflections stored, want %d", reflected, len(organizers))
	}
	t.Logf("%d nudges × 2 recipients (%d DMs) + 1 digest + %d whole one-to-ones, sent exactly once across 2 processes in %v (sent per process: %d and %d); envelopes acked: %d",
		n, 2*n, len(organizers), drained.Round(time.Second), workers[0].N, workers[len(workers)-1].N, len(fake.Acks()))
}

// playOneToOne has org ask guest, guest pick a time three hours ahead from
// the invitation, both get the confirmation, and org log a reflection.
func playOneToOne(ctx context.Context, fake *slacktest.Server, org, guest string) error {
	ack, err := fake.SlashCommand(ctx, org, "<@"+guest+"> coffee next week?")
	if err != nil {
		return fmt.Errorf("request: %w", err)
	}
	if err := waitReply(ctx, fake, org, ack, "Invitation sent"); err != nil {
		return err
	}
	if err := waitDMText(ctx, fake, guest, "would like to have a one-to-one"); err != nil {
		return err
	}
	if _, err := fake.ClickButton(ctx, guest, "Pick a time"); err != nil {
		return fmt.Errorf("pick a time: %w", err)
	}
	if err := waitModal(ctx, fake, guest, "schedule"); err != nil {
		return err
	}
	at := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
	ack, err = fake.SubmitView(ctx, guest, map[string]string{"When": strconv.FormatInt(at.Unix(), 10), "How long": "30"})
	if err != nil {
		return fmt.Errorf("submit the time: %w", err)
	}
	if e := submitErrors(ack); len(e) > 0 {
		return fmt.Errorf("the time was refused: %v", e)
	}
	for _, u := range []string{org, guest} {
		if err := waitDMText(ctx, fake, u, "is set:"); err != nil {
			return err
		}
	}
	if _, err := fake.SlashCommand(ctx, org, "log <@"+guest+">"); err != nil {
		return fmt.Errorf("log: %w", err)
	}
	if err := waitModal(ctx, fake, org, "reflect"); err != nil {
		return err
	}
	ack, err = fake.SubmitView(ctx, org, map[string]string{"What did you learn about them: what do they care about most, and why?": "Bikes"})
	if err != nil {
		return fmt.Errorf("submit the reflection: %w", err)
	}
	if e := submitErrors(ack); len(e) > 0 {
		return fmt.Errorf("the reflection was refused: %v", e)
	}
	return waitModal(ctx, fake, org, "reflect_saved")
}

// ackText is the text of a command's inline reply.
func ackText(ack slacktest.Ack) string {
	var m struct{ Text string }
	json.Unmarshal(ack.Payload, &m)
	return m.Text
}

// submitErrors are the errors a view_submission's ack shows beside fields.
func submitErrors(ack slacktest.Ack) map[string]string {
	var r struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	json.Unmarshal(ack.Payload, &r)
	return r.Errors
}

// waitReply waits for a command's answer containing want: inline in the
// ack, or later through response_url.
func waitReply(ctx context.Context, fake *slacktest.Server, user string, ack slacktest.Ack, want string) error {
	if strings.Contains(ackText(ack), want) {
		return nil
	}
	err := slacktest.WaitFor(ctx, func() bool {
		for _, e := range fake.Ephemerals(user) {
			if strings.Contains(e.Text, want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		return fmt.Errorf("no reply to %s containing %q (ack: %s)", user, want, ack.Payload)
	}
	return nil
}

func waitDMText(ctx context.Context, fake *slacktest.Server, user, want string) error {
	if err := slacktest.WaitFor(ctx, func() bool { return countText(fake, user, want) > 0 }); err != nil {
		return fmt.Errorf("no DM to %s containing %q", user, want)
	}
	return nil
}

func waitModal(ctx context.Context, fake *slacktest.Server, user, callbackID string) error {
	err := slacktest.WaitFor(ctx, func() bool {
		v, ok := fake.OpenView(user)
		return ok && v.CallbackID == callbackID
	})
	if err != nil {
		v, _ := fake.OpenView(user)
		return fmt.Errorf("modal %q never opened for %s (open: %q)", callbackID, user, v.CallbackID)
	}
	return nil
}
