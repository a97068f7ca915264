package playground

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"
	"time"
)

// Choice is one thing a users or conversations menu offers: Slack's
// client lists the workspace's people and channels itself.
type Choice struct{ ID, Name string }

// Render is how blocks are drawn: for whom, and what menus offer.
type Render struct {
	Viewer Viewer
	// Errors are a modal's response_action errors, by block_id, shown
	// under their inputs.
	Errors   map[string]string
	People   []Choice
	Channels []Choice
}

// renderer draws one surface and notes what it could not draw.
type renderer struct {
	Render
	b       strings.Builder
	unknown map[string]bool
}

// Blocks renders a surface's blocks as HTML. Unknown lists each block or
// element type it could not draw (as "block:x" or "element:x"); the page
// shows a placeholder for each, and the golden test keeps the list empty.
func (r Render) Blocks(blocks []any) (out template.HTML, unknown []string) {
	w := &renderer{Render: r, unknown: map[string]bool{}}
	for _, b := range blocks {
		w.block(asMap(b))
	}
	for u := range w.unknown {
		unknown = append(unknown, u)
	}
	sort.Strings(unknown)
	return template.HTML(w.b.String()), unknown
}

func (w *renderer) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

func (w *renderer) miss(kind, typ string) {
	w.unknown[kind+":"+typ] = true
	w.printf(`<div class="unknown">[%s %s]</div>`, kind, html.EscapeString(typ))
}

// text renders a text object, mrkdwn or plain_text.
func (w *renderer) text(v any) string {
	t := asMap(v)
	if t == nil {
		return ""
	}
	switch asString(t["type"]) {
	case "mrkdwn":
		return mrkdwn(asString(t["text"]), w.Viewer)
	case "plain_text", "":
		return plain(asString(t["text"]))
	}
	w.unknown["text:"+asString(t["type"])] = true
	return html.EscapeString(asString(t["text"]))
}

func (w *renderer) block(b map[string]any) {
	id := html.EscapeString(asString(b["block_id"]))
	switch typ := asString(b["type"]); typ {
	case "section":
		w.printf(`<div class="block section" data-block="%s"><div class="section-body">`, id)
		if b["text"] != nil {
			w.printf(`<div class="text">%s</div>`, w.text(b["text"]))
		}
		if fields := asList(b["fields"]); len(fields) > 0 {
			w.printf(`<div class="fields">`)
			for _, f := range fields {
				w.printf(`<div class="field">%s</div>`, w.text(f))
			}
			w.printf(`</div>`)
		}
		w.printf(`</div>`)
		if acc := asMap(b["accessory"]); acc != nil {
			w.printf(`<div class="accessory">`)
			w.element(acc, asString(b["block_id"]))
			w.printf(`</div>`)
		}
		w.printf(`</div>`)
	case "header":
		w.printf(`<h3 class="block header">%s</h3>`, w.text(b["text"]))
	case "divider":
		w.printf(`<hr class="block divider">`)
	case "context":
		w.printf(`<div class="block context">`)
		for _, e := range asList(b["elements"]) {
			el := asMap(e)
			switch asString(el["type"]) {
			case "image":
				w.printf(`<img class="context-image" src="%s" alt="%s">`, html.EscapeString(asString(el["image_url"])), html.EscapeString(asString(el["alt_text"])))
			case "mrkdwn", "plain_text":
				w.printf(`<span>%s</span>`, w.text(el))
			default:
				w.miss("element", asString(el["type"]))
			}
		}
		w.printf(`</div>`)
	case "image":
		w.printf(`<figure class="block image">`)
		if t := asMap(b["title"]); t != nil {
			w.printf(`<figcaption>%s</figcaption>`, w.text(t))
		}
		w.printf(`<img src="%s" alt="%s"></figure>`, html.EscapeString(asString(b["image_url"])), html.EscapeString(asString(b["alt_text"])))
	case "actions":
		w.printf(`<div class="block actions" data-block="%s">`, id)
		for _, e := range asList(b["elements"]) {
			w.element(asMap(e), asString(b["block_id"]))
		}
		w.printf(`</div>`)
	case "input":
		w.input(b)
	default:
		w.miss("block", typ)
	}
}

