package bot_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Two workspaces that install the app through OAuth, each with two people.
const (
	teamA, teamB = "TAAAA", "TBBBB"
	ann, abe     = "UANN", "UABE" // in teamA
	axe          = "UAXE"         // in teamA
	bea, bob     = "UBEA", "UBOB" // in teamB
	bix          = "UBIX"         // in teamB
	clientID     = "1234.5678"
	clientSecret = "c0ffee-secret"
)

// oauthHarness is the bot serving many workspaces: tokens come from the
// store, put there by the OAuth flow it serves over HTTP. Requests reach
// it over Socket Mode, the fake's way of playing users; the routing by
// workspace is the transport's neither way.
type oauthHarness struct {
	*harness
	web *httptest.Server
}

func newOAuthHarness(t *testing.T, store *models.Store, clock *storetest.Clock) *oauthHarness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	fake := slacktest.New(slacktest.Options{})
	fake.SetOAuthApp(clientID, clientSecret)
	for _, u := range []slack.User{
		{ID: ann, Name: "ann", RealName: "Ann", TeamID: teamA}, {ID: abe, Name: "abe", RealName: "Abe", TeamID: teamA},
		{ID: axe, Name: "axe", RealName: "Axe", TeamID: teamA},
		{ID: bea, Name: "bea", RealName: "Bea", TeamID: teamB}, {ID: bob, Name: "bob", RealName: "Bob", TeamID: teamB},
		{ID: bix, Name: "bix", RealName: "Bix", TeamID: teamB},
	} {
		fake.AddUser(u)
	}
	logs := &syncBuffer{}
	tokenless := slack.New("", slack.OptionAppLevelToken(slacktest.AppToken), slack.OptionAPIURL(fake.URL()))
	cfg := bot.Config{
		Store: store, Slack: tokenless, Now: clock.Now, DefaultTZ: time.UTC,
		NewSlack: func(token string) *slack.Client { return slack.New(token, slack.OptionAPIURL(fake.URL())) },
		Log:      slog.New(slog.NewTextHandler(io.MultiWriter(logs), &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	b := bot.New(cfg)
	b.UseOutbox(scheduler.New(scheduler.Config{Store: store, Notifier: bot.NewNotifier(b), Now: clock.Now, Log: cfg.Log, Hours: scheduler.AllDay}))
	mux := http.NewServeMux()
	web := httptest.NewServer(mux)
	bot.NewOAuth(b, bot.OAuthConfig{ClientID: clientID, ClientSecret: clientSecret, PublicURL: web.URL, APIURL: fake.URL()}).Register(mux)
	sm := bot.NewSocketMode(b, socketmode.New(tokenless))
	done := make(chan struct{})
	go func() { defer close(done); sm.Run(ctx) }()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("bot never connected: %v", err)
	}
	t.Cleanup(func() {
		web.Close()
		cancel()
		<-done
		sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		b.Shutdown(sctx)
		fake.Close()
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs.String())
		}
	})
	h := &harness{t: t, ctx: ctx, fake: fake, store: store, clock: clock, bot: b, logs: logs}
	return &oauthHarness{harness: h, web: web}
}

var stateInLink = regexp.MustCompile(`href="(https://slack.com/oauth/v2/authorize\?[^"]+)"`)

// installState opens the Add to Slack page and returns the state its link
// carries, checking the link asks for the manifest's scopes.
func (h *oauthHarness) installState() string {
	h.t.Helper()
	status, body := h.get(bot.PathInstall)
	m := stateInLink.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		h.t.Fatalf("install page: %d %s", status, body)
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		h.t.Fatal(err)
	}
	q := u.Query()
	if q.Get("client_id") != clientID || q.Get("scope") != strings.Join(bot.BotScopes, ",") || q.Get("redirect_uri") != h.web.URL+bot.PathOAuthRedirect {
		h.t.Errorf("authorize link = %s", u)
	}
	return q.Get("state")
}

// redirect plays Slack sending the installer back with code and state.
func (h *oauthHarness) redirect(code, state string) (int, string) {
	h.t.Helper()
	return h.get(bot.PathOAuthRedirect + "?" + url.Values{"code": {code}, "state": {state}}.Encode())
}

func (h *oauthHarness) get(path string) (int, string) {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodGet, h.web.URL+path, nil)
	resp, err := h.web.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(body))
}

// install runs the whole flow for a workspace.
func (h *oauthHarness) install(team, name, installer string) {
	h.t.Helper()
	state := h.installState()
	status, body := h.redirect(h.fake.InstallCode(team, name, installer), state)
	if status != http.StatusOK || !strings.Contains(body, "onetoone is now in "+name) {
		h.t.Fatalf("installing %s: %d %s", team, status, body)
	}
}

