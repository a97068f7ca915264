package slacktest

import "context"

// DirectMessage is the message.im event Slack sends the bot when userID
// writes text in the bot's Messages tab: a new message, with no subtype, in
// the bot's DM with them (the channel chat.postMessage resolves the user's
// id to). The fake does not record it among the bot's messages.
//
// A test plays the other messages Slack sends on the same subscription by
// changing the map before sending it: an edit (subtype "message_changed"),
// a reply in a thread (thread_ts), the bot's own post (user BotUserID with
// bot_id BotID). Send it with SendEvent over Socket Mode, or wrap it in an
// event_callback to post it over HTTP.
func (s *Server) DirectMessage(userID, text string) map[string]any {
	s.mu.Lock()
	ts := s.nextTS()
	s.mu.Unlock()
	return map[string]any{
		"type": "message", "channel": dmChannel(userID), "channel_type": "im",
		"user": userID, "text": text, "ts": ts, "event_ts": ts, "team": s.userTeam(userID),
		"client_msg_id": newEnvelopeID(),
		"blocks": []any{map[string]any{
			"type": "rich_text", "block_id": "m" + ts,
			"elements": []any{map[string]any{
				"type":     "rich_text_section",
				"elements": []any{map[string]any{"type": "text", "text": text}},
			}},
		}},
	}
}

// SendDirectMessage has userID write text to the bot in its Messages tab,
// delivered over Socket Mode as SendEvent does, and returns the bot's ack.
func (s *Server) SendDirectMessage(ctx context.Context, userID, text string) (Ack, error) {
	return s.SendEvent(ctx, "", s.DirectMessage(userID, text))
}
