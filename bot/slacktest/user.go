package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// verificationToken is the deprecated per-payload token Slack still sends.
const verificationToken = "fake-verification-token"

// SlashCommand types "/one-to-one text" in #general as the user and returns
// the bot's ack. Text or blocks in the ack become an Ephemeral (or a
// channel message for response_type "in_channel"), as Slack shows them.
func (s *Server) SlashCommand(ctx context.Context, userID, text string) (Ack, error) {
	s.mu.Lock()
	payload, _ := json.Marshal(map[string]any{
		"token": verificationToken, "team_id": s.userTeam(userID), "team_domain": TeamDomain,
		"channel_id": GeneralChannelID, "channel_name": "general",
		"user_id": userID, "user_name": s.userName(userID),
		"command": SlashCommandName, "text": text, "api_app_id": AppID,
		"is_enterprise_install": false,
		"response_url":          s.newResponseURL(userID, GeneralChannelID, "", ""),
		"trigger_id":            s.newTrigger(userID),
	})
	s.mu.Unlock()
	ack, err := s.deliver(ctx, "slash_commands", payload, true)
	if err != nil {
		return ack, err
	}
	return ack, s.applyCommandAck(userID, ack)
}

// applyCommandAck shows the inline reply of a slash command's ack.
func (s *Server) applyCommandAck(userID string, ack Ack) error {
	if len(ack.Payload) == 0 {
		return nil
	}
	var p params
	if err := json.Unmarshal(ack.Payload, &p); err != nil {
		return fmt.Errorf("slacktest: slash command ack payload: %w", err)
	}
	text := p.str("text")
	if text == "" && p["blocks"] == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	blocks, aerr := s.messageBlocks(p["blocks"])
	if aerr != nil {
		return fmt.Errorf("slacktest: slash command ack refused by Slack: %s %v", aerr.code, aerr.extra["errors"])
	}
	if p.str("response_type") == "in_channel" {
		s.post(GeneralChannelID, "", text, blocks)
	} else {
		s.postEphemeral(GeneralChannelID, userID, text, blocks, false)
	}
	return nil
}

// ClickButton clicks the newest button labelled buttonText that the user
// can see: in their open modal first, then in their DMs and ephemerals
// (newest first), then in their Home tab.
func (s *Server) ClickButton(ctx context.Context, userID, buttonText string) (Ack, error) {
	s.mu.Lock()
	payload, err := s.clickPayload(userID, buttonText)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, "interactive", payload, false)
}

// ClickButtonIn clicks a button in the given copy of a message, as a user
// whose screen still shows it (a stale button).
func (s *Server) ClickButtonIn(ctx context.Context, userID string, m Message, buttonText string) (Ack, error) {
	v, err := toJSONValue(m.Blocks)
	if err != nil {
		return Ack{}, err
	}
	b, ok := findButton(asList(v), buttonText)
	if !ok {
		return Ack{}, fmt.Errorf("slacktest: message %s has no button %q (buttons: %q)", m.TS, buttonText, buttonTexts(asList(v)))
	}
	rec := &msgRec{channel: m.Channel, ts: m.TS, threadTS: m.ThreadTS, text: m.Text, blocks: asList(v), updated: m.Updated}
	s.mu.Lock()
	payload := s.messageAction(userID, rec, b)
	s.mu.Unlock()
	return s.deliver(ctx, "interactive", payload, false)
}

