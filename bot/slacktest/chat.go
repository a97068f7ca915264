package slacktest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// resolveChannel maps a user id to the bot's DM with them, as
// chat.postMessage does when given a user id. Callers hold s.mu.
func (s *Server) resolveChannel(ch string) string {
	if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
		return dmChannel(ch)
	}
	return ch
}

// messageBlocks validates and stores a copy of message blocks, giving
// missing ids as Slack does. Callers hold s.mu.
func (s *Server) messageBlocks(v any) ([]any, *apiError) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errCode("invalid_blocks_format")
	}
	list = deepCopy(list).([]any)
	if err := validateMessageJSON(list); err != nil {
		return nil, validationFailure(err)
	}
	s.assignIDs(list)
	return list, nil
}

// messageContent reads and checks text and blocks of a chat.* call.
func (s *Server) messageContent(p params) (string, []any, *apiError) {
	text := p.str("text")
	if utf8.RuneCountInString(text) > maxMessageText {
		return "", nil, errCode("msg_too_long")
	}
	blocks, aerr := s.messageBlocks(p["blocks"])
	if aerr != nil {
		return "", nil, aerr
	}
	if text == "" && len(blocks) == 0 && p["attachments"] == nil {
		return "", nil, errCode("no_text")
	}
	return text, blocks, nil
}

func (s *Server) chatPostMessage(p params) (map[string]any, *apiError) {
	if u, ok := strings.CutPrefix(s.resolveChannel(p.str("channel")), dmChannel("")); ok && !s.sameTeam(u) {
		return nil, errCode("channel_not_found") // a DM in another workspace
	}
	ch := s.resolveChannel(p.str("channel"))
	if ch == "" {
		return nil, errCode("channel_not_found")
	}
	text, blocks, aerr := s.messageContent(p)
	if aerr != nil {
		return nil, aerr
	}
	m := s.post(ch, p.str("thread_ts"), text, blocks)
	return map[string]any{"channel": ch, "ts": m.ts, "message": m.json()}, nil
}

// post stores a new bot message. Callers hold s.mu.
func (s *Server) post(ch, threadTS, text string, blocks []any) *msgRec {
	m := &msgRec{channel: ch, ts: s.nextTS(), threadTS: threadTS, text: text, blocks: blocks}
	s.channels[ch] = append(s.channels[ch], m)
	return m
}

// findMessage returns the index of a message, or -1. Callers hold s.mu.
func (s *Server) findMessage(ch, ts string) int {
	for i, m := range s.channels[ch] {
		if m.ts == ts {
			return i
		}
	}
	return -1
}

func (s *Server) chatUpdate(p params) (map[string]any, *apiError) {
	ch := s.resolveChannel(p.str("channel"))
	i := s.findMessage(ch, p.str("ts"))
	if i < 0 {
		return nil, errCode("message_not_found")
	}
	m := s.channels[ch][i]
	text, blocks := m.text, m.blocks
	if _, ok := p["text"]; ok {
		text = p.str("text")
		if utf8.RuneCountInString(text) > maxMessageText {
			return nil, errCode("msg_too_long")
		}
	}
	if _, ok := p["blocks"]; ok {
		var aerr *apiError
		if blocks, aerr = s.messageBlocks(p["blocks"]); aerr != nil {
			return nil, aerr
		}
	}
	if text == "" && len(blocks) == 0 {
		return nil, errCode("no_text")
	}
	m.text, m.blocks, m.updated = text, blocks, true
	return map[string]any{"channel": ch, "ts": m.ts, "text": m.text, "message": m.json()}, nil
}

func (s *Server) chatDelete(p params) (map[string]any, *apiError) {
	ch := s.resolveChannel(p.str("channel"))
	ts := p.str("ts")
	i := s.findMessage(ch, ts)
	if i < 0 {
		return nil, errCode("message_not_found")
	}
	s.channels[ch] = slices.Delete(s.channels[ch], i, i+1)
	return map[string]any{"channel": ch, "ts": ts}, nil
}

func (s *Server) chatPostEphemeral(p params) (map[string]any, *apiError) {
	ch := s.resolveChannel(p.str("channel"))
	if ch == "" {
		return nil, errCode("channel_not_found")
	}
	user := p.str("user")
	if user == "" {
		return nil, errCode("user_not_in_channel")
	}
	text, blocks, aerr := s.messageContent(p)
	if aerr != nil {
		return nil, aerr
	}
	e := s.postEphemeral(ch, user, text, blocks, false)
	return map[string]any{"message_ts": e.ts}, nil
}

// postEphemeral stores a message only user sees. Callers hold s.mu.
func (s *Server) postEphemeral(ch, user, text string, blocks []any, viaResponseURL bool) *ephRec {
	e := &ephRec{channel: ch, user: user, text: text, ts: s.nextTS(), blocks: blocks, viaResponseURL: viaResponseURL}
	s.ephemerals[user] = append(s.ephemerals[user], e)
	return e
}