// TestOAuthWorkspaces installs the app in two workspaces and uses it in
// both: each request and its DM go through that workspace's own token,
// nothing of one reaches the other, and uninstalling one leaves the other
// working.
func TestOAuthWorkspaces(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newOAuthHarness(t, s, clock)
		if got := h.command(ann, "help"); !strings.Contains(got, "not installed in this Slack workspace") {
			t.Errorf("before installing, a command = %q; want it refused", got)
		}
		h.install(teamA, "Alpha Tenants", ann)
		h.install(teamB, "Beta Union", bea)
		tokA, tokB := h.fake.TeamToken(teamA), h.fake.TeamToken(teamB)
		for team, want := range map[string]string{teamA: tokA, teamB: tokB} {
			if tok, err := s.BotToken(h.ctx, models.TeamID(team)); err != nil || tok != want || want == "" {
				t.Errorf("stored token of %s = %q, %v; want %q", team, tok, err, want)
			}
		}
		var sealed models.Workspace
		s.DB().Where("team_id = ?", teamA).First(&sealed)
		if strings.Contains(string(sealed.BotToken), tokA) && s.Encrypts() {
			t.Errorf("the bot token is stored in the clear")
		}

		if got := h.command(ann, "<@UABE|abe> let's talk about the rent strike"); !strings.Contains(got, "Invitation sent") {
			t.Fatalf("request in %s = %q", teamA, got)
		}
		h.waitDM(abe, "would like to have a one-to-one")
		if got := h.command(bea, "<@UBOB|bob> how did the meeting go?"); !strings.Contains(got, "Invitation sent") {
			t.Fatalf("request in %s = %q", teamB, got)
		}
		h.waitDM(bob, "would like to have a one-to-one")
		if got := h.command(ann, "<@UBOB|bob> hi"); strings.Contains(got, "Invitation sent") {
			t.Errorf("a request across workspaces was sent: %q", got)
		}
		crossed(t, h.fake)

		// Uninstalling A stops A only.
		h.fake.RevokeTeam(teamA)
		if _, err := h.fake.SendTeamEvent(h.ctx, teamA, "", map[string]any{"type": "app_uninstalled"}); err != nil {
			t.Fatal(err)
		}
		if err := h.fake.WaitFor(h.ctx, func() bool { _, err := s.BotToken(h.ctx, teamA); return err != nil }); err != nil {
			t.Fatalf("app_uninstalled in %s not recorded: %v", teamA, err)
		}
		if got := h.command(abe, "list"); !strings.Contains(got, "not installed in this Slack workspace") {
			t.Errorf("after uninstalling, a command in %s = %q; want it refused", teamA, got)
		}
		if got := h.command(bob, "<@UBIX|bix> thanks for today"); !strings.Contains(got, "Invitation sent") {
			t.Errorf("after %s uninstalled, a request in %s = %q", teamA, teamB, got)
		}
		h.waitDM(bix, "would like to have a one-to-one")
		crossed(t, h.fake)
		if _, err := s.BotToken(h.ctx, teamB); err != nil {
			t.Errorf("%s lost its token: %v", teamB, err)
		}
	})
}

// crossed fails on any call one workspace's token made about a person of
// the other.
func crossed(t *testing.T, fake *slacktest.Server) {
	t.Helper()
	home := map[string]string{ann: teamA, abe: teamA, axe: teamA, bea: teamB, bob: teamB, bix: teamB}
	for _, c := range fake.Calls("") {
		for _, key := range []string{"user", "users", "channel"} {
			v, _ := c.Params[key].(string)
			for id, team := range home {
				if strings.Contains(v, id) && c.Team != team && c.Error == "" {
					t.Errorf("%s by %s's token concerned %s of %s", c.Method, c.Team, id, team)
				}
			}
		}
	}
}

// TestOAuthStateRefused: a state must be this deployment's, fresh and
// unused; anything else installs nothing.
func TestOAuthStateRefused(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newOAuthHarness(t, s, clock)
		used := h.installState()
		h.redirect(h.fake.InstallCode(teamA, "Alpha", ann), used)
		if status, body := h.redirect(h.fake.InstallCode(teamB, "Beta", bea), used); status != http.StatusBadRequest || !strings.Contains(body, "already used once") {
			t.Errorf("replayed state: %d %s; want 400 saying it was used", status, body)
		}
		// A second replica, sharing the database, refuses it too.
		other := bot.New(bot.Config{Store: s, Now: clock.Now, Log: slog.New(slog.DiscardHandler),
			NewSlack: func(token string) *slack.Client { return slack.New(token, slack.OptionAPIURL(h.fake.URL())) }})
		mux := http.NewServeMux()
		replica := httptest.NewServer(mux)
		defer replica.Close()
		bot.NewOAuth(other, bot.OAuthConfig{ClientID: clientID, ClientSecret: clientSecret, PublicURL: h.web.URL, APIURL: h.fake.URL()}).Register(mux)
		resp, err := http.Get(replica.URL + bot.PathOAuthRedirect + "?" + url.Values{"code": {h.fake.InstallCode(teamB, "Beta", bea)}, "state": {used}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("state replayed at another replica = %d, want 400", resp.StatusCode)
		}

		forged := h.installState()
		forged = forged[:len(forged)-2] + "xx"
		expired := h.installState()
		clock.Advance(bot.DefaultStateTTL + time.Second)
		for _, tc := range []struct{ name, state, says string }{
			{"ErrForged", forged, "isn't one this onetoone made"},
			{"ErrOtherSecret", "bm9uY2U.9999999999.c2ln", "isn't one this onetoone made"},
			{"ErrExpired", expired, "more than 10 minutes old"},
			{"ErrMissing", "", "isn't one this onetoone made"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := h.redirect(h.fake.InstallCode(teamB, "Beta", bea), tc.state)
				if status != http.StatusBadRequest || !strings.Contains(body, tc.says) {
					t.Errorf("redirect = %d %s; want 400 saying %q", status, body, tc.says)
				}
			})
		}
		if _, err := s.Workspace(h.ctx, teamB); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("a refused state installed %s: %v", teamB, err)
		}
		if n := len(h.fake.Calls("oauth.v2.access")); n != 1 {
			t.Errorf("oauth.v2.access called %d times; want once, for the good state", n)
		}
	})
}