// clickPayload finds the button and builds its block_actions payload.
// Callers hold s.mu.
func (s *Server) clickPayload(userID, text string) ([]byte, error) {
	var seen []string
	if st := s.stacks[userID]; len(st) > 0 {
		top := st[len(st)-1]
		blocks := asList(top.body["blocks"])
		if b, ok := findButton(blocks, text); ok {
			return s.viewAction(userID, top, b), nil
		}
		seen = append(seen, fmt.Sprintf("modal %q", buttonTexts(blocks)))
	}
	type candidate struct {
		ts  string
		msg *msgRec
		eph *ephRec
	}
	var cands []candidate
	for _, m := range s.channels[dmChannel(userID)] {
		cands = append(cands, candidate{ts: m.ts, msg: m})
	}
	for _, e := range s.ephemerals[userID] {
		cands = append(cands, candidate{ts: e.ts, eph: e})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ts > cands[j].ts })
	for _, c := range cands {
		if c.msg != nil {
			if b, ok := findButton(c.msg.blocks, text); ok {
				return s.messageAction(userID, c.msg, b), nil
			}
			seen = append(seen, fmt.Sprintf("DM %s %q", c.ts, buttonTexts(c.msg.blocks)))
			continue
		}
		if b, ok := findButton(c.eph.blocks, text); ok {
			return s.ephemeralAction(userID, c.eph, b), nil
		}
		seen = append(seen, fmt.Sprintf("ephemeral %s %q", c.ts, buttonTexts(c.eph.blocks)))
	}
	if home := s.homes[userID]; home != nil {
		blocks := asList(home.body["blocks"])
		if b, ok := findButton(blocks, text); ok {
			return s.viewAction(userID, home, b), nil
		}
		seen = append(seen, fmt.Sprintf("home %q", buttonTexts(blocks)))
	}
	return nil, fmt.Errorf("slacktest: user %s sees no button %q; they see: %s", userID, text, strings.Join(seen, "; "))
}

// actionBase is what every block_actions payload carries. Callers hold s.mu.
func (s *Server) actionBase(userID string, b button) map[string]any {
	action := map[string]any{"type": "button", "block_id": b.blockID, "action_id": b.elem["action_id"],
		"text": b.elem["text"], "action_ts": nowTS()}
	for _, k := range []string{"value", "style", "url"} {
		if v, ok := b.elem[k]; ok {
			action[k] = v
		}
	}
	return map[string]any{
		"type": "block_actions", "token": verificationToken, "api_app_id": AppID,
		"team": s.teamObject(userID), "user": s.userObject(userID),
		"trigger_id":            s.newTrigger(userID),
		"is_enterprise_install": false, "enterprise": nil,
		"state":   map[string]any{"values": map[string]any{}},
		"actions": []any{action},
	}
}

func (s *Server) messageAction(userID string, m *msgRec, b button) []byte {
	p := s.actionBase(userID, b)
	container := map[string]any{"type": "message", "message_ts": m.ts, "channel_id": m.channel, "is_ephemeral": false}
	if m.threadTS != "" {
		container["thread_ts"] = m.threadTS
	}
	p["container"] = container
	p["channel"] = channelObject(m.channel)
	p["message"] = m.json()
	p["response_url"] = s.newResponseURL(userID, m.channel, m.ts, "")
	return mustJSON(p)
}

func (s *Server) ephemeralAction(userID string, e *ephRec, b button) []byte {
	p := s.actionBase(userID, b)
	p["container"] = map[string]any{"type": "message", "message_ts": e.ts, "channel_id": e.channel, "is_ephemeral": true}
	p["channel"] = channelObject(e.channel)
	p["response_url"] = s.newResponseURL(userID, e.channel, "", e.ts)
	return mustJSON(p)
}

func (s *Server) viewAction(userID string, v *viewRec, b button) []byte {
	p := s.actionBase(userID, b)
	p["container"] = map[string]any{"type": "view", "view_id": v.id}
	state, _ := buildState(asList(v.body["blocks"]), nil, false)
	p["view"] = v.json(state)
	return mustJSON(p)
}

func (s *Server) userObject(id string) map[string]any {
	name := s.userName(id)
	return map[string]any{"id": id, "username": name, "name": name, "team_id": s.userTeam(id)}
}

func (s *Server) teamObject(user string) map[string]any {
	return map[string]any{"id": s.userTeam(user), "domain": TeamDomain}
}

func channelObject(id string) map[string]any {
	name := strings.ToLower(id)
	switch {
	case strings.HasPrefix(id, "D"):
		name = "directmessage"
	case id == GeneralChannelID:
		name = "general"
	}
	return map[string]any{"id": id, "name": name}
}

func nowTS() string {
	now := time.Now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("slacktest: marshal payload: %v", err))
	}
	return b
}
