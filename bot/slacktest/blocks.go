package slacktest

import (
	"encoding/json"
	"fmt"
)

// Blocks are handled as decoded JSON (maps and slices) rather than
// slack-go's typed structs: the fake must see exactly what went over the
// wire, including fields slack-go does not model.

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// textOf returns the text of a text object ({"type":..., "text": ...}).
func textOf(v any) string { return asString(asMap(v)["text"]) }

// deepCopy copies decoded JSON so stored state never aliases what callers
// hold.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

// toJSONValue converts any Go value to decoded JSON.
func toJSONValue(v any) (any, error) {
	var raw []byte
	switch t := v.(type) {
	case json.RawMessage:
		raw = t
	case []byte:
		raw = t
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	var out any
	err := json.Unmarshal(raw, &out)
	return out, err
}

// elementsOf returns the interactive elements a block holds.
func elementsOf(block map[string]any) []map[string]any {
	var out []map[string]any
	switch asString(block["type"]) {
	case "section":
		if acc := asMap(block["accessory"]); acc != nil {
			out = append(out, acc)
		}
	case "actions", "context_actions":
		for _, e := range asList(block["elements"]) {
			if m := asMap(e); m != nil {
				out = append(out, m)
			}
		}
	case "input":
		if el := asMap(block["element"]); el != nil {
			out = append(out, el)
		}
	}
	return out
}

// assignIDs gives every block a block_id and every interactive element an
// action_id when the bot left them out, as Slack does. Callers hold s.mu.
func (s *Server) assignIDs(blocks []any) {
	for _, b := range blocks {
		block := asMap(b)
		if block == nil {
			continue
		}
		if asString(block["block_id"]) == "" {
			block["block_id"] = fmt.Sprintf("gen-b%d", s.next())
		}
		for _, el := range elementsOf(block) {
			if asString(el["type"]) == "image" {
				continue
			}
			if asString(el["action_id"]) == "" {
				el["action_id"] = fmt.Sprintf("gen-a%d", s.next())
			}
		}
	}
}

// button is a button found in a surface.
type button struct {
	blockID string
	elem    map[string]any
}

// findButton returns the first button labelled text.
func findButton(blocks []any, text string) (button, bool) {
	for _, b := range blocks {
		block := asMap(b)
		for _, el := range elementsOf(block) {
			if asString(el["type"]) == "button" && textOf(el["text"]) == text {
				return button{blockID: asString(block["block_id"]), elem: el}, true
			}
		}
	}
	return button{}, false
}

// buttonTexts lists the button labels in blocks, for error messages.
func buttonTexts(blocks []any) []string {
	var out []string
	for _, b := range blocks {
		for _, el := range elementsOf(asMap(b)) {
			if asString(el["type"]) == "button" {
				out = append(out, textOf(el["text"]))
			}
		}
	}
	return out
}
