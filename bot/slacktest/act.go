package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
)

// Surface names one place a user sees blocks: a message (Channel and TS),
// one of their ephemerals (Ephemeral and TS), or a view (ViewID: a modal
// of theirs or their Home tab). The label-based helpers (ClickButton,
// SelectInHome) pick the newest match; a page that shows everything at
// once, like the playground, needs to say exactly which one was used.
type Surface struct {
	Channel, TS string
	Ephemeral   bool
	ViewID      string
}

// Action is one use of an interactive element, found by its block_id and
// action_id.
type Action struct {
	BlockID, ActionID string
	// Value is what was picked, written as SubmitView's values are (see
	// inputState): an option's value or text for static_select,
	// overflow and radio_buttons; option values, comma separated, for
	// checkboxes and multi_static_select; a user id for users_select;
	// YYYY-MM-DD for a datepicker; HH:MM for a timepicker. Buttons
	// ignore it.
	Value string
	// Values fills a modal's inputs by label in the payload's state, as
	// a person's half-filled form would be when they click in it.
	Values map[string]string
}

// Act uses an element of a surface the user sees, as Slack reports it:
// a block_actions payload with the element's action and the surface as
// its container.
func (s *Server) Act(ctx context.Context, userID string, at Surface, a Action) (Ack, error) {
	s.mu.Lock()
	payload, err := s.actPayload(userID, at, a)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, "interactive", payload, false)
}

// actPayload builds Act's payload. Callers hold s.mu.
func (s *Server) actPayload(userID string, at Surface, a Action) ([]byte, error) {
	var blocks []any
	var base func(b button) []byte
	switch {
	case at.ViewID != "":
		v := s.views[at.ViewID]
		if v == nil || v.user != userID {
			return nil, fmt.Errorf("slacktest: user %s has no view %s", userID, at.ViewID)
		}
		blocks = asList(v.body["blocks"])
		base = func(b button) []byte { return s.viewAction(userID, v, b) }
	case at.Ephemeral:
		for _, e := range s.ephemerals[userID] {
			if e.ts == at.TS {
				blocks = asList(e.blocks)
				base = func(b button) []byte { return s.ephemeralAction(userID, e, b) }
			}
		}
	default:
		if i := s.findMessage(at.Channel, at.TS); i >= 0 {
			m := s.channels[at.Channel][i]
			blocks = m.blocks
			base = func(b button) []byte { return s.messageAction(userID, m, b) }
		}
	}
	if base == nil {
		return nil, fmt.Errorf("slacktest: user %s sees nothing at %+v", userID, at)
	}
	for _, bl := range blocks {
		block := asMap(bl)
		if asString(block["block_id"]) != a.BlockID {
			continue
		}
		for _, el := range elementsOf(block) {
			if asString(el["action_id"]) != a.ActionID {
				continue
			}
			return s.withAction(base(button{blockID: a.BlockID, elem: el}), blocks, el, a)
		}
	}
	return nil, fmt.Errorf("slacktest: no element %s/%s at %+v", a.BlockID, a.ActionID, at)
}

// withAction replaces the button action of a payload with the element's
// own, and fills a view's state from a.Values.
func (s *Server) withAction(raw []byte, blocks []any, el map[string]any, a Action) ([]byte, error) {
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	typ := asString(el["type"])
	action := map[string]any{"type": typ, "block_id": a.BlockID, "action_id": a.ActionID, "action_ts": nowTS()}
	switch typ {
	case "button":
		action = nil // actionBase made it
	case "overflow", "static_select", "radio_buttons":
		opt, err := findOption(el, a.Value)
		if err != nil {
			return nil, err
		}
		action["selected_option"] = opt
	case "checkboxes", "multi_static_select":
		list := []any{}
		for _, v := range splitList(a.Value) {
			opt, err := findOption(el, v)
			if err != nil {
				return nil, err
			}
			list = append(list, opt)
		}
		action["selected_options"] = list
	case "users_select":
		action["selected_user"] = a.Value
	case "conversations_select":
		action["selected_conversation"] = a.Value
	case "channels_select":
		action["selected_channel"] = a.Value
	case "datepicker":
		action["selected_date"] = a.Value
	case "timepicker":
		action["selected_time"] = a.Value
	default:
		return nil, fmt.Errorf("slacktest: acting on a %s is not supported", typ)
	}
	if action != nil {
		p["actions"] = []any{action}
	}
	if view := asMap(p["view"]); view != nil && len(a.Values) > 0 {
		state, err := buildState(blocks, a.Values, false)
		if err != nil {
			return nil, err
		}
		view["state"] = map[string]any{"values": state}
	}
	return json.Marshal(p)
}
