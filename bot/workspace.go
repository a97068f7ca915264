package bot

import (
	"context"
	"sync"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// elsewhereText answers a slash command typed in a workspace this
// deployment does not serve. It names nothing of the workspace it serves,
// and is in English: whoever typed it is no one the bot knows, so it has no
// language of theirs, and the group's would say something of the group.
//
// Serving every workspace that installs it (OAuth), the bot is simply not
// installed there, or was removed: it says so, and how to add it.
func (b *Bot) elsewhereText() string {
	if b.manyWorkspaces() {
		return catalog.T(catalog.English, "error.not_installed", nil)
	}
	return catalog.T(catalog.English, "error.elsewhere", nil)
}

// workspace is one installation the bot speaks for: the Slack client
// holding its bot token, and its own budget of Slack calls, since Slack's
// rate limits are per workspace (docs/slack.md "Rate limits").
type workspace struct {
	team models.TeamID
	api  *slack.Client
	pace *pacer
	// token is the one api holds, and checked when the store last said so:
	// another replica may have seen the app uninstalled, or reinstalled
	// with a new token, since (workspaceTTL).
	token   string
	checked time.Time
}

// workspaceTTL is how long a cached workspace is trusted before the store
// is asked again whether it is installed, and with which token: how long
// a replica that did not see app_uninstalled may go on serving it.
const workspaceTTL = 5 * time.Minute

// workspaces caches one workspace per team, built with its token read
// once from the store (Config.NewSlack); forget drops one when the app is
// uninstalled or its tokens revoked.
type workspaces struct {
	mu     sync.Mutex
	byTeam map[models.TeamID]*workspace
}

type teamKey struct{}

// withTeam marks ctx as work for one workspace: every Slack call made with
// it goes through that workspace's client and budget.
func withTeam(ctx context.Context, team models.TeamID) context.Context {
	return context.WithValue(ctx, teamKey{}, team)
}

// teamOf is the workspace ctx works for, "" when none was named.
func teamOf(ctx context.Context) models.TeamID {
	t, _ := ctx.Value(teamKey{}).(models.TeamID)
	return t
}

// teamFor is the workspace work on ctx is for: the request's (or
// recipient's), else the one workspace of SLACK_BOT_TOKEN. Whatever is
// kept per workspace (its default group, its settings) is looked up by it.
func (b *Bot) teamFor(ctx context.Context) models.TeamID {
	if t := teamOf(ctx); t != "" {
		return t
	}
	return b.team
}

// manyWorkspaces reports whether the bot serves every workspace that
// installed it (OAuth, HTTP mode) rather than the one of SLACK_BOT_TOKEN.
func (b *Bot) manyWorkspaces() bool { return b.newClient != nil }

// workspace returns the installation of team, building its client on first
// use. A workspace not installed, or uninstalled, is ENOTFOUND. With one
// workspace (Socket Mode) it is the one auth.test named at start.
func (b *Bot) workspace(ctx context.Context, team models.TeamID) (*workspace, error) {
	if !b.manyWorkspaces() {
		if b.team == "" || team != b.team {
			return nil, userError(models.ENOTFOUND, "error.elsewhere", nil)
		}
		return &workspace{team: b.team, api: b.slack, pace: b.pace}, nil
	}
	if team == "" {
		return nil, userError(models.ENOTFOUND, "error.elsewhere", nil)
	}
	now := b.now()
	b.ws.mu.Lock()
	w := b.ws.byTeam[team]
	fresh := w != nil && now.Sub(w.checked) < workspaceTTL && !now.Before(w.checked)
	b.ws.mu.Unlock()
	if fresh {
		return w, nil
	}
	token, err := b.store.BotToken(ctx, team)
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			b.forget(team)
		}
		return nil, err
	}
	b.ws.mu.Lock()
	defer b.ws.mu.Unlock()
	if w := b.ws.byTeam[team]; w != nil && w.token == token {
		w.checked = now // the same installation: its budget carries on
		return w, nil
	}
	w = &workspace{team: team, api: b.newClient(token), pace: newPacer(), token: token, checked: now}
	b.ws.byTeam[team] = w
	return w, nil
}

