package slacktest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit limits Slack enforces (see docs/slack.md).
const (
	maxMessageBlocks   = 50
	maxViewBlocks      = 100
	maxSectionText     = 3000
	maxFields          = 10
	maxFieldText       = 2000
	maxHeaderText      = 150
	maxContextElements = 10
	maxActionsElements = 25
	maxButtonText      = 75
	maxButtonValue     = 2000
	maxURL             = 3000
	maxOptionText      = 75
	maxSelectOptions   = 100
	maxChoiceOptions   = 10 // radio buttons and checkboxes
	maxOverflowOptions = 5
	maxViewText        = 24 // modal title, submit, close
	maxPrivateMetadata = 3000
	maxID              = 255 // callback_id, block_id, action_id, external_id
	maxLabel           = 2000
	maxPlaceholder     = 150
	maxAltText         = 2000
	maxViewBytes       = 250 * 1000
	maxMessageText     = 40000
)

// ValidationError lists what Slack would refuse in a message or view, with
// the error code the Web API answers.
type ValidationError struct {
	// Code is "invalid_blocks" for messages, "invalid_arguments" or
	// "view_too_large" for views.
	Code string
	// Problems are Slack-style lines: "[ERROR] ... [json-pointer:/blocks/0/text]".
	Problems []string
}

func (e *ValidationError) Error() string {
	return e.Code + ": " + strings.Join(e.Problems, "; ")
}

// ValidateMessageBlocks checks message blocks against Slack's Block Kit
// limits, so builders can be tested without a server.
func ValidateMessageBlocks(blocks []slack.Block) error {
	v, err := toJSONValue(blocks)
	if err != nil {
		return &ValidationError{Code: "invalid_blocks", Problems: []string{err.Error()}}
	}
	return validateMessageJSON(v)
}

// ValidateView checks a modal or Home tab against Slack's limits. view may
// be a slack.ModalViewRequest, slack.HomeTabViewRequest, slack.View (or
// pointers to them) or its JSON as []byte / json.RawMessage.
func ValidateView(view any) error {
	v, err := toJSONValue(view)
	if err != nil {
		return &ValidationError{Code: "invalid_arguments", Problems: []string{err.Error()}}
	}
	return validateViewJSON(v)
}

func validateMessageJSON(blocks any) error {
	c := &checker{}
	list, ok := blocks.([]any)
	if !ok && blocks != nil {
		c.addf("/blocks", "must be an array")
	}
	c.blocks(list, "/blocks", maxMessageBlocks)
	return c.err("invalid_blocks")
}

func validateViewJSON(view any) error {
	m := asMap(view)
	if m == nil {
		return &ValidationError{Code: "invalid_arguments", Problems: []string{"[ERROR] view must be an object [json-pointer:/view]"}}
	}
	if raw, _ := json.Marshal(m); len(raw) > maxViewBytes {
		return &ValidationError{Code: "view_too_large", Problems: []string{fmt.Sprintf("[ERROR] view is %d bytes, over %d [json-pointer:/view]", len(raw), maxViewBytes)}}
	}
	c := &checker{}
	switch typ := asString(m["type"]); typ {
	case "modal":
		c.text(m["title"], "/view/title", maxViewText, plainRequired)
		c.text(m["close"], "/view/close", maxViewText, plainOptional)
		c.text(m["submit"], "/view/submit", maxViewText, plainOptional)
		if m["submit"] == nil && hasInput(asList(m["blocks"])) {
			c.addf("/view/submit", "submit is required when the view has an input block")
		}
	case "home":
	default:
		c.addf("/view/type", "must be modal or home, not %q", typ)
	}
	c.maxLen(m["private_metadata"], "/view/private_metadata", maxPrivateMetadata)
	c.maxLen(m["callback_id"], "/view/callback_id", maxID)
	c.maxLen(m["external_id"], "/view/external_id", maxID)
	c.blocks(asList(m["blocks"]), "/view/blocks", maxViewBlocks)
	return c.err("invalid_arguments")
}

func hasInput(blocks []any) bool {
	for _, b := range blocks {
		if asString(asMap(b)["type"]) == "input" {
			return true
		}
	}
	return false
}

// checker collects problems in Slack's wording.
type checker struct{ problems []string }

func (c *checker) addf(path, format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf("[ERROR] "+format+" [json-pointer:%s]", append(args, path)...))
}

func (c *checker) err(code string) error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Code: code, Problems: c.problems}
}

func (c *checker) maxLen(v any, path string, limit int) {
	if n := utf8.RuneCountInString(asString(v)); n > limit {
		c.addf(path, "must be at most %d characters, is %d", limit, n)
	}
}

// textRule is what Slack asks of a text object: plain_text only (labels,
// titles, buttons) or mrkdwn too, and whether it may be missing.
type textRule struct{ plainOnly, required bool }

var (
	plainRequired = textRule{plainOnly: true, required: true}
	plainOptional = textRule{plainOnly: true}
	anyRequired   = textRule{required: true}
	anyOptional   = textRule{}
)

