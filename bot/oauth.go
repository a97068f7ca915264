package bot

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Paths of the OAuth installation flow (HTTP mode with SLACK_CLIENT_ID):
// the Add to Slack page, and where Slack sends the installer back. The
// manifest's oauth_config.redirect_urls ends in PathOAuthRedirect.
const (
	PathInstall       = "/slack/install"
	PathOAuthRedirect = "/slack/oauth_redirect"
)

// BotScopes are the bot scopes the app asks for when a workspace installs
// it: the ones deploy/slack-manifest-http.yml lists (TestBotScopesMatchManifest).
var BotScopes = []string{"commands", "chat:write", "im:write", "im:history", "users:read", "users:read.email", "channels:read", "groups:read", "files:write"}

// DefaultStateTTL is how long an Add to Slack link stays usable: long
// enough to read Slack's consent screen, short enough that an old link
// found in a browser's history is of no use.
const DefaultStateTTL = 10 * time.Minute

// OAuthConfig is what the installation flow needs from the wiring.
type OAuthConfig struct {
	// ClientID and ClientSecret are the app's (Basic Information → App
	// Credentials). The secret also signs the state.
	ClientID, ClientSecret string
	// PublicURL is where Slack and browsers reach this deployment
	// (ONETOONE_PUBLIC_URL), without a trailing slash.
	PublicURL string
	// APIURL is Slack's Web API base (SLACK_API_URL), with its trailing
	// slash; oauth.v2.access is called there.
	APIURL string
	// StateTTL is how long an Add to Slack link stays usable;
	// DefaultStateTTL when zero.
	StateTTL time.Duration
	// HTTPClient calls oauth.v2.access; SlackHTTPClient when nil.
	HTTPClient *http.Client
}

// OAuth serves the installation flow: every workspace that completes it is
// served by the same deployment with its own bot token (Config.NewSlack).
type OAuth struct {
	bot *Bot
	cfg OAuthConfig
}

// NewOAuth returns the installation flow for b.
func NewOAuth(b *Bot, cfg OAuthConfig) *OAuth {
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	if cfg.StateTTL <= 0 {
		cfg.StateTTL = DefaultStateTTL
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = SlackHTTPClient()
	}
	return &OAuth{bot: b, cfg: cfg}
}

// Register adds the Add to Slack page and the redirect to mux.
func (o *OAuth) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+PathInstall, o.serveInstall)
	mux.HandleFunc("GET "+PathOAuthRedirect, o.serveRedirect)
}

func (o *OAuth) redirectURI() string { return o.cfg.PublicURL + PathOAuthRedirect }
func (o *OAuth) installURL() string  { return o.cfg.PublicURL + PathInstall }

// serveInstall shows the Add to Slack page: a link to Slack's consent
// screen carrying a fresh signed state.
func (o *OAuth) serveInstall(w http.ResponseWriter, r *http.Request) {
	l := pageLang(r)
	st, err := newState([]byte(o.cfg.ClientSecret), o.bot.now(), o.cfg.StateTTL)
	if err != nil {
		o.bot.log.Error("could not make an installation state", "err", err)
		o.page(w, http.StatusInternalServerError, l, "install.failed_title", "install.internal", nil)
		return
	}
	q := url.Values{
		"client_id": {o.cfg.ClientID}, "scope": {strings.Join(BotScopes, ",")},
		"redirect_uri": {o.redirectURI()}, "state": {st},
	}
	writePage(w, http.StatusOK, l, page{
		Title: catalog.T(l, "install.title", nil), Body: catalog.T(l, "install.intro", nil),
		Link: "https://slack.com/oauth/v2/authorize?" + q.Encode(), LinkText: catalog.T(l, "install.button", nil),
	})
}

