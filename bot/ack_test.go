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
	b := New(Config{Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	release := make(chan struct{})
	b.r.commands[cmdHelp] = func(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
		<-release // slower than the ack budget
		return textReply("here you go"), nil
	}
	acked := make(chan any, 1)
	go func() {
		acked <- b.Command(context.Background(), slack.SlashCommand{Text: "help", UserID: "UA", ResponseURL: srv.URL})
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
