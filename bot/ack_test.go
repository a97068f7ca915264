package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/slack-go/slack"
)

// TestSlowCommandAnswersLate: a command that outlasts the ack budget is
// acked empty in time, and its reply still reaches the person through the
// response_url.
func TestSlowCommandAnswersLate(t *testing.T) {
	got := make(chan slack.WebhookMessage, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m slack.WebhookMessage
		json.NewDecoder(r.Body).Decode(&m)
		got <- m
	}))
	defer srv.Close()
	b := New(Config{Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TeamID: "T1"})
	release := make(chan struct{})
	b.r.commands[cmdHelp] = func(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
		<-release // slower than the ack budget
		return textReply("here you go"), nil
	}
	acked := make(chan any, 1)
	go func() {
		payload, then := b.Command(context.Background(), slack.SlashCommand{Text: "help", UserID: "UA", TeamID: "T1", ResponseURL: srv.URL})
		acked <- payload
		then()
	}()
	select {
	case ack := <-acked:
		if ack != nil {
			t.Errorf("ack payload = %v, want none (the reply comes later)", ack)
		}
	case <-time.After(ackBudget + time.Second):
		t.Fatal("no ack within the budget")
	}
	close(release)
	select {
	case m := <-got:
		if m.Text != "here you go" || m.ResponseType != slack.ResponseTypeEphemeral {
			t.Errorf("late reply = %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the late reply never reached the response_url")
	}
	b.Shutdown(context.Background())
}

// TestSlowModalCommandOpensLate: a handler that outlasts the ack budget and
// then chooses a modal still opens it after the empty ack, on the command's
// trigger, which outlives the budget.
func TestSlowModalCommandOpensLate(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(fake.URL()))
	b := New(Config{Slack: api, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TeamID: "T1"})
	defer b.Shutdown(context.Background())
	release := make(chan struct{})
	b.r.commands[cmdHelp] = func(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
		<-release // slower than the ack budget
		return modalReply(requestModal(catalog.English, "")), nil
	}
	payload, then := b.Command(context.Background(), slack.SlashCommand{Text: "help", UserID: "UA", TeamID: "T1", TriggerID: fake.TriggerID("UA")})
	then()
	if payload != nil {
		t.Errorf("ack payload = %v, want none", payload)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fake.WaitFor(ctx, func() bool { v, ok := fake.OpenView("UA"); return ok && v.CallbackID == viewRequest }); err != nil {
		t.Fatalf("the modal never opened; views.open calls: %+v", fake.Calls("views.open"))
	}
}
