package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// TestScheduledMessagesEndToEnd runs `onetoone serve` with the scheduler on
// fast timings against the fake Slack: a request nobody schedules is
// nudged on both sides, and a meeting that ended gets its reflection
// prompt, each arriving as a DM through the real Web API client.
func TestScheduledMessagesEndToEnd(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	fake.AddUser(slack.User{ID: "UALEX", Name: "alex", TZ: "America/New_York"})
	fake.AddUser(slack.User{ID: "USAM", Name: "sam", TZ: "Europe/Paris"})
	dbPath := filepath.Join(t.TempDir(), "e2e.db")
	env := map[string]string{
		"SLACK_BOT_TOKEN":    slacktest.BotToken,
		"SLACK_APP_TOKEN":    slacktest.AppToken,
		"SLACK_API_URL":      fake.URL(),
		"DATABASE_URL":       "sqlite:" + dbPath,
		"ONETOONE_HTTP_ADDR": freeAddr(t),
		"LOG_LEVEL":          "debug",
		// The end-to-end timings; quiet hours off, since the test
		// runs whenever CI does.
		"ONETOONE_TICK":             "1s",
		"ONETOONE_NUDGE_AFTER":      "5s",
		"ONETOONE_REFLECTION_DELAY": "2s",
		"ONETOONE_DELIVERY_HOURS":   "always",
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	serveCtx, stopServe := context.WithCancel(ctx)
	defer stopServe()
	stderr := &faultBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(serveCtx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, stderr)
	}()
	defer func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", stderr.String())
		}
	}()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	waitDM := func(user, want string) slacktest.Message {
		t.Helper()
		var found slacktest.Message
		err := fake.WaitFor(ctx, func() bool {
			for _, m := range fake.DMs(user) {
				if strings.Contains(m.Text, want) {
					found = m
					return true
				}
			}
			return false
		})
		if err != nil {
			var texts []string
			for _, m := range fake.DMs(user) {
				texts = append(texts, m.Text)
			}
			t.Fatalf("no DM to %s containing %q; DMs: %q", user, want, texts)
		}
		return found
	}

	if _, err := fake.SlashCommand(ctx, "UALEX", "<@USAM> coffee next week?"); err != nil {
		t.Fatal(err)
	}
	asked := time.Now()
	waitDM("USAM", "would like to have a one-to-one")

	// Five seconds on, one nudge to each of them.
	nudge := waitDM("UALEX", "hasn't picked a time")
	if took := time.Since(asked); took < 4*time.Second {
		t.Errorf("the nudge came %v after the request, before ONETOONE_NUDGE_AFTER", took)
	}
	for _, b := range []string{"Remind them", "Pick a time", "Cancel request"} {
		if !strings.Contains(blockText(nudge.Blocks), b) {
			t.Errorf("the requester's nudge lacks %q", b)
		}
	}
	waitDM("USAM", "would still love to meet")

	// Sam picks a time from the nudge; then the meeting happens (the test
	// moves it into the past) and Alex is asked how it went.
	if _, err := fake.ClickButton(ctx, "USAM", "Pick a time"); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitFor(ctx, func() bool { _, ok := fake.OpenView("USAM"); return ok }); err != nil {
		t.Fatal("the schedule modal never opened")
	}
	at := time.Now().Add(time.Hour).Truncate(time.Minute)
	if _, err := fake.SubmitView(ctx, "USAM", map[string]string{"When": strconv.FormatInt(at.Unix(), 10), "How long": "30"}); err != nil {
		t.Fatal(err)
	}
	waitDM("UALEX", "Reminder: your one-to-one with")
	waitDM("USAM", "Reminder: you're meeting")

	store, err := models.Open(ctx, "sqlite:"+dbPath, models.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ended := time.Now().Add(-31 * time.Minute).UTC()
	if err := store.DB().Exec("UPDATE one_to_ones SET scheduled_at = ? WHERE status = ?", ended, models.StatusScheduled).Error; err != nil {
		t.Fatal(err)
	}
	prompt := waitDM("UALEX", "How did your one-to-one with")
	for _, b := range []string{"Reflect", "It didn't happen", "Reschedule"} {
		if !strings.Contains(blockText(prompt.Blocks), b) {
			t.Errorf("the reflection prompt lacks %q", b)
		}
	}

	// Nothing went twice.
	for user, want := range map[string]int{"UALEX": 1, "USAM": 1} {
		for _, text := range []string{"hasn't picked a time", "would still love to meet", "How did your one-to-one", "Reminder:"} {
			n := 0
			for _, m := range fake.DMs(user) {
				if strings.Contains(m.Text, text) {
					n++
				}
			}
			if n > want {
				t.Errorf("%s got %d DMs saying %q", user, n, text)
			}
		}
	}
	stopServe()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// blockText is every text and button label of a message, for contains
// checks.
func blockText(bs slack.Blocks) string {
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
					b.WriteString(fmt.Sprintf("[%s]\n", btn.Text.Text))
				}
			}
		}
	}
	return b.String()
}