// element renders an interactive element outside an input block: using
// it reports a block action at once.
func (w *renderer) element(el map[string]any, blockID string) {
	typ := asString(el["type"])
	attrs := fmt.Sprintf(`data-block="%s" data-action="%s"`, html.EscapeString(blockID), html.EscapeString(asString(el["action_id"])))
	if c := asMap(el["confirm"]); c != nil {
		attrs += fmt.Sprintf(` data-confirm="%s"`, html.EscapeString(textOf(c["title"])+"\n\n"+textOf(c["text"])))
	}
	switch typ {
	case "button":
		class := "btn"
		if s := asString(el["style"]); s != "" {
			class += " " + s
		}
		if u := asString(el["url"]); u != "" {
			w.printf(`<a class="%s" href="%s" target="_blank" rel="noopener" %s>%s</a>`, class, html.EscapeString(u), attrs, w.text(el["text"]))
			return
		}
		w.printf(`<button type="button" class="%s" %s>%s</button>`, class, attrs, w.text(el["text"]))
	case "overflow":
		w.printf(`<select class="overflow act" %s><option value="">⋯</option>%s</select>`, attrs, w.options(el, nil))
	case "static_select", "users_select", "conversations_select", "channels_select", "radio_buttons", "checkboxes", "datepicker", "timepicker":
		w.printf(`<span class="act-field" %s>`, attrs)
		w.field(el, "", true)
		w.printf(`</span>`)
	case "image":
		w.printf(`<img class="accessory-image" src="%s" alt="%s">`, html.EscapeString(asString(el["image_url"])), html.EscapeString(asString(el["alt_text"])))
	default:
		w.miss("element", typ)
	}
}

// input renders an input block as a labelled form field named
// "in:BLOCK_ID", with Slack's client-side checks as HTML constraints.
func (w *renderer) input(b map[string]any) {
	id := asString(b["block_id"])
	optional, _ := b["optional"].(bool)
	w.printf(`<div class="block input" data-block="%s"><label class="label">%s`, html.EscapeString(id), w.text(b["label"]))
	if optional {
		w.printf(` <span class="optional">%s</span>`, optionalLabel)
	}
	w.printf(`</label>`)
	w.field(asMap(b["element"]), "in:"+id, !optional)
	if h := b["hint"]; h != nil {
		w.printf(`<div class="hint">%s</div>`, w.text(h))
	}
	if e := w.Errors[id]; e != "" {
		w.printf(`<div class="field-error" role="alert">%s</div>`, html.EscapeString(e))
	}
	w.printf(`</div>`)
}

