package slacktest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestAuth(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)

	t.Run("OK", func(t *testing.T) {
		got, err := newAPI(s).AuthTestContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != BotUserID || got.TeamID != TeamID || got.BotID != BotID {
			t.Errorf("auth.test = %+v", got)
		}
	})
	t.Run("ErrInvalidAuth", func(t *testing.T) {
		for _, token := range []string{"xoxb-wrong", AppToken, ""} {
			_, err := slack.New(token, slack.OptionAPIURL(s.URL())).AuthTestContext(ctx)
			if got := slackErr(err); got != "invalid_auth" {
				t.Errorf("token %q: error %q, want invalid_auth", token, got)
			}
		}
	})
	t.Run("ErrUnknownMethod", func(t *testing.T) {
		resp, err := http.PostForm(s.URL()+"chat.nonsense", url.Values{"token": {BotToken}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body slack.SlackResponse
		if err := jsonDecode(resp, &body); err != nil {
			t.Fatal(err)
		}
		if body.Error != "unknown_method" {
			t.Errorf("error = %q, want unknown_method", body.Error)
		}
	})
}

func TestConnectionsOpen(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)

	t.Run("OK", func(t *testing.T) {
		_, first, err := newAPI(s).StartSocketModeContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, second, err := newAPI(s).StartSocketModeContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(first, "ws://127.0.0.1:") || first == second {
			t.Errorf("urls %q, %q: want fresh ws:// urls", first, second)
		}
	})
	t.Run("ErrInvalidAuth", func(t *testing.T) {
		api := slack.New(BotToken, slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(BotToken))
		_, _, err := api.StartSocketModeContext(ctx)
		if got := slackErr(err); got != "invalid_auth" {
			t.Errorf("error %q, want invalid_auth", got)
		}
	})
}

func TestChat(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)

	ch, ts1, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hello", false),
		slack.MsgOptionBlocks(section("*hello*"), buttons("b", btn("a", "Go", "v"))))
	if err != nil {
		t.Fatal(err)
	}
	if ch != "DU1" {
		t.Errorf("channel = %q, want DU1 (the DM)", ch)
	}
	_, ts2, err := api.PostMessageContext(ctx, "DU1", slack.MsgOptionText("second", false), slack.MsgOptionTS(ts1))
	if err != nil {
		t.Fatal(err)
	}
	if ts2 <= ts1 {
		t.Errorf("ts %q then %q: want increasing", ts1, ts2)
	}

	t.Run("Messages", func(t *testing.T) {
		dms := s.DMs("U1")
		if len(dms) != 2 || dms[0].Text != "hello" || dms[1].ThreadTS != ts1 || len(dms[0].Blocks.BlockSet) != 2 {
			t.Fatalf("DMs = %+v", dms)
		}
		if _, ok := dms[0].Blocks.BlockSet[0].(*slack.SectionBlock); !ok {
			t.Errorf("block 0 is %T, want *slack.SectionBlock", dms[0].Blocks.BlockSet[0])
		}
		if dms[0].Blocks.BlockSet[0].ID() == "" {
			t.Error("block without block_id got none; Slack assigns one")
		}
	})
	t.Run("Update", func(t *testing.T) {
		if _, _, _, err := api.UpdateMessageContext(ctx, "DU1", ts1, slack.MsgOptionText("edited", false)); err != nil {
			t.Fatal(err)
		}
		m := s.DMs("U1")[0]
		if m.Text != "edited" || !m.Updated || len(m.Blocks.BlockSet) != 2 {
			t.Errorf("after update: %+v (blocks kept when not sent)", m)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, _, err := api.DeleteMessageContext(ctx, "DU1", ts2); err != nil {
			t.Fatal(err)
		}
		if n := len(s.DMs("U1")); n != 1 {
			t.Errorf("%d DMs after delete, want 1", n)
		}
		_, _, err := api.DeleteMessageContext(ctx, "DU1", ts2)
		if got := slackErr(err); got != "message_not_found" {
			t.Errorf("second delete: %q, want message_not_found", got)
		}
	})
	t.Run("ErrInvalidBlocks", func(t *testing.T) {
		blocks := make([]slack.Block, 51)
		for i := range blocks {
			blocks[i] = slack.NewDividerBlock()
		}
		_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false), slack.MsgOptionBlocks(blocks...))
		if got := slackErr(err); got != "invalid_blocks" {
			t.Errorf("51 blocks: %q, want invalid_blocks", got)
		}
		if len(s.Messages("C1")) != 0 {
			t.Error("refused message was stored")
		}
	})
	t.Run("ErrMsgTooLong", func(t *testing.T) {
		_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(strings.Repeat("x", 40001), false))
		if got := slackErr(err); got != "msg_too_long" {
			t.Errorf("%q, want msg_too_long", got)
		}
	})
	t.Run("ErrNoText", func(t *testing.T) {
		_, _, err := api.PostMessageContext(ctx, "C1")
		if got := slackErr(err); got != "no_text" {
			t.Errorf("%q, want no_text", got)
		}
	})
	t.Run("Ephemeral", func(t *testing.T) {
		ts, err := api.PostEphemeralContext(ctx, "C1", "U2", slack.MsgOptionText("psst", false))
		if err != nil {
			t.Fatal(err)
		}
		want := []Ephemeral{{Channel: "C1", User: "U2", Text: "psst", TS: ts}}
		if diff := cmp.Diff(want, s.Ephemerals("U2")); diff != "" {
			t.Errorf("Ephemerals (-want +got):\n%s", diff)
		}
	})
	t.Run("Calls", func(t *testing.T) {
		calls := s.Calls("chat.postMessage")
		if len(calls) < 2 {
			t.Fatalf("%d calls", len(calls))
		}
		p := calls[0].Params
		if _, ok := p["token"]; ok {
			t.Error("token recorded in Params")
		}
		if blocks, ok := p["blocks"].([]any); !ok || len(blocks) != 2 {
			t.Errorf("blocks param not decoded: %#v", p["blocks"])
		}
		calls[0].Params["channel"] = "changed"
		if s.Calls("chat.postMessage")[0].Params["channel"] == "changed" {
			t.Error("Calls returned shared state")
		}
	})
}

