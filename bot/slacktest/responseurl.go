package slacktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Slack lets a response_url be used 5 times within 30 minutes.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

// responseURL remembers where a response_url posts to: the user and channel
// of the command or click, and the message it came from (for
// replace_original and delete_original).
type responseURL struct {
	user, channel string
	msgTS, ephTS  string
	uses          int
	created       time.Time
}

// newResponseURL makes a fresh response_url. Callers hold s.mu.
func (s *Server) newResponseURL(user, ch, msgTS, ephTS string) string {
	id := randomToken()
	s.responseURLs[id] = &responseURL{user: user, channel: ch, msgTS: msgTS, ephTS: ephTS, created: time.Now()}
	return s.root + "response/" + id
}

// ResponseURL mints the response_url of a slash command the user typed in
// #general, for tests that post commands without going through Socket Mode.
func (s *Server) ResponseURL(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newResponseURL(userID, GeneralChannelID, "", "")
}

// serveResponseURL answers POSTs to a response_url.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	var body params
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "invalid_payload"})
		return
	}
	s.mu.Lock()
	status, resp := s.respond(id, body)
	call := Call{Method: "response_url", Params: body, At: time.Now()}
	if ok, _ := resp["ok"].(bool); !ok {
		call.Error = asString(resp["error"])
	}
	s.calls = append(s.calls, call)
	s.mu.Unlock()
	writeJSON(w, status, resp)
}

// respond applies a response_url post. Callers hold s.mu.
func (s *Server) respond(id string, body params) (int, map[string]any) {
	ru := s.responseURLs[id]
	if ru == nil || ru.uses >= responseURLUses || time.Since(ru.created) > responseURLTTL {
		return http.StatusNotFound, map[string]any{"ok": false, "error": "expired_url"}
	}
	ru.uses++
	text := body.str("text")
	blocks, aerr := s.messageBlocks(body["blocks"])
	if aerr != nil {
		return http.StatusOK, map[string]any{"ok": false, "error": aerr.code}
	}
	switch {
	case body.str("delete_original") == "true":
		s.deleteOriginal(ru)
	case body.str("replace_original") == "true":
		s.replaceOriginal(ru, text, blocks)
	case body.str("response_type") == "in_channel":
		s.post(ru.channel, body.str("thread_ts"), text, blocks)
	default:
		s.postEphemeral(ru.channel, ru.user, text, blocks, true)
	}
	return http.StatusOK, map[string]any{"ok": true}
}

func (s *Server) deleteOriginal(ru *responseURL) {
	if i := s.findMessage(ru.channel, ru.msgTS); ru.msgTS != "" && i >= 0 {
		s.channels[ru.channel] = slices.Delete(s.channels[ru.channel], i, i+1)
	}
	if ru.ephTS != "" {
		s.ephemerals[ru.user] = slices.DeleteFunc(s.ephemerals[ru.user], func(e *ephRec) bool { return e.ts == ru.ephTS })
	}
}

func (s *Server) replaceOriginal(ru *responseURL, text string, blocks []any) {
	if i := s.findMessage(ru.channel, ru.msgTS); ru.msgTS != "" && i >= 0 {
		m := s.channels[ru.channel][i]
		m.text, m.blocks, m.updated = text, blocks, true
		return
	}
	for _, e := range s.ephemerals[ru.user] {
		if ru.ephTS != "" && e.ts == ru.ephTS {
			e.text, e.blocks, e.viaResponseURL = text, blocks, true
			return
		}
	}
	// Nothing to replace (a slash command's response_url): a new ephemeral.
	s.postEphemeral(ru.channel, ru.user, text, blocks, true)
}