// field renders a form control. name is "" outside a form: then the
// control reports a block action when it changes.
func (w *renderer) field(el map[string]any, name string, required bool) {
	typ := asString(el["type"])
	n := html.EscapeString(name)
	act := ""
	if name == "" {
		act = ` class="act"`
		required = false
	}
	req := ""
	if required {
		req = " required"
	}
	ph := ""
	if p := textOf(el["placeholder"]); p != "" {
		ph = fmt.Sprintf(` placeholder="%s"`, html.EscapeString(p))
	}
	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		lim := ""
		if v, ok := el["min_length"].(float64); ok {
			lim += fmt.Sprintf(` minlength="%d"`, int(v))
		}
		if v, ok := el["max_length"].(float64); ok {
			lim += fmt.Sprintf(` maxlength="%d"`, int(v))
		}
		val := html.EscapeString(asString(el["initial_value"]))
		if multi, _ := el["multiline"].(bool); multi {
			w.printf(`<textarea name="%s" rows="4"%s%s%s%s>%s</textarea>`, n, lim, ph, req, act, val)
			return
		}
		kind := map[string]string{"email_text_input": "email", "url_text_input": "url", "number_input": "number"}[typ]
		if kind == "" {
			kind = "text"
		}
		if typ == "number_input" {
			step := "1"
			if dec, _ := el["is_decimal_allowed"].(bool); dec {
				step = "any"
			}
			lim += ` step="` + step + `"`
			if v := asString(el["min_value"]); v != "" {
				lim += ` min="` + html.EscapeString(v) + `"`
			}
			if v := asString(el["max_value"]); v != "" {
				lim += ` max="` + html.EscapeString(v) + `"`
			}
		}
		w.printf(`<input type="%s" name="%s" value="%s"%s%s%s%s>`, kind, n, val, lim, ph, req, act)
	case "static_select", "multi_static_select":
		multi := ""
		selected := map[string]bool{}
		if o := asMap(el["initial_option"]); o != nil {
			selected[asString(o["value"])] = true
		}
		for _, o := range asList(el["initial_options"]) {
			selected[asString(asMap(o)["value"])] = true
		}
		if typ == "multi_static_select" {
			multi = " multiple"
		}
		w.printf(`<select name="%s"%s%s%s>`, n, multi, req, act)
		if multi == "" {
			w.printf(`<option value="">%s</option>`, html.EscapeString(orText(textOf(el["placeholder"]), selectPlaceholder)))
		}
		w.printf(`%s</select>`, w.options(el, selected))
	case "users_select", "multi_users_select", "conversations_select", "multi_conversations_select", "channels_select", "multi_channels_select":
		choices := w.People
		if !strings.Contains(typ, "users") {
			choices = w.Channels
		}
		selected := map[string]bool{}
		for _, k := range []string{"initial_user", "initial_conversation", "initial_channel"} {
			if v := asString(el[k]); v != "" {
				selected[v] = true
			}
		}
		for _, k := range []string{"initial_users", "initial_conversations", "initial_channels"} {
			for _, v := range asList(el[k]) {
				selected[asString(v)] = true
			}
		}
		multi := strings.HasPrefix(typ, "multi_")
		if multi {
			w.printf(`<select name="%s" multiple%s%s>`, n, req, act)
		} else {
			w.printf(`<select name="%s"%s%s><option value="">%s</option>`, n, req, act, html.EscapeString(orText(textOf(el["placeholder"]), selectPlaceholder)))
		}
		for _, c := range choices {
			sel := ""
			if selected[c.ID] {
				sel = " selected"
			}
			prefix := "#"
			if strings.Contains(typ, "users") {
				prefix = ""
			}
			w.printf(`<option value="%s"%s>%s%s</option>`, html.EscapeString(c.ID), sel, prefix, html.EscapeString(c.Name))
		}
		w.printf(`</select>`)
	case "radio_buttons", "checkboxes":
		kind := "radio"
		if typ == "checkboxes" {
			kind = "checkbox"
		}
		selected := map[string]bool{}
		if o := asMap(el["initial_option"]); o != nil {
			selected[asString(o["value"])] = true
		}
		for _, o := range asList(el["initial_options"]) {
			selected[asString(asMap(o)["value"])] = true
		}
		w.printf(`<div class="choices" data-kind="%s"%s>`, kind, map[bool]string{true: ` data-required="1"`}[required])
		for i, o := range asList(el["options"]) {
			opt := asMap(o)
			val := asString(opt["value"])
			chk := ""
			if selected[val] {
				chk = " checked"
			}
			r := ""
			if required && kind == "radio" && i == 0 {
				r = " required"
			}
			w.printf(`<label class="choice"><input type="%s" name="%s" value="%s"%s%s%s> %s`, kind, n, html.EscapeString(val), chk, r, act, w.text(opt["text"]))
			if d := opt["description"]; d != nil {
				w.printf(`<span class="choice-desc">%s</span>`, w.text(d))
			}
			w.printf(`</label>`)
		}
		w.printf(`</div>`)
	case "datepicker":
		w.printf(`<input type="date" name="%s" value="%s"%s%s>`, n, html.EscapeString(asString(el["initial_date"])), req, act)
	case "timepicker":
		w.printf(`<input type="time" name="%s" value="%s"%s%s>`, n, html.EscapeString(asString(el["initial_time"])), req, act)
	case "datetimepicker":
		val := ""
		if f, ok := el["initial_date_time"].(float64); ok {
			val = time.Unix(int64(f), 0).In(w.Viewer.loc()).Format("2006-01-02T15:04")
		}
		w.printf(`<input type="datetime-local" name="%s" value="%s"%s%s>`, n, val, req, act)
	default:
		w.miss("element", typ)
	}
}

// options renders a menu's options and option groups.
func (w *renderer) options(el map[string]any, selected map[string]bool) string {
	var b strings.Builder
	one := func(o any) {
		opt := asMap(o)
		val := asString(opt["value"])
		sel := ""
		if selected[val] {
			sel = " selected"
		}
		fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, html.EscapeString(val), sel, html.EscapeString(textOf(opt["text"])))
	}
	for _, o := range asList(el["options"]) {
		one(o)
	}
	for _, g := range asList(el["option_groups"]) {
		grp := asMap(g)
		fmt.Fprintf(&b, `<optgroup label="%s">`, html.EscapeString(textOf(grp["label"])))
		for _, o := range asList(grp["options"]) {
			one(o)
		}
		b.WriteString(`</optgroup>`)
	}
	return b.String()
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asList(v any) []any         { l, _ := v.([]any); return l }
func asString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case float64:
		return fmt.Sprint(s)
	}
	return ""
}
func textOf(v any) string { return asString(asMap(v)["text"]) }
