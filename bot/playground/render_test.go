package playground

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var viewer = Viewer{
	Loc:      time.FixedZone("UTC-5", -5*3600),
	Now:      time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC),
	Names:    map[string]string{"UALEX": "Alex Rivera"},
	Channels: map[string]string{"C0GENERAL": "general"},
}

func TestMrkdwn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"*bold* and _it_ and ~gone~", "<b>bold</b> and <i>it</i> and <s>gone</s>"},
		{"a `x*y*` b", "a <code>x*y*</code> b"},
		{"Hi <@UALEX>!", `Hi <span class="mention">@Alex Rivera</span>!`},
		{"Hi <@UNOBODY|nob>", `Hi <span class="mention">@nob</span>`},
		{"in <#C0GENERAL>", `in <span class="mention">#general</span>`},
		{"<!here> now", `<span class="mention">@here</span> now`},
		{"see <https://example.org/a?b=1&amp;c=2|the guide>", `see <a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener">the guide</a>`},
		{"no <javascript:alert(1)|link>", "no link"},
		{"Dana &amp; co &lt;3 &lt;script&gt;", "Dana &amp; co &lt;3 &lt;script&gt;"},
		{":wave: hello :not_an_emoji:", "👋 hello :not_an_emoji:"},
		{"one\ntwo", "one<br>two"},
		{"&gt; quoted", `<span class="quote">quoted</span>`},
		// 2026-12-02 14:00 UTC is 09:00 the viewer's time, tomorrow.
		{"<!date^1796220000^{date_short_pretty} at {time}|fallback>", "<time>Tomorrow at 9:00 AM</time>"},
		{"<!date^1796220000^{date_long}|x>", "<time>Wednesday, December 2nd, 2026</time>"},
		{"<!date^1796220000^{date_num} {ago}|x>", "<time>2026-12-02 in 23 hours</time>"},
		{"<!date^oops^{date}|the fallback>", "<time>the fallback</time>"},
	} {
		if got := mrkdwn(c.in, viewer); got != c.want {
			t.Errorf("mrkdwn(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	es := viewer
	es.Spanish = true
	for _, c := range []struct{ in, want string }{
		{"<!date^1796220000^{date_short_pretty} a las {time}|x>", "<time>Mañana a las 09:00</time>"},
		{"<!date^1796306400^{date_long}|x>", "<time>jueves, 3 de diciembre de 2026</time>"},
	} {
		if got := mrkdwn(c.in, es); got != c.want {
			t.Errorf("mrkdwn(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestBlocks(t *testing.T) {
	people := []Choice{{"UALEX", "Alex Rivera"}, {"UMAYA", "Maya"}}
	for _, c := range []struct {
		name   string
		blocks string
		errors map[string]string
		want   []string
	}{
		{"section with fields and a button", `[{"type":"section","block_id":"b1","text":{"type":"mrkdwn","text":"*Hi*"},"fields":[{"type":"mrkdwn","text":"a"},{"type":"plain_text","text":"b"}],"accessory":{"type":"button","action_id":"go","text":{"type":"plain_text","text":"Go"},"style":"primary"}}]`, nil,
			[]string{`<b>Hi</b>`, `<div class="field">a</div>`, `<button type="button" class="btn primary" data-block="b1" data-action="go">Go</button>`}},
		{"header, divider, context, image", `[{"type":"header","text":{"type":"plain_text","text":"Title"}},{"type":"divider"},{"type":"context","elements":[{"type":"mrkdwn","text":"_small_"},{"type":"image","image_url":"https://x/i.png","alt_text":"i"}]},{"type":"image","image_url":"https://x/p.png","alt_text":"pic"}]`, nil,
			[]string{`<h3 class="block header">Title</h3>`, `<hr`, `<i>small</i>`, `<img class="context-image" src="https://x/i.png"`, `<img src="https://x/p.png" alt="pic">`}},
		{"actions with select and overflow", `[{"type":"actions","block_id":"a","elements":[{"type":"static_select","action_id":"s","options":[{"text":{"type":"plain_text","text":"One"},"value":"1"}]},{"type":"overflow","action_id":"o","options":[{"text":{"type":"plain_text","text":"Delete"},"value":"del"}]}]}]`, nil,
			[]string{`data-action="s"`, `<option value="1">One</option>`, `class="overflow act"`, `<option value="del">Delete</option>`}},
		{"inputs with checks and an error", `[{"type":"input","block_id":"t","label":{"type":"plain_text","text":"Topic"},"element":{"type":"plain_text_input","action_id":"v","multiline":true,"max_length":300}},{"type":"input","block_id":"n","optional":true,"label":{"type":"plain_text","text":"Count"},"element":{"type":"number_input","action_id":"v","is_decimal_allowed":false,"min_value":"1","max_value":"9"}},{"type":"input","block_id":"who","label":{"type":"plain_text","text":"Who"},"element":{"type":"users_select","action_id":"v","initial_user":"UMAYA"}}]`,
			map[string]string{"t": "Too short"},
			[]string{`<textarea name="in:t" rows="4" maxlength="300" required>`, `<div class="field-error" role="alert">Too short</div>`, `type="number" name="in:n"`, `step="1" min="1" max="9"`, `(optional)`, `<option value="UMAYA" selected>Maya</option>`}},
		{"date, time, datetime, radio, checkboxes", `[{"type":"input","block_id":"d","label":{"type":"plain_text","text":"Day"},"element":{"type":"datepicker","action_id":"v","initial_date":"2026-12-03"}},{"type":"input","block_id":"h","label":{"type":"plain_text","text":"Time"},"element":{"type":"timepicker","action_id":"v","initial_time":"09:30"}},{"type":"input","block_id":"dt","label":{"type":"plain_text","text":"When"},"element":{"type":"datetimepicker","action_id":"v","initial_date_time":1796220000}},{"type":"input","block_id":"r","label":{"type":"plain_text","text":"How"},"element":{"type":"radio_buttons","action_id":"v","options":[{"text":{"type":"plain_text","text":"Call"},"value":"call"},{"text":{"type":"plain_text","text":"Walk"},"value":"walk"}],"initial_option":{"text":{"type":"plain_text","text":"Walk"},"value":"walk"}}},{"type":"input","block_id":"c","optional":true,"label":{"type":"plain_text","text":"Share"},"element":{"type":"checkboxes","action_id":"v","options":[{"text":{"type":"plain_text","text":"Yes"},"value":"y"}]}}]`, nil,
			[]string{`type="date" name="in:d" value="2026-12-03" required`, `type="time" name="in:h" value="09:30"`, `type="datetime-local" name="in:dt" value="2026-12-02T09:00"`, `type="radio" name="in:r" value="walk" checked`, `type="checkbox" name="in:c" value="y"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var blocks []any
			if err := json.Unmarshal([]byte(c.blocks), &blocks); err != nil {
				t.Fatal(err)
			}
			out, unknown := Render{Viewer: viewer, Errors: c.errors, People: people}.Blocks(blocks)
			if len(unknown) > 0 {
				t.Errorf("unknown: %v", unknown)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("lacks %q in\n%s", w, out)
				}
			}
		})
	}
}

// TestEmojiTheBotUses keeps the page's emoji table up with every
// shortcode in the bot's code and catalog.
func TestEmojiTheBotUses(t *testing.T) {
	files, _ := filepath.Glob("../*.go")
	more, _ := filepath.Glob("../catalog/messages/*.toml")
	code := regexp.MustCompile(`:([a-z][a-z_]+[a-z]):`)
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range code.FindAllStringSubmatch(string(raw), -1) {
			if _, ok := emoji[m[1]]; !ok {
				t.Errorf("%s uses :%s:, which the page would show as text: add it to emoji", f, m[1])
			}
		}
	}
}

func TestUnknownBlocksAreReported(t *testing.T) {
	var blocks []any
	json.Unmarshal([]byte(`[{"type":"video"},{"type":"actions","elements":[{"type":"workflow_button"}]}]`), &blocks)
	out, unknown := Render{Viewer: viewer}.Blocks(blocks)
	if strings.Join(unknown, ",") != "block:video,element:workflow_button" {
		t.Errorf("unknown = %v", unknown)
	}
	if !strings.Contains(string(out), `class="unknown"`) {
		t.Errorf("no placeholder in %s", out)
	}
}

// TestGoldensRender draws every golden view and message of bot/testdata
// as the page would: none may hold a block or element the page cannot
// draw.
func TestGoldensRender(t *testing.T) {
	files, err := filepath.Glob("../testdata/golden/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens found (%v)", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var surface map[string]any
		if err := json.Unmarshal(raw, &surface); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		blocks := asList(surface["blocks"])
		if len(blocks) == 0 && asString(surface["text"]) == "" {
			t.Errorf("%s: neither blocks nor text", f)
			continue
		}
		out, unknown := Render{Viewer: viewer}.Blocks(blocks)
		if len(unknown) > 0 {
			t.Errorf("%s: the page cannot draw %v", filepath.Base(f), unknown)
		}
		if len(blocks) > 0 && len(out) == 0 {
			t.Errorf("%s: rendered nothing", filepath.Base(f))
		}
	}
	t.Logf("%d goldens render", len(files))
}
