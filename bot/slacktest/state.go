package slacktest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// buildState makes view.state.values from the modal's input blocks: each
// input filled from values (keyed by label text) or left at its initial
// value. With strict, unknown labels and empty required inputs are errors,
// as Slack's client would not submit them.
func buildState(blocks []any, values map[string]string, strict bool) (map[string]any, error) {
	state := map[string]any{}
	var labels []string
	used := map[string]bool{}
	for _, b := range blocks {
		block := asMap(b)
		if asString(block["type"]) != "input" {
			continue
		}
		label := textOf(block["label"])
		labels = append(labels, label)
		el := asMap(block["element"])
		v, given := values[label]
		used[label] = used[label] || given
		entry, empty, err := inputState(el, v, given)
		if err != nil {
			return nil, fmt.Errorf("slacktest: input %q: %w", label, err)
		}
		if strict && empty {
			if optional, _ := block["optional"].(bool); !optional {
				return nil, fmt.Errorf("slacktest: required input %q is empty: Slack would not submit", label)
			}
		}
		state[asString(block["block_id"])] = map[string]any{asString(el["action_id"]): entry}
	}
	if strict {
		for label := range values {
			if !used[label] {
				return nil, fmt.Errorf("slacktest: modal has no input labelled %q (labels: %q)", label, labels)
			}
		}
	}
	return state, nil
}

// inputState is one input's state entry. Given values are written as:
// plain_text_input, email/url_text_input, number_input: the text;
// static_select, radio_buttons: an option's text or value;
// multi_static_select, checkboxes: option texts or values, comma separated;
// users/conversations/channels_select: an id; their multi_ forms: ids,
// comma separated; datepicker: YYYY-MM-DD; timepicker: HH:MM;
// datetimepicker: unix seconds.
func inputState(el map[string]any, v string, given bool) (entry map[string]any, empty bool, err error) {
	typ := asString(el["type"])
	entry = map[string]any{"type": typ}
	pick := func(initial string) string {
		if given {
			return v
		}
		return asString(el[initial])
	}
	single := func(key, initial string) bool {
		if s := pick(initial); s != "" {
			entry[key] = s
			return false
		}
		entry[key] = nil
		return true
	}
	multi := func(key, initial string) bool {
		list := []any{}
		if given {
			for _, id := range splitList(v) {
				list = append(list, id)
			}
		} else if init := asList(el[initial]); init != nil {
			list = init
		}
		entry[key] = list
		return len(list) == 0
	}
	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		s := pick("initial_value")
		if s == "" {
			entry["value"] = nil
			return entry, true, nil
		}
		entry["value"] = s
		return entry, false, checkText(el, s)
	case "static_select", "radio_buttons":
		if !given {
			entry["selected_option"] = deepCopy(el["initial_option"])
			return entry, el["initial_option"] == nil, nil
		}
		if v == "" {
			entry["selected_option"] = nil
			return entry, true, nil
		}
		opt, err := findOption(el, v)
		entry["selected_option"] = opt
		return entry, false, err
	case "multi_static_select", "checkboxes":
		list := []any{}
		if !given {
			if init := asList(el["initial_options"]); init != nil {
				list = deepCopy(init).([]any)
			}
		}
		for _, want := range splitList(v) {
			opt, err := findOption(el, want)
			if err != nil {
				return nil, false, err
			}
			list = append(list, opt)
		}
		entry["selected_options"] = list
		return entry, len(list) == 0, nil
	case "users_select":
		return entry, single("selected_user", "initial_user"), nil
	case "conversations_select":
		return entry, single("selected_conversation", "initial_conversation"), nil
	case "channels_select":
		return entry, single("selected_channel", "initial_channel"), nil
	case "multi_users_select":
		return entry, multi("selected_users", "initial_users"), nil
	case "multi_conversations_select":
		return entry, multi("selected_conversations", "initial_conversations"), nil
	case "multi_channels_select":
		return entry, multi("selected_channels", "initial_channels"), nil
	case "datepicker":
		empty = single("selected_date", "initial_date")
		if !empty {
			_, err = time.Parse(time.DateOnly, asString(entry["selected_date"]))
		}
		return entry, empty, err
	case "timepicker":
		empty = single("selected_time", "initial_time")
		if tz := asString(el["timezone"]); tz != "" {
			entry["timezone"] = tz
		}
		if !empty {
			_, err = time.Parse("15:04", asString(entry["selected_time"]))
		}
		return entry, empty, err
	case "datetimepicker":
		if !given {
			entry["selected_date_time"] = el["initial_date_time"]
			return entry, el["initial_date_time"] == nil, nil
		}
		if v == "" {
			entry["selected_date_time"] = nil
			return entry, true, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		entry["selected_date_time"] = n
		return entry, false, err
	default:
		if given {
			return nil, false, fmt.Errorf("filling a %s is not supported", typ)
		}
		return entry, true, nil
	}
}

// checkText applies the checks Slack's client makes before submitting.
func checkText(el map[string]any, s string) error {
	n := utf8.RuneCountInString(s)
	if lo, ok := el["min_length"].(float64); ok && n < int(lo) {
		return fmt.Errorf("%q is shorter than min_length %v", s, lo)
	}
	if hi, ok := el["max_length"].(float64); ok && n > int(hi) {
		return fmt.Errorf("%q is longer than max_length %v", s, hi)
	}
	if asString(el["type"]) != "number_input" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number", s)
	}
	if dec, _ := el["is_decimal_allowed"].(bool); !dec && strings.ContainsAny(s, ".eE") {
		return fmt.Errorf("%q is not a whole number", s)
	}
	if m, err := strconv.ParseFloat(asString(el["min_value"]), 64); err == nil && f < m {
		return fmt.Errorf("%q is below min_value %v", s, m)
	}
	if m, err := strconv.ParseFloat(asString(el["max_value"]), 64); err == nil && f > m {
		return fmt.Errorf("%q is above max_value %v", s, m)
	}
	return nil
}

// findOption finds an option of a select, radio or checkbox element by its
// text or value.
func findOption(el map[string]any, want string) (any, error) {
	opts := slices.Clone(asList(el["options"]))
	for _, g := range asList(el["option_groups"]) {
		opts = append(opts, asList(asMap(g)["options"])...)
	}
	var texts []string
	for _, o := range opts {
		m := asMap(o)
		if textOf(m["text"]) == want || asString(m["value"]) == want {
			return deepCopy(o), nil
		}
		texts = append(texts, textOf(m["text"]))
	}
	return nil, fmt.Errorf("no option %q (options: %q)", want, texts)
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
