package slacktest

import (
	"context"
	"fmt"
	"strings"
)

// SelectInHome picks the option labelled optionText of the static menu
// actionID in the user's Home tab, as Slack reports a menu outside a
// modal's inputs: at once, as a block_actions payload with the
// selected_option.
func (s *Server) SelectInHome(ctx context.Context, userID, actionID, optionText string) (Ack, error) {
	s.mu.Lock()
	payload, err := s.selectPayload(userID, actionID, optionText)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, "interactive", payload, false)
}

// selectPayload finds the menu and option and builds the payload. Callers
// hold s.mu.
func (s *Server) selectPayload(userID, actionID, optionText string) ([]byte, error) {
	home := s.homes[userID]
	if home == nil {
		return nil, fmt.Errorf("slacktest: user %s has no Home tab", userID)
	}
	return s.selectIn(userID, home, "Home", actionID, optionText)
}

// SelectInView picks an option of a static select menu in the user's top
// modal, by its text, as Slack sends it (block_actions with the view).
func (s *Server) SelectInView(ctx context.Context, userID, actionID, optionText string) (Ack, error) {
	s.mu.Lock()
	var payload []byte
	err := fmt.Errorf("slacktest: user %s has no open modal", userID)
	if st := s.stacks[userID]; len(st) > 0 {
		payload, err = s.selectIn(userID, st[len(st)-1], "modal", actionID, optionText)
	}
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, "interactive", payload, false)
}

// selectIn builds the payload of a choice in the view v (named where, for
// errors). Callers hold s.mu.
func (s *Server) selectIn(userID string, home *viewRec, where, actionID, optionText string) ([]byte, error) {
	for _, b := range asList(home.body["blocks"]) {
		block := asMap(b)
		for _, el := range elementsOf(block) {
			if asString(el["type"]) != "static_select" || asString(el["action_id"]) != actionID {
				continue
			}
			var seen []string
			for _, o := range asList(el["options"]) {
				opt := asMap(o)
				if textOf(opt["text"]) != optionText {
					seen = append(seen, textOf(opt["text"]))
					continue
				}
				btn := button{blockID: asString(block["block_id"]), elem: el}
				p := s.actionBase(userID, btn)
				p["actions"] = []any{map[string]any{"type": "static_select", "block_id": btn.blockID, "action_id": actionID,
					"selected_option": deepCopy(opt), "placeholder": el["placeholder"], "action_ts": nowTS()}}
				p["container"] = map[string]any{"type": "view", "view_id": home.id}
				state, _ := buildState(asList(home.body["blocks"]), nil, false)
				p["view"] = home.json(state)
				return mustJSON(p), nil
			}
			return nil, fmt.Errorf("slacktest: menu %q in %s's %s has no option %q (options: %s)", actionID, userID, where, optionText, strings.Join(seen, ", "))
		}
	}
	return nil, fmt.Errorf("slacktest: %s's %s has no menu %q", userID, where, actionID)
}
