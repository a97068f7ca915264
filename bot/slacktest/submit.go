package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// SubmitView fills the user's top modal by input label (label text ->
// value; see inputState for each element's format), submits it, and applies
// the ack's response_action as Slack would: none pops the modal, "clear"
// closes the stack, "update" replaces it, "push" pushes, "errors" leaves it
// open. It refuses, as Slack's client does, to submit an empty required
// input.
func (s *Server) SubmitView(ctx context.Context, userID string, values map[string]string) (Ack, error) {
	s.mu.Lock()
	st := s.stacks[userID]
	if len(st) == 0 {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("slacktest: user %s has no open modal", userID)
	}
	top := st[len(st)-1]
	state, err := buildState(asList(top.body["blocks"]), values, true)
	if err != nil {
		s.mu.Unlock()
		return Ack{}, err
	}
	payload := mustJSON(map[string]any{
		"type": "view_submission", "token": verificationToken, "api_app_id": AppID,
		"team": s.teamObject(userID), "user": s.userObject(userID),
		"trigger_id": s.newTrigger(userID), "view": top.json(state),
		"response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	})
	s.submitted[userID] = payload
	s.mu.Unlock()
	ack, err := s.deliver(ctx, "interactive", payload, true)
	if err != nil {
		return ack, err
	}
	return ack, s.applySubmissionAck(userID, top.id, ack)
}

// ResubmitView sends the user's last view_submission once more, the same
// view with the same values: a submission Slack delivers twice, or that two
// replicas both receive. The ack is returned as is; the user's modals stay
// as the first submission left them.
func (s *Server) ResubmitView(ctx context.Context, userID string) (Ack, error) {
	s.mu.Lock()
	payload, ok := s.submitted[userID]
	s.mu.Unlock()
	if !ok {
		return Ack{}, fmt.Errorf("slacktest: user %s submitted no view", userID)
	}
	return s.deliver(ctx, "interactive", payload, true)
}

// applySubmissionAck applies the response_action of a view_submission ack.
func (s *Server) applySubmissionAck(userID, viewID string, ack Ack) error {
	var resp struct {
		ResponseAction string            `json:"response_action"`
		View           any               `json:"view"`
		Errors         map[string]string `json:"errors"`
	}
	if len(ack.Payload) > 0 {
		if err := json.Unmarshal(ack.Payload, &resp); err != nil {
			return fmt.Errorf("slacktest: view_submission ack payload: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stacks[userID]
	if len(st) == 0 || st[len(st)-1].id != viewID {
		return nil // the bot already closed or replaced it
	}
	top := st[len(st)-1]
	switch resp.ResponseAction {
	case "":
		s.popView(userID)
	case "clear":
		s.clearViews(userID)
	case "update":
		body, aerr := s.prepareView(resp.View, "modal")
		if aerr != nil {
			return fmt.Errorf("slacktest: response_action update refused by Slack: %s %v", aerr.code, aerr.extra["errors"])
		}
		top.body, top.hash = body, s.newHash()
	case "push":
		body, aerr := s.prepareView(resp.View, "modal")
		if aerr == nil {
			_, aerr = s.pushView(userID, body)
		}
		if aerr != nil {
			return fmt.Errorf("slacktest: response_action push refused by Slack: %s %v", aerr.code, aerr.extra["errors"])
		}
	case "errors":
		inputs := inputBlockIDs(asList(top.body["blocks"]))
		for id := range resp.Errors {
			if !slices.Contains(inputs, id) {
				return fmt.Errorf("slacktest: errors key %q is not an input block_id (inputs %q): Slack shows a generic error", id, inputs)
			}
		}
	default:
		return fmt.Errorf("slacktest: unknown response_action %q", resp.ResponseAction)
	}
	return nil
}

func inputBlockIDs(blocks []any) []string {
	var out []string
	for _, b := range blocks {
		if block := asMap(b); asString(block["type"]) == "input" {
			out = append(out, asString(block["block_id"]))
		}
	}
	return out
}

// CloseView closes the user's top modal with its close button. The bot
// hears of it (view_closed) only when the view asked for notify_on_close;
// otherwise the returned Ack is empty.
func (s *Server) CloseView(ctx context.Context, userID string) (Ack, error) {
	s.mu.Lock()
	st := s.stacks[userID]
	if len(st) == 0 {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("slacktest: user %s has no open modal", userID)
	}
	top := st[len(st)-1]
	notify, _ := top.body["notify_on_close"].(bool)
	state, _ := buildState(asList(top.body["blocks"]), nil, false)
	payload := mustJSON(map[string]any{
		"type": "view_closed", "token": verificationToken, "api_app_id": AppID,
		"team": s.teamObject(userID), "user": s.userObject(userID),
		"view": top.json(state), "is_cleared": false,
		"is_enterprise_install": false, "enterprise": nil,
	})
	s.popView(userID)
	s.mu.Unlock()
	if !notify {
		return Ack{}, nil
	}
	return s.deliver(ctx, "interactive", payload, false)
}
