package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func TestRunJobList(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"run-job"}, env{"ONETOONE_TICK": "30s"}.getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("run-job = %d; stderr: %s", code, stderr.String())
	}
	for _, want := range []string{"reminders", "reflections", "nudges", "follow-ups", "expire", "every 30s", "forget-events", "@hourly", "--dry-run"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("job list lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestRunJobErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		contains string
	}{
		{"ErrUnknownJob", []string{"run-job", "newsletter"}, `no job named "newsletter"`},
		{"ErrBadAt", []string{"run-job", "nudges", "--at", "tomorrow"}, "--at"},
		{"ErrTwoNames", []string{"run-job", "nudges", "reminders"}, "one job name"},
		{"ErrUnknownFlag", []string{"run-job", "nudges", "--now"}, "-now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			e := slackEnv.with("DATABASE_URL", "sqlite:"+filepath.Join(dir, "x.db"), "SLACK_API_URL", "http://127.0.0.1:1/api/")
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, e.getenv, &stdout, &stderr); code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
			}
			first, rest, _ := strings.Cut(stderr.String(), "\n")
			if !strings.Contains(first, tt.contains) || !strings.HasPrefix(rest, runJobUsage) {
				t.Errorf("stderr %q should say %q in its first line, then the usage", stderr.String(), tt.contains)
			}
			assertEmpty(t, dir)
		})
	}
}

// TestRunJobDryRunThenRun runs the nudges job the way an operator would:
// as if it were two weeks after a request, first dry, then for real, then
// again. The dry run shows and sends nothing; the real run sends each
// nudge; the second sends none.
func TestRunJobDryRunThenRun(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	fake.AddUser(slack.User{ID: "UALEX", Name: "alex"})
	fake.AddUser(slack.User{ID: "USAM", Name: "sam"})
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "ops.db")
	ctx := context.Background()
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	store, err := models.Open(ctx, dsn, models.Options{Now: func() time.Time { return asked }})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	o, _ := models.NewRequest("UALEX", "USAM", "coffee?", asked)
	if g, err := store.DefaultGroup(ctx, slacktest.TeamID); err != nil || store.In(g.ID).CreateOneToOne(ctx, o) != nil {
		t.Fatal(err)
	}
	store.Close()

	e := slackEnv.with("SLACK_BOT_TOKEN", slacktest.BotToken, "SLACK_APP_TOKEN", slacktest.AppToken,
		"SLACK_API_URL", fake.URL(), "DATABASE_URL", dsn, "ONETOONE_DELIVERY_HOURS", "always")
	runJob := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, append([]string{"run-job"}, args...), e.getenv, &stdout, &stderr); code != 0 {
			t.Fatalf("run-job %v = %d; stderr: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	at := asked.Add(15 * 24 * time.Hour).Format(time.RFC3339)

	out := runJob("--dry-run", "nudges", "--at", at)
	for _, want := range []string{"queue  nudge_requester for UALEX", "send   nudge_invitee to USAM", "hasn't picked a time", "dry run of nudges as of " + at[:16]} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if n := len(fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("the dry run posted %d messages", n)
	}

	out = runJob("nudges", "--at", at)
	if !strings.Contains(out, "ran nudges") {
		t.Errorf("run output: %s", out)
	}
	if len(fake.DMs("UALEX")) != 1 || len(fake.DMs("USAM")) != 1 {
		t.Errorf("after the run: %d DMs to the requester, %d to the invitee; want 1 each", len(fake.DMs("UALEX")), len(fake.DMs("USAM")))
	}
	runJob("nudges", "--at", at)
	if n := len(fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d messages posted after running twice, want 2", n)
	}
}

// TestRunJobDryRunWithoutTokens previews the nudges job with no Slack
// token at all: the dry run shows what would be sent and asks Slack
// nothing; with two workspaces in the database it cannot tell whose
// settings apply, and says so.
func TestRunJobDryRunWithoutTokens(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "ops.db")
	ctx := context.Background()
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	store, err := models.Open(ctx, dsn, models.Options{Now: func() time.Time { return asked }})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	o, _ := models.NewRequest("UALEX", "USAM", "coffee?", asked)
	if g, err := store.DefaultGroup(ctx, slacktest.TeamID); err != nil || store.In(g.ID).CreateOneToOne(ctx, o) != nil {
		t.Fatal(err)
	}
	if g, err := store.DefaultGroup(ctx, slacktest.TeamID); err != nil || store.In(g.ID).SaveSettings(ctx, &models.SavedSettings{}) != nil {
		t.Fatal(err)
	}

	e := env{"SLACK_API_URL": fake.URL(), "DATABASE_URL": dsn, "ONETOONE_DELIVERY_HOURS": "always"}
	args := []string{"run-job", "nudges", "--dry-run", "--at", asked.Add(15 * 24 * time.Hour).Format(time.RFC3339)}
	var stdout, stderr bytes.Buffer
	if code := run(ctx, args, e.getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	for _, want := range []string{"queue  nudge_requester for UALEX", "send   nudge_invitee to USAM", "dry run of nudges"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, stdout.String())
		}
	}
	if calls := fake.Calls(""); len(calls) != 0 {
		t.Errorf("the dry run without a token called Slack %d times, first %s", len(calls), calls[0].Method)
	}

	if g, err := store.DefaultGroup(ctx, "T0OTHER"); err != nil || store.In(g.ID).SaveSettings(ctx, &models.SavedSettings{}) != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, args, e.getenv, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "SLACK_BOT_TOKEN is not set, and the database holds settings for 2 workspaces") {
		t.Errorf("with two workspaces: exit %d, stderr %q", code, stderr.String())
	}
}
