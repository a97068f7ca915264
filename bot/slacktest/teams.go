package slacktest

import (
	"context"
	"encoding/json"
	"time"
)

// Many workspaces. The fake starts with one (TeamID, BotToken); a test
// that installs the app through OAuth gets a code for another workspace
// (InstallCode), which oauth.v2.access exchanges for that workspace's own
// bot token. Each token answers auth.test with its workspace, and every
// call is recorded with the workspace whose token made it (Call.Team).
// Payloads a user sends (commands, clicks, submissions, DMs) carry the
// user's workspace (slack.User.TeamID in AddUser).

// fakeTeam is one workspace the app is installed in.
type fakeTeam struct {
	id, name, token, botUser string
}

// oauthCode is a code Slack gives the installer's browser.
type oauthCode struct {
	team, name, installer string
	used                  bool
}

// SetOAuthApp sets the app's client id and secret, which oauth.v2.access
// checks.
func (s *Server) SetOAuthApp(clientID, clientSecret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientID, s.clientSecret = clientID, clientSecret
}

// InstallCode plays the installer approving the app on Slack's consent
// screen for workspace team (a new one, or one installed before): it
// returns the code Slack puts in the redirect, good for one
// oauth.v2.access within 10 minutes, as in Slack.
func (s *Server) InstallCode(team, teamName, installer string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := randomToken()
	s.codes[code] = &oauthCode{team: team, name: teamName, installer: installer}
	return code
}

// TeamToken is the bot token oauth.v2.access last gave team, "" before
// any.
func (s *Server) TeamToken(team string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.teams[team]; t != nil {
		return t.token
	}
	return ""
}

// RevokeTeam makes a workspace's bot token invalid, as Slack does when the
// app is uninstalled there (app_uninstalled follows; see SendTeamEvent).
func (s *Server) RevokeTeam(team string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.teams[team]; t != nil {
		delete(s.tokens, t.token)
		t.token = ""
	}
}

// SendTeamEvent is SendEvent for a workspace other than the user's, such
// as app_uninstalled, which names no user.
func (s *Server) SendTeamEvent(ctx context.Context, team, eventID string, event map[string]any) (Ack, error) {
	if eventID == "" {
		s.mu.Lock()
		eventID = s.nextID("Ev")
		s.mu.Unlock()
	}
	payload, err := json.Marshal(eventCallback(team, eventID, event))
	if err != nil {
		return Ack{}, err
	}
	return s.deliverEvent(ctx, payload, eventID)
}

func eventCallback(team, eventID string, event map[string]any) map[string]any {
	return map[string]any{
		"token": verificationToken, "team_id": team, "api_app_id": AppID,
		"event": event, "type": "event_callback", "event_id": eventID,
		"event_time": time.Now().Unix(), "event_context": "4-fake-" + eventID,
		"is_ext_shared_channel": false,
		"authorizations": []any{map[string]any{"enterprise_id": nil, "team_id": team,
			"user_id": BotUserID, "is_bot": true, "is_enterprise_install": false}},
	}
}

// teamOfToken is the workspace a bot token belongs to, "" for none.
// Callers hold s.mu.
func (s *Server) teamOfToken(token string) string {
	if token == BotToken {
		return TeamID
	}
	return s.tokens[token]
}

// userTeam is the workspace of a user, the fake's own for one it does not
// know. Callers hold s.mu.
func (s *Server) userTeam(id string) string {
	if u, ok := s.users[id]; ok && u.TeamID != "" {
		return u.TeamID
	}
	return TeamID
}

// sameTeam reports whether a user may be reached by the calling
// workspace's bot: a user of another workspace is not found, as in Slack.
// A user the fake does not know is left to the method. Callers hold s.mu.
func (s *Server) sameTeam(user string) bool {
	u, ok := s.users[user]
	return !ok || s.caller == "" || u.TeamID == "" || u.TeamID == s.caller
}

// oauthV2Access exchanges an installation code for the workspace's bot
// token: a new token each time, which replaces the workspace's last one.
func (s *Server) oauthV2Access(p params) (map[string]any, *apiError) {
	if s.clientID == "" || p.str("client_id") != s.clientID || p.str("client_secret") != s.clientSecret {
		return nil, errCode("invalid_client_id")
	}
	c := s.codes[p.str("code")]
	if c == nil || c.used {
		return nil, errCode("invalid_code")
	}
	c.used = true
	t := s.teams[c.team]
	if t == nil {
		t = &fakeTeam{id: c.team, name: c.name, botUser: "UBOT" + c.team}
		s.teams[c.team] = t
	}
	delete(s.tokens, t.token)
	t.token = "xoxb-" + c.team + "-" + randomToken()
	s.tokens[t.token] = c.team
	return map[string]any{
		"access_token": t.token, "token_type": "bot", "scope": "commands,chat:write",
		"bot_user_id": t.botUser, "app_id": AppID,
		"team":       map[string]any{"id": t.id, "name": t.name},
		"enterprise": nil, "is_enterprise_install": false,
		"authed_user": map[string]any{"id": c.installer},
	}, nil
}