// TestOAuthBusyWorkspaceDelaysNoOther: scheduled messages of a workspace
// that Slack rate-limits wait their turn (deferred, not attempted), and
// another workspace's go out meanwhile: each has its own budget.
func TestOAuthBusyWorkspaceDelaysNoOther(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newOAuthHarness(t, s, clock)
		h.install(teamA, "Alpha Tenants", ann)
		h.install(teamB, "Beta Union", bea)
		for _, r := range [][2]string{{ann, "<@UABE|abe> hello"}, {axe, "<@UABE|abe> hi there"}} {
			if got := h.command(r[0], r[1]); !strings.Contains(got, "Invitation sent") {
				t.Fatalf("request in %s = %q", teamA, got)
			}
		}
		h.waitDM(abe, "would like to have a one-to-one")
		clock.Advance(time.Minute) // B's nudge falls due after A's two
		if got := h.command(bea, "<@UBOB|bob> hello"); !strings.Contains(got, "Invitation sent") {
			t.Fatalf("request in %s = %q", teamB, got)
		}
		h.waitDM(bob, "would like to have a one-to-one")
		before := len(h.fake.DMs(bob))

		// Slack lets A's bot post once more this minute, then says 429
		// with a Retry-After of most of a minute.
		h.fake.SetTeamRateLimit(teamA, "chat.postMessage", 1)
		done := make(chan struct{})
		go func() { defer close(done); h.runJob("nudges", t0.Add(scheduler.DefaultNudgeAfter+time.Minute)) }()
		ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
		defer cancel()
		if err := h.fake.WaitFor(ctx, func() bool { return len(h.fake.DMs(bob)) > before }); err != nil {
			t.Fatalf("B's nudge waited on A's rate limit: %v", err)
		}
		var limitedA, postedB int = -1, -1
		for i, c := range h.fake.Calls("chat.postMessage") {
			if c.Team == teamA && c.Error == "ratelimited" && limitedA < 0 {
				limitedA = i
			}
			if c.Team == teamB && strings.Contains(fmt.Sprint(c.Params["channel"]), bob) {
				postedB = i
			}
		}
		if limitedA < 0 || postedB < limitedA {
			t.Errorf("A was rate-limited at call %d and B's nudge posted at %d: the test wants A limited first", limitedA, postedB)
		}
		select {
		case <-done:
		case <-ctx.Done():
			t.Fatalf("the nudges job waited out A's Retry-After")
		}
		var deferred int64
		s.DB().Model(&models.Delivery{}).Where("recipient IN ? AND state = ?", []string{ann, abe, axe}, models.DeliveryPending).Count(&deferred)
		if deferred == 0 {
			t.Errorf("no message of A was deferred")
		}
		crossed(t, h.fake)
	})
}

// TestOAuthReplicaSeesUninstall: a replica that did not receive
// app_uninstalled stops serving the workspace once its cached client is
// older than a few minutes, and a reinstallation's new token is picked up
// the same way.
func TestOAuthReplicaSeesUninstall(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		h := newOAuthHarness(t, s, clock)
		h.install(teamA, "Alpha Tenants", ann)
		if got := h.command(ann, "help"); strings.Contains(got, "not installed") {
			t.Fatalf("installed, a command = %q", got)
		}
		// Another replica records the uninstall; this one never hears of it.
		if err := s.MarkUninstalled(h.ctx, teamA, clock.Now()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(10 * time.Minute)
		if got := h.command(ann, "help"); !strings.Contains(got, "not installed in this Slack workspace") {
			t.Errorf("after another replica saw the uninstall, a command = %q", got)
		}
		h.install(teamA, "Alpha Tenants", ann)
		if got := h.command(ann, "help"); strings.Contains(got, "not installed") {
			t.Errorf("reinstalled, a command = %q", got)
		}
	})
}