func TestConversationsOpen(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)
	ch, _, _, err := newAPI(s).OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U9"}})
	if err != nil {
		t.Fatal(err)
	}
	if ch.ID != "DU9" {
		t.Errorf("channel %q, want DU9", ch.ID)
	}
	if calls := s.Calls("conversations.open"); len(calls) != 1 || calls[0].Params["users"] != "U9" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestUsers(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)
	s.AddUser(slack.User{ID: "U1", Name: "ann"})
	s.AddUser(slack.User{ID: "U2", Name: "bob", TZ: "Europe/Paris"})
	s.AddUser(slack.User{ID: "U3", Name: "cy", Locale: "es-LA"})

	t.Run("Info", func(t *testing.T) {
		u, err := api.GetUserInfoContext(ctx, "U1")
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "ann" || u.TZ != "America/New_York" || u.TeamID != TeamID {
			t.Errorf("user = %+v", u)
		}
		bot, err := api.GetUserInfoContext(ctx, BotUserID)
		if err != nil || !bot.IsBot {
			t.Errorf("bot user = %+v, %v", bot, err)
		}
	})
	t.Run("LocaleOnlyWhenAsked", func(t *testing.T) {
		for _, tt := range []struct {
			user, want string
			ask        bool
		}{{"U3", "es-LA", true}, {"U1", "en-US", true}, {"U3", "", false}} {
			u, err := api.GetUserInfoContext(ctx, tt.user, slack.GetUserInfoOptionIncludeLocale(tt.ask))
			if err != nil || u.Locale != tt.want {
				t.Errorf("%s with include_locale=%v: locale %q, %v; want %q", tt.user, tt.ask, u.Locale, err, tt.want)
			}
		}
	})
	t.Run("ErrUserNotFound", func(t *testing.T) {
		_, err := api.GetUserInfoContext(ctx, "U404")
		if got := slackErr(err); got != "user_not_found" {
			t.Errorf("%q, want user_not_found", got)
		}
	})
	t.Run("ListPaginated", func(t *testing.T) {
		p := api.GetUsersPaginated(slack.GetUsersOptionLimit(2))
		var ids []string
		pages := 0
		var err error
		for {
			if p, err = p.Next(ctx); err != nil {
				break
			}
			pages++
			for _, u := range p.Users {
				ids = append(ids, u.ID)
			}
		}
		if err = p.Failure(err); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{BotUserID, "U1", "U2", "U3"}, ids); diff != "" || pages != 2 {
			t.Errorf("pages %d, ids (-want +got):\n%s", pages, diff)
		}
	})
	t.Run("Team", func(t *testing.T) {
		team, err := api.GetTeamInfoContext(ctx)
		if err != nil || team.ID != TeamID {
			t.Errorf("team = %+v, %v", team, err)
		}
	})
}