// forget drops a workspace's cached client: its token no longer works.
func (b *Bot) forget(team models.TeamID) {
	b.ws.mu.Lock()
	defer b.ws.mu.Unlock()
	delete(b.ws.byTeam, team)
}

// current is the workspace ctx works for. Work that names none, or one no
// longer installed, gets a client without a token: its calls fail at Slack
// (not_authed) rather than speak for the wrong workspace.
func (b *Bot) current(ctx context.Context) *workspace {
	w, err := b.workspace(ctx, teamOf(ctx))
	if err != nil {
		b.log.Warn("a Slack call for no installed workspace", "team", teamOf(ctx), "err", err, "request", requestID(ctx))
		return &workspace{api: b.slack, pace: b.pace}
	}
	return w
}

// api is the Slack client of the workspace ctx works for: every Slack call
// goes through it, so nothing is said in one workspace on another's behalf.
func (b *Bot) api(ctx context.Context) *slack.Client {
	if !b.manyWorkspaces() {
		return b.slack
	}
	return b.current(ctx).api
}

// paceOf is the budget of Slack calls of the workspace ctx works for: one
// busy workspace never spends another's.
func (b *Bot) paceOf(ctx context.Context) *pacer {
	if !b.manyWorkspaces() {
		return b.pace
	}
	return b.current(ctx).pace
}

// inWorkspaceOf marks ctx as work for the workspace of a member (their
// members.team_id), for scheduled messages, which no request names a
// workspace for. Someone the store does not hold stays unmarked.
func (b *Bot) inWorkspaceOf(ctx context.Context, user models.UserID) context.Context {
	if !b.manyWorkspaces() || teamOf(ctx) != "" {
		return ctx
	}
	if m, err := b.store.Member(ctx, user); err == nil && m.TeamID != "" {
		return withTeam(ctx, m.TeamID)
	}
	return ctx
}

// sameWorkspace reports whether a stored member may be dealt with in the
// workspace ctx works for: people of one workspace never see, invite or
// hear from those of another the deployment also serves.
func sameWorkspace(ctx context.Context, m *models.Member) bool {
	team := teamOf(ctx)
	return team == "" || m.TeamID == "" || m.TeamID == team
}

// inWorkspaceOfDelivery marks ctx for the workspace a scheduled message
// is for: its recipient's (members.team_id), else, for a digest to a
// channel, which names no member, its group's.
func (b *Bot) inWorkspaceOfDelivery(ctx context.Context, d models.Delivery) context.Context {
	if !b.manyWorkspaces() || teamOf(ctx) != "" {
		return ctx
	}
	if ctx := b.inWorkspaceOf(ctx, models.UserID(d.Recipient)); teamOf(ctx) != "" {
		return ctx
	}
	if d.GroupID != 0 {
		if g, err := b.store.GroupByID(ctx, d.GroupID); err == nil && g.TeamID != "" {
			return withTeam(ctx, g.TeamID)
		}
	}
	return ctx
}

// serves reports whether a payload from Slack is for a workspace this bot
// serves, and returns ctx marked for it (withTeam). With one workspace
// (Socket Mode) that is the one auth.test named at start; with many
// (OAuth) any that installed the app and has not removed it. Anything else
// (an event, a command or a click for a workspace not served, or one
// naming no workspace at all) is refused here, before any handler or the
// store's data sees it, and counted by kind.
func (b *Bot) serves(ctx context.Context, kind string, team models.TeamID) (context.Context, bool) {
	if _, err := b.workspace(ctx, team); err == nil {
		return withTeam(ctx, team), true
	} else if models.ErrorCode(err) != models.ENOTFOUND {
		b.log.Error("could not look up a workspace", "kind", kind, "team", team, "err", err, "request", requestID(ctx))
	}
	b.metrics.elsewhere.WithLabelValues(kind).Inc()
	b.log.Warn("refused a request for another workspace", "kind", kind, "team", team, "serves", b.team, "request", requestID(ctx))
	return ctx, false
}

// interactionKind labels an interaction for the refusal count: its type
// when it is one Slack sends this app, so the label set stays small.
func interactionKind(t slack.InteractionType) string {
	switch t {
	case slack.InteractionTypeBlockActions, slack.InteractionTypeViewSubmission, slack.InteractionTypeViewClosed:
		return string(t)
	}
	return "interactive"
}
