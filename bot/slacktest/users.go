package slacktest

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

const (
	defaultTZ      = "America/New_York"
	defaultTZLabel = "Eastern Standard Time"
	defaultLocale  = "en-US"
	teamName       = "One-to-one Test"
	botName        = "onetoone"
)

// AddUser adds (or replaces) a workspace member for users.info and
// users.list. An empty TZ becomes America/New_York, as most fakes of a
// real workspace need some zone; an empty Locale (their Slack client's
// language, "es-LA") becomes en-US, Slack's own default. Like Slack, the
// fake tells the locale only to a call with include_locale=true.
func (s *Server) AddUser(u slack.User) {
	if u.Locale == "" {
		u.Locale = defaultLocale
	}
	if u.TZ == "" {
		u.TZ, u.TZLabel = defaultTZ, defaultTZLabel
		if loc, err := time.LoadLocation(defaultTZ); err == nil {
			_, u.TZOffset = time.Now().In(loc).Zone()
		} else {
			u.TZOffset = -5 * 3600
		}
	}
	if u.TeamID == "" {
		u.TeamID = TeamID
	}
	if u.Name == "" {
		u.Name = strings.ToLower(u.ID)
	}
	if u.RealName == "" {
		u.RealName = u.Name
	}
	if u.Profile.RealName == "" {
		u.Profile.RealName = u.RealName
	}
	if u.Profile.DisplayName == "" {
		u.Profile.DisplayName = u.Name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[u.ID]; !ok {
		s.userOrder = append(s.userOrder, u.ID)
	}
	s.users[u.ID] = u
}

func (s *Server) addBotUser() {
	s.AddUser(slack.User{ID: BotUserID, Name: botName, IsBot: true,
		Profile: slack.UserProfile{BotID: BotID, ApiAppID: AppID}})
}

// userName is the handle Slack puts in payloads. Callers hold s.mu.
func (s *Server) userName(id string) string {
	if u, ok := s.users[id]; ok {
		return u.Name
	}
	return strings.ToLower(id)
}

func (s *Server) usersInfo(p params) (map[string]any, *apiError) {
	if ids := p.str("users"); ids != "" {
		var list []slack.User
		for _, id := range strings.Split(ids, ",") {
			u, ok := s.users[strings.TrimSpace(id)]
			if !ok {
				return nil, errCode("user_not_found")
			}
			list = append(list, withLocale(u, p))
		}
		return map[string]any{"users": list}, nil
	}
	u, ok := s.users[p.str("user")]
	if !ok || !s.sameTeam(u.ID) {
		return nil, errCode("user_not_found")
	}
	return map[string]any{"user": withLocale(u, p)}, nil
}

// withLocale is u as users.info and users.list give it: with its locale
// only when the call asked for it (include_locale=true).
func withLocale(u slack.User, p params) slack.User {
	if p.str("include_locale") != "true" {
		u.Locale = ""
	}
	return u
}

// usersList pages with an opaque cursor (the next offset) like Slack.
func (s *Server) usersList(p params) (map[string]any, *apiError) {
	offset := 0
	if c := p.str("cursor"); c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(c, "dXNlcjo"))
		if err != nil || n < 0 || n > len(s.userOrder) {
			return nil, errCode("invalid_cursor")
		}
		offset = n
	}
	limit, _ := strconv.Atoi(p.str("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	end := min(offset+limit, len(s.userOrder))
	members := []slack.User{}
	for _, id := range s.userOrder[offset:end] {
		members = append(members, withLocale(s.users[id], p))
	}
	next := ""
	if end < len(s.userOrder) {
		next = "dXNlcjo" + strconv.Itoa(end)
	}
	return map[string]any{"members": members, "cache_ts": 1700000000,
		"response_metadata": map[string]any{"next_cursor": next}}, nil
}

func (s *Server) teamInfo(params) (map[string]any, *apiError) {
	return map[string]any{"team": map[string]any{"id": TeamID, "name": teamName, "domain": TeamDomain,
		"email_domain": "", "icon": map[string]any{"image_default": true}}}, nil
}

func (s *Server) authTest(params) (map[string]any, *apiError) {
	if t := s.teams[s.caller]; t != nil {
		return map[string]any{"url": "https://" + t.id + ".slack.com/", "team": t.name, "user": botName,
			"team_id": t.id, "user_id": t.botUser, "bot_id": BotID, "is_enterprise_install": false}, nil
	}
	return map[string]any{"url": "https://" + TeamDomain + ".slack.com/", "team": teamName, "user": botName,
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID, "is_enterprise_install": false}, nil
}

func (s *Server) conversationsOpen(p params) (map[string]any, *apiError) {
	if ch := p.str("channel"); ch != "" {
		return map[string]any{"channel": map[string]any{"id": ch}}, nil
	}
	users := strings.Split(p.str("users"), ",")
	if users[0] == "" {
		return nil, errCode("users_list_not_supplied")
	}
	for _, u := range users {
		if !s.sameTeam(u) {
			return nil, errCode("user_not_found")
		}
	}
	id := "G" + strings.Join(users, "")
	if len(users) == 1 {
		id = dmChannel(users[0])
	}
	_, already := s.dmOpened[p.str("users")]
	s.dmOpened[p.str("users")] = id
	ch := map[string]any{"id": id}
	if len(users) == 1 {
		ch["is_im"], ch["user"] = true, users[0]
	} else {
		ch["is_mpim"] = true
	}
	return map[string]any{"channel": ch, "no_op": already, "already_open": already}, nil
}
