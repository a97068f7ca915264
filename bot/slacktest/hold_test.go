package slacktest

import (
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestHold(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)
	api := newAPI(s)

	release := s.Hold("auth.test")
	done := make(chan error, 1)
	go func() { _, err := api.AuthTestContext(ctx); done <- err }()
	if err := s.WaitFor(ctx, func() bool { return s.Held("auth.test") == 1 }); err != nil {
		t.Fatal("the call never arrived")
	}
	select {
	case err := <-done:
		t.Fatalf("a held call was answered (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	if n := len(s.Calls("auth.test")); n != 0 {
		t.Errorf("a held call is recorded: %d", n)
	}
	if _, err := api.GetUserInfoContext(ctx, BotUserID); err != nil {
		t.Errorf("other methods are held too: %v", err)
	}
	release()
	release() // twice is fine
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := s.Held("auth.test"); got != 0 || len(s.Calls("auth.test")) != 1 {
		t.Errorf("after release: %d held, %d recorded", got, len(s.Calls("auth.test")))
	}

	// Close lets a forgotten hold go.
	s2 := New(Options{})
	s2.Hold("auth.test")
	go func() { _, err := newAPI(s2).AuthTestContext(ctx); done <- err }()
	if err := s2.WaitFor(ctx, func() bool { return s2.Held("auth.test") == 1 }); err != nil {
		t.Fatal("the call never arrived")
	}
	closed := make(chan struct{})
	go func() { s2.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for a held call")
	}
	<-done
}

// TestLose: calls held when Lose is called never reach Slack: their caller
// gets no answer and nothing is recorded; later calls go through.
func TestLose(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)
	api := newAPI(s)
	s.Hold("auth.test")
	done := make(chan error, 1)
	go func() { _, err := api.AuthTestContext(ctx); done <- err }()
	if err := s.WaitFor(ctx, func() bool { return s.Held("auth.test") == 1 }); err != nil {
		t.Fatal("the call never arrived")
	}
	s.Lose("auth.test")
	if err := <-done; err == nil {
		t.Error("a lost call was answered")
	}
	if n := len(s.Calls("auth.test")); n != 0 {
		t.Errorf("a lost call is recorded: %d", n)
	}
	if _, err := api.AuthTestContext(ctx); err != nil || len(s.Calls("auth.test")) != 1 {
		t.Errorf("the next call: %v, %d recorded", err, len(s.Calls("auth.test")))
	}
}

func TestResponseURL(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)
	u := s.ResponseURL("UALEX")
	if err := slack.PostWebhookContext(ctx, u, &slack.WebhookMessage{Text: "late"}); err != nil {
		t.Fatal(err)
	}
	eph := s.Ephemerals("UALEX")
	if len(eph) != 1 || eph[0].Text != "late" || !eph[0].ViaResponseURL || eph[0].Channel != GeneralChannelID {
		t.Errorf("ephemerals = %+v", eph)
	}
}
