package slacktest

import "context"

// GlobalShortcut has userID pick the app's global shortcut callbackID from
// Slack's shortcuts menu: a "shortcut" interaction with a fresh trigger_id,
// acked empty (docs/slack.md).
func (s *Server) GlobalShortcut(ctx context.Context, userID, callbackID string) (Ack, error) {
	s.mu.Lock()
	payload := mustJSON(map[string]any{
		"type": "shortcut", "token": verificationToken, "api_app_id": AppID,
		"team": s.teamObject(userID), "user": s.userObject(userID), "callback_id": callbackID,
		"trigger_id": s.newTrigger(userID), "action_ts": nowTS(), "is_enterprise_install": false,
	})
	s.mu.Unlock()
	return s.deliver(ctx, "interactive", payload, false)
}

// PersonMessage is a message a person wrote in a channel, as a message
// shortcut's payload carries it; BotMessage one a bot posted.
func PersonMessage(userID, text, ts string) map[string]any {
	return map[string]any{"type": "message", "user": userID, "text": text, "ts": ts, "team": TeamID}
}

// BotMessage is a bot's post, for a message shortcut used on it.
func BotMessage(text, ts string) map[string]any {
	return map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "text": text, "ts": ts, "team": TeamID}
}

// MessageShortcut has userID use the app's message shortcut callbackID on
// message (PersonMessage, BotMessage) in #general: a "message_action"
// interaction with the message, its channel and a fresh trigger_id.
func (s *Server) MessageShortcut(ctx context.Context, userID, callbackID string, message map[string]any) (Ack, error) {
	s.mu.Lock()
	payload := mustJSON(map[string]any{
		"type": "message_action", "token": verificationToken, "api_app_id": AppID,
		"team": s.teamObject(userID), "user": s.userObject(userID), "callback_id": callbackID,
		"trigger_id": s.newTrigger(userID), "action_ts": nowTS(), "is_enterprise_install": false,
		"channel": channelObject(GeneralChannelID), "message": message, "message_ts": message["ts"],
		"response_url": s.newResponseURL(userID, GeneralChannelID, "", ""),
	})
	s.mu.Unlock()
	return s.deliver(ctx, "interactive", payload, false)
}
