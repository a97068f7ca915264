package slacktest

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/slack-go/slack"
)

// Call is one Web API request as the fake saw it, so tests can assert what
// the bot asked Slack to do (and how often).
type Call struct {
	Method string
	// Params is the decoded form or JSON body, without the token. JSON
	// carried in form fields (blocks, view, attachments, files) is decoded.
	Params map[string]any
	At     time.Time
	// Error is the error code the call was answered with ("" when ok,
	// "ratelimited" for a 429).
	Error string
	// Team is the workspace whose bot token made the call ("" for a call
	// made without one, such as oauth.v2.access).
	Team string
}

// Message is a message the bot posted, as it stands now (chat.update edits
// it in place) so tests see what the user sees.
type Message struct {
	Channel, TS, ThreadTS, Text string
	Blocks                      slack.Blocks
	Updated                     bool
}

// Ephemeral is a message only one user sees: chat.postEphemeral, a
// response_url post, or the text/blocks of a slash command's ack.
type Ephemeral struct {
	Channel, User, Text string
	Blocks              slack.Blocks
	ViaResponseURL      bool
	// TS is the message_ts Slack gave it (used in block_actions containers).
	TS string
}

// File is a file shared through files.getUploadURLExternal, the upload URL
// and files.completeUploadExternal (slack-go's UploadFileV2).
type File struct {
	ID, Filename, Title, Content string
	// Channel is channel_id (or the channels list, comma separated).
	Channel        string
	ThreadTS       string
	InitialComment string
}

// msgRec is a stored message; blocks stay as decoded JSON so the fake can
// walk them and hand out fresh copies.
type msgRec struct {
	channel, ts, threadTS, text string
	blocks                      []any
	updated                     bool
}

func (m *msgRec) message() Message {
	return Message{Channel: m.channel, TS: m.ts, ThreadTS: m.threadTS, Text: m.text,
		Blocks: decodeBlocks(m.blocks), Updated: m.updated}
}

// json is the message object Slack returns and puts in payloads.
func (m *msgRec) json() map[string]any {
	out := map[string]any{
		"type": "message", "user": BotUserID, "bot_id": BotID, "app_id": AppID,
		"team": TeamID, "text": m.text, "ts": m.ts,
	}
	if m.blocks != nil {
		out["blocks"] = deepCopy(m.blocks)
	}
	if m.threadTS != "" {
		out["thread_ts"] = m.threadTS
	}
	if m.updated {
		out["edited"] = map[string]any{"user": BotUserID, "ts": m.ts}
	}
	return out
}

type ephRec struct {
	channel, user, text, ts string
	blocks                  []any
	viaResponseURL          bool
}

func (e *ephRec) ephemeral() Ephemeral {
	return Ephemeral{Channel: e.channel, User: e.user, Text: e.text, Blocks: decodeBlocks(e.blocks),
		ViaResponseURL: e.viaResponseURL, TS: e.ts}
}

// decodeBlocks turns stored block JSON into slack-go's typed blocks.
func decodeBlocks(blocks []any) slack.Blocks {
	var out slack.Blocks
	if blocks == nil {
		return out
	}
	raw, _ := json.Marshal(blocks)
	_ = json.Unmarshal(raw, &out)
	return out
}

// Calls returns the recorded calls of a Web API method, oldest first; ""
// returns every call. Posts to a response_url are recorded as method
// "response_url".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			c.Params, _ = deepCopy(c.Params).(map[string]any)
			out = append(out, c)
		}
	}
	return out
}

// Messages returns a channel's messages, oldest first, as they stand now.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.channels[channel] {
		out = append(out, m.message())
	}
	return out
}

// DMs returns the messages in the bot's DM with the user.
func (s *Server) DMs(userID string) []Message { return s.Messages(dmChannel(userID)) }

// Ephemerals returns what was shown to the user ephemerally, oldest first.
func (s *Server) Ephemerals(userID string) []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Ephemeral
	for _, e := range s.ephemerals[userID] {
		out = append(out, e.ephemeral())
	}
	return out
}

// Files returns the files shared so far, oldest first.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.files)
}

// OpenView returns the modal on top of the user's stack, if any.
func (s *Server) OpenView(userID string) (slack.View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stacks[userID]
	if len(st) == 0 {
		return slack.View{}, false
	}
	return st[len(st)-1].view(), true
}

// ModalStack returns the user's open modals, bottom first.
func (s *Server) ModalStack(userID string) []slack.View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []slack.View
	for _, v := range s.stacks[userID] {
		out = append(out, v.view())
	}
	return out
}

// HomeView returns the user's App Home as last published.
func (s *Server) HomeView(userID string) (slack.View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.homes[userID]
	if !ok {
		return slack.View{}, false
	}
	return v.view(), true
}

// WaitFor polls cond until it holds or ctx ends, so tests wait for the
// bot's asynchronous work without sleeping.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	return WaitFor(ctx, cond)
}

// WaitFor polls cond until it holds or ctx ends: every millisecond at
// first, then less often (up to every 20 ms) the longer it takes, so a
// quick condition is seen at once and a slow one (a query on Postgres)
// does not load the machine. It is the one polling wait of every test in
// the module.
func WaitFor(ctx context.Context, cond func() bool) error {
	every := time.Millisecond
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		if cond() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		every = min(2*every, 20*time.Millisecond)
		t.Reset(every)
	}
}

// dmChannel is the id of the bot's DM with a user.
func dmChannel(userID string) string { return "D" + userID }