func TestRateLimit(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)

	t.Run("PerMethod", func(t *testing.T) {
		s.SetRateLimit("auth.test", 2)
		for range 2 {
			if _, err := api.AuthTestContext(ctx); err != nil {
				t.Fatal(err)
			}
		}
		_, err := api.AuthTestContext(ctx)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter < time.Second || rl.RetryAfter > time.Minute {
			t.Fatalf("third call: %v, want *slack.RateLimitedError with Retry-After", err)
		}
		if calls := s.Calls("auth.test"); calls[len(calls)-1].Error != "ratelimited" {
			t.Errorf("last call recorded as %+v", calls[len(calls)-1])
		}
		s.SetRateLimit("auth.test", 0)
		if _, err := api.AuthTestContext(ctx); err != nil {
			t.Errorf("after removing the limit: %v", err)
		}
	})
	t.Run("ChannelPacing", func(t *testing.T) {
		s.SetChannelPacing(true)
		defer s.SetChannelPacing(false)
		var err error
		sent := 0
		for ; sent < 10 && err == nil; sent++ {
			_, _, err = api.PostMessageContext(ctx, "CPACE", slack.MsgOptionText("x", false))
		}
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
			t.Fatalf("burst: %v, want RateLimitedError of 1s", err)
		}
		if sent < 2 || sent > 5 {
			t.Errorf("limited after %d messages, want a short burst", sent)
		}
		if _, _, err := api.PostMessageContext(ctx, "COTHER", slack.MsgOptionText("x", false)); err != nil {
			t.Errorf("other channel: %v", err)
		}
	})
	t.Run("FailNext", func(t *testing.T) {
		s.FailNext("users.info", "fatal_error")
		_, err := api.GetUserInfoContext(ctx, BotUserID)
		if got := slackErr(err); got != "fatal_error" {
			t.Errorf("%q, want fatal_error", got)
		}
		if _, err := api.GetUserInfoContext(ctx, BotUserID); err != nil {
			t.Errorf("second call: %v", err)
		}
	})
}

// TestRateLimitOnClock: the limits count on Options.Clock, so a minute of
// them passes when the test says.
func TestRateLimitOnClock(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newServer(t, Options{Clock: clock})
	api := newAPI(s)
	ctx := testContext(t)
	s.SetRateLimit("auth.test", 2)
	for range 2 {
		if _, err := api.AuthTestContext(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	now = now.Add(59 * time.Second)
	mu.Unlock()
	var rl *slack.RateLimitedError
	if _, err := api.AuthTestContext(ctx); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("third call 59 s on: %v, want a 429 with Retry-After 1 s", err)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Errorf("a minute on: %v", err)
	}
	if calls := s.Calls("auth.test"); !calls[len(calls)-1].At.Equal(clock()) {
		t.Errorf("last call recorded at %v, want the clock's %v", calls[len(calls)-1].At, clock())
	}
}

func TestUploadFileV2(t *testing.T) {
	s := newServer(t, Options{})
	ctx := testContext(t)
	content := "a,b\n1,2\n"
	f, err := newAPI(s).UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "report.csv", FileSize: len(content), Content: content, Channel: "C1", Title: "Report",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{ID: f.ID, Filename: "report.csv", Title: "Report", Content: content, Channel: "C1"}}
	if diff := cmp.Diff(want, s.Files()); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
}