// serveRedirect finishes an installation: the state must be ours, fresh,
// and never used before (on any replica: the store records it once); then
// Slack's code becomes the workspace's bot token, sealed in the store.
func (o *OAuth) serveRedirect(w http.ResponseWriter, r *http.Request) {
	l := pageLang(r)
	ctx := r.Context()
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		o.bot.log.Info("installation cancelled at Slack", "error", e)
		o.page(w, http.StatusOK, l, "install.cancelled_title", "install.cancelled", nil)
		return
	}
	nonce, err := checkState([]byte(o.cfg.ClientSecret), q.Get("state"), o.bot.now())
	if err != nil {
		o.bot.log.Warn("installation refused", "reason", err)
		key := "install.state_invalid"
		if errors.Is(err, errStateExpired) {
			key = "install.state_expired"
		}
		o.page(w, http.StatusBadRequest, l, "install.failed_title", key, nil)
		return
	}
	first, err := o.bot.store.FirstSight(ctx, "oauth-state:"+nonce)
	if err != nil {
		o.bot.log.Error("could not record an installation state", "err", err)
		o.page(w, http.StatusInternalServerError, l, "install.failed_title", "install.internal", nil)
		return
	}
	if !first {
		o.bot.log.Warn("installation refused", "reason", "state used before")
		o.page(w, http.StatusBadRequest, l, "install.failed_title", "install.state_used", nil)
		return
	}
	code := q.Get("code")
	if code == "" {
		o.page(w, http.StatusBadRequest, l, "install.failed_title", "install.state_invalid", nil)
		return
	}
	team, err := o.exchange(ctx, code)
	if err != nil {
		o.bot.log.Warn("installation failed", "err", err)
		key := "install.internal"
		var se slack.SlackErrorResponse
		if errors.As(err, &se) || errors.Is(err, errNotBotToken) {
			key = "install.exchange_failed"
		}
		o.page(w, http.StatusBadGateway, l, "install.failed_title", key, nil)
		return
	}
	o.bot.log.Info("installed in a workspace", "team", team.ID)
	writePage(w, http.StatusOK, l, page{
		Title: catalog.T(l, "install.done_title", nil),
		Body:  catalog.T(l, "install.done", map[string]any{"Team": team.Name, "Command": o.bot.command}),
		Link:  "https://slack.com/app_redirect?team=" + url.QueryEscape(team.ID), LinkText: catalog.T(l, "install.open_slack", nil),
	})
}

var errNotBotToken = errors.New("oauth.v2.access gave no bot token")

// exchange turns the code into the workspace's bot token through slack-go's
// OAuth helper, and stores it sealed. A reinstallation replaces the token
// and lifts the uninstall mark.
func (o *OAuth) exchange(ctx context.Context, code string) (slack.OAuthV2ResponseTeam, error) {
	resp, err := slack.GetOAuthV2ResponseContext(ctx, o.cfg.HTTPClient, o.cfg.ClientID, o.cfg.ClientSecret, code, o.redirectURI(), slack.OAuthOptionAPIURL(o.cfg.APIURL))
	o.bot.metrics.slackCall("oauth.v2.access", err)
	if err != nil {
		return slack.OAuthV2ResponseTeam{}, err
	}
	if resp.AccessToken == "" || resp.TokenType != "bot" || resp.Team.ID == "" {
		return resp.Team, errNotBotToken
	}
	team := models.TeamID(resp.Team.ID)
	err = o.bot.store.Install(ctx, models.Installation{
		Team: team, TeamName: resp.Team.Name, EnterpriseID: resp.Enterprise.ID, BotUserID: resp.BotUserID,
		BotToken: resp.AccessToken, Scopes: resp.Scope, InstalledBy: models.UserID(resp.AuthedUser.ID),
	})
	if err != nil {
		return resp.Team, err
	}
	o.bot.forget(team) // a reinstallation's new token replaces the cached client
	return resp.Team, nil
}

// page writes a page with a title and a message, and a link back to the
// Add to Slack page.
func (o *OAuth) page(w http.ResponseWriter, status int, l catalog.Lang, title, body string, data map[string]any) {
	writePage(w, status, l, page{
		Title: catalog.T(l, title, nil), Body: catalog.T(l, body, data),
		Link: o.installURL(), LinkText: catalog.T(l, "install.again", nil),
	})
}

// pageLang is the visitor's language from their browser (Accept-Language),
// English when it names none the catalog has: the page is shown before
// the bot knows who they are.
func pageLang(r *http.Request) catalog.Lang {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if l, ok := catalog.FromSlackLocale(tag); ok {
			return l
		}
	}
	return catalog.English
}