// text checks a text object: presence, plain_text where Slack insists, length.
func (c *checker) text(v any, path string, limit int, rule textRule) {
	plainOnly, required := rule.plainOnly, rule.required
	if v == nil {
		if required {
			c.addf(path, "is required")
		}
		return
	}
	m := asMap(v)
	if m == nil {
		c.addf(path, "must be a text object")
		return
	}
	typ := asString(m["type"])
	if plainOnly && typ != "plain_text" {
		c.addf(path+"/type", "must be plain_text, not %q", typ)
	} else if typ != "plain_text" && typ != "mrkdwn" {
		c.addf(path+"/type", "must be plain_text or mrkdwn, not %q", typ)
	}
	c.maxLen(m["text"], path+"/text", limit)
}

var knownBlocks = map[string]bool{
	"section": true, "divider": true, "image": true, "actions": true, "context": true,
	"input": true, "header": true, "rich_text": true, "file": true, "video": true,
	"markdown": true, "table": true, "context_actions": true,
}

func (c *checker) blocks(blocks []any, path string, limit int) {
	if len(blocks) > limit {
		c.addf(path, "no more than %d items allowed, got %d", limit, len(blocks))
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		p := fmt.Sprintf("%s/%d", path, i)
		block := asMap(b)
		typ := asString(block["type"])
		if !knownBlocks[typ] {
			c.addf(p+"/type", "unknown block type %q", typ)
			continue
		}
		if id := asString(block["block_id"]); id != "" {
			if seen[id] {
				c.addf(p+"/block_id", "duplicate block_id %q", id)
			}
			seen[id] = true
		}
		c.maxLen(block["block_id"], p+"/block_id", maxID)
		c.block(block, typ, p)
	}
}

func (c *checker) block(block map[string]any, typ, p string) {
	switch typ {
	case "section":
		if block["text"] == nil && block["fields"] == nil {
			c.addf(p, "must provide text or fields")
		}
		c.text(block["text"], p+"/text", maxSectionText, anyOptional)
		fields := asList(block["fields"])
		if len(fields) > maxFields {
			c.addf(p+"/fields", "no more than %d items allowed, got %d", maxFields, len(fields))
		}
		for i, f := range fields {
			c.text(f, fmt.Sprintf("%s/fields/%d", p, i), maxFieldText, anyRequired)
		}
		if acc := block["accessory"]; acc != nil {
			c.element(asMap(acc), p+"/accessory")
		}
	case "header":
		c.text(block["text"], p+"/text", maxHeaderText, plainRequired)
	case "context":
		els := asList(block["elements"])
		if len(els) == 0 || len(els) > maxContextElements {
			c.addf(p+"/elements", "must have 1 to %d items, got %d", maxContextElements, len(els))
		}
	case "actions":
		els := asList(block["elements"])
		if len(els) == 0 || len(els) > maxActionsElements {
			c.addf(p+"/elements", "must have 1 to %d items, got %d", maxActionsElements, len(els))
		}
		seen := map[string]bool{}
		for i, e := range els {
			el := asMap(e)
			if id := asString(el["action_id"]); id != "" {
				if seen[id] {
					c.addf(fmt.Sprintf("%s/elements/%d/action_id", p, i), "duplicate action_id %q", id)
				}
				seen[id] = true
			}
			c.element(el, fmt.Sprintf("%s/elements/%d", p, i))
		}
	case "input":
		c.text(block["label"], p+"/label", maxLabel, plainRequired)
		c.text(block["hint"], p+"/hint", maxLabel, plainOptional)
		if el := asMap(block["element"]); el == nil {
			c.addf(p+"/element", "is required")
		} else {
			c.element(el, p+"/element")
		}
	case "image":
		if asString(block["alt_text"]) == "" {
			c.addf(p+"/alt_text", "is required")
		}
		c.maxLen(block["alt_text"], p+"/alt_text", maxAltText)
	}
}

func (c *checker) element(el map[string]any, p string) {
	if el == nil {
		c.addf(p, "must be an element object")
		return
	}
	c.maxLen(el["action_id"], p+"/action_id", maxID)
	c.text(el["placeholder"], p+"/placeholder", maxPlaceholder, plainOptional)
	switch asString(el["type"]) {
	case "button":
		c.text(el["text"], p+"/text", maxButtonText, plainRequired)
		c.maxLen(el["value"], p+"/value", maxButtonValue)
		c.maxLen(el["url"], p+"/url", maxURL)
	case "static_select", "multi_static_select":
		opts, groups := asList(el["options"]), asList(el["option_groups"])
		if len(opts) == 0 && len(groups) == 0 {
			c.addf(p, "must provide options or option_groups")
		}
		c.options(opts, p+"/options", maxSelectOptions)
		for i, g := range groups {
			c.options(asList(asMap(g)["options"]), fmt.Sprintf("%s/option_groups/%d/options", p, i), maxSelectOptions)
		}
	case "overflow":
		c.options(asList(el["options"]), p+"/options", maxOverflowOptions)
	case "radio_buttons", "checkboxes":
		c.options(asList(el["options"]), p+"/options", maxChoiceOptions)
	}
}

func (c *checker) options(opts []any, p string, limit int) {
	if len(opts) > limit {
		c.addf(p, "no more than %d items allowed, got %d", limit, len(opts))
	}
	for i, o := range opts {
		op := fmt.Sprintf("%s/%d", p, i)
		m := asMap(o)
		c.text(m["text"], op+"/text", maxOptionText, anyRequired)
		c.maxLen(m["value"], op+"/value", maxOptionText)
	}
}
