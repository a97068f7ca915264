package playground

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

var pageTemplate = template.Must(template.ParseFS(assets, "assets/page.html"))

// pageData is what page.html draws.
type pageData struct {
	Version   string // versionNow before drawing
	Me        Person
	People    []Person
	Channels  []Channel
	View      string // "home", "messages" or a channel id
	Title     string
	Now       string // the clock, in the viewer's zone
	Flash     string
	Items     []item
	Home      template.HTML
	HomeID    string
	Modal     *modal
	Calls     []callRow
	Acks      []ackRow
	Composer  bool
	Handles   []string
	BotName   string
	Unknown   []string
	DMChannel string
}

// item is one message or ephemeral in a conversation.
type item struct {
	TS, Channel, Time string
	Ephemeral         bool
	Label             string
	HTML              template.HTML
}

// modal is the person's top modal as a form.
type modal struct {
	ID, Title, Submit, Close, Hash string
	Depth                          int
	HTML                           template.HTML
}

type callRow struct{ At, Method, Detail, Error string }
type ackRow struct {
	Type, Latency string
	Retry         int
	Payload       string
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	version := s.versionNow()
	me := s.person(r.URL.Query().Get("as"))
	view := r.URL.Query().Get("view")
	if view == "" {
		view = slacktest.GeneralChannelID
	}
	loc, err := time.LoadLocation(me.TZ)
	if err != nil {
		loc = time.UTC
	}
	now := s.cfg.Clock.Now()
	d := pageData{Version: version, Me: me, People: s.cfg.People, Channels: s.cfg.Channels, View: view, BotName: botName,
		Now: now.In(loc).Format("Mon 2 Jan 2006, 15:04 MST"), DMChannel: "D" + me.ID}
	for _, p := range s.cfg.People {
		d.Handles = append(d.Handles, Handle(p))
	}
	s.mu.Lock()
	d.Flash = s.flash[me.ID]
	delete(s.flash, me.ID)
	s.mu.Unlock()
	rd := s.render(me, loc, nil)
	var unknown []string
	switch view {
	case "home":
		d.Title = botName + " · " + homeTitle
		if v, ok := s.cfg.Fake.HomeView(me.ID); ok {
			d.HomeID = v.ID
			var u []string
			d.Home, u = rd.Blocks(asBlocks(v.Blocks))
			unknown = append(unknown, u...)
		}
	case "messages":
		d.Title = botName + " · " + messagesTab
		d.Items, unknown = s.conversation(me, "D"+me.ID, rd, loc)
		d.Composer = true
	default:
		d.Title = "#" + view
		for _, c := range s.cfg.Channels {
			if c.ID == view {
				d.Title = "#" + c.Name
			}
		}
		d.Items, unknown = s.conversation(me, view, rd, loc)
		d.Composer = true
	}
	if v, ok := s.cfg.Fake.OpenView(me.ID); ok {
		s.mu.Lock()
		errs := s.errors[v.ID]
		s.mu.Unlock()
		m := &modal{ID: v.ID, Hash: v.Hash, Depth: len(s.cfg.Fake.ModalStack(me.ID))}
		if v.Title != nil {
			m.Title = v.Title.Text
		}
		if v.Submit != nil {
			m.Submit = v.Submit.Text
		}
		m.Close = modalCancel
		if v.Close != nil {
			m.Close = v.Close.Text
		}
		var u []string
		m.HTML, u = s.render(me, loc, errs).Blocks(asBlocks(v.Blocks))
		unknown = append(unknown, u...)
		m.Hash += fmt.Sprint(len(errs))
		d.Modal = m
	}
	d.Unknown = unknown
	d.Calls, d.Acks = s.panel()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := pageTemplate.Execute(w, d); err != nil {
		s.cfg.Log.Error("playground: page", "err", err)
	}
}

// render is how this person sees blocks.
func (s *Server) render(me Person, loc *time.Location, errs map[string]string) Render {
	v := Viewer{Loc: loc, Now: s.cfg.Clock.Now(), Names: map[string]string{slacktest.BotUserID: botName}, Channels: map[string]string{},
		Spanish: strings.HasPrefix(me.Locale, "es")}
	r := Render{Viewer: v, Errors: errs}
	for _, p := range s.cfg.People {
		v.Names[p.ID] = p.Name
		r.People = append(r.People, Choice{ID: p.ID, Name: p.Name})
	}
	for _, c := range s.cfg.Channels {
		v.Channels[c.ID] = c.Name
		r.Channels = append(r.Channels, Choice(c))
	}
	return r
}

// conversation is a channel's messages with the person's ephemerals in
// it, in order.
func (s *Server) conversation(me Person, channel string, rd Render, loc *time.Location) ([]item, []string) {
	var items []item
	var unknown []string
	add := func(it item, text string, blocks []any) {
		if len(blocks) == 0 {
			blocks = []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}}}
		}
		var u []string
		it.HTML, u = rd.Blocks(blocks)
		unknown = append(unknown, u...)
		items = append(items, it)
	}
	for _, m := range s.cfg.Fake.Messages(channel) {
		label := ""
		if m.Updated {
			label = "(edited)"
		}
		add(item{TS: m.TS, Channel: m.Channel, Label: label}, m.Text, asBlocks(m.Blocks))
	}
	for _, e := range s.cfg.Fake.Ephemerals(me.ID) {
		if e.Channel == channel {
			add(item{TS: e.TS, Channel: e.Channel, Ephemeral: true, Label: onlyVisible}, e.Text, asBlocks(e.Blocks))
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return tsLess(items[i].TS, items[j].TS) })
	return items, unknown
}

func tsLess(a, b string) bool {
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	return x < y
}

// asBlocks turns slack-go's typed blocks back into JSON for the renderer.
func asBlocks(v any) []any {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out []any
	json.Unmarshal(raw, &out)
	return out
}

// panel lists the newest Web API calls and acks, newest first.
func (s *Server) panel() ([]callRow, []ackRow) {
	const keep = 60
	calls := s.cfg.Fake.Calls("")
	var rows []callRow
	for i := len(calls) - 1; i >= 0 && len(rows) < keep; i-- {
		c := calls[i]
		rows = append(rows, callRow{At: c.At.Format("15:04:05.000"), Method: c.Method, Detail: detail(c.Params), Error: c.Error})
	}
	acks := s.cfg.Fake.Acks()
	var arows []ackRow
	for i := len(acks) - 1; i >= 0 && len(arows) < keep; i-- {
		a := acks[i]
		p := string(a.Payload)
		if len(p) > 160 {
			p = p[:160] + "…"
		}
		arows = append(arows, ackRow{Type: a.Type, Latency: a.Latency.Round(100 * time.Microsecond).String(), Retry: a.RetryAttempt, Payload: p})
	}
	return rows, arows
}

// detail sums up a call's parameters in a line.
func detail(p map[string]any) string {
	var parts []string
	for _, k := range []string{"channel", "user", "user_id", "users", "trigger_id", "view_id", "ts"} {
		if v := asString(p[k]); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if t := asString(p["text"]); t != "" {
		if r := []rune(t); len(r) > 60 {
			t = string(r[:60]) + "…"
		}
		parts = append(parts, fmt.Sprintf("text=%q", t))
	}
	if v := asMap(p["view"]); v != nil {
		parts = append(parts, "view="+asString(v["type"])+":"+asString(v["callback_id"]))
	}
	return strings.Join(parts, " ")
}

// values reads the modal's form into SubmitView's values, by label.
func (s *Server) values(me Person, form url.Values) (map[string]string, error) {
	v, ok := s.cfg.Fake.OpenView(me.ID)
	if !ok {
		return nil, fmt.Errorf("no modal is open")
	}
	loc, err := time.LoadLocation(me.TZ)
	if err != nil {
		loc = time.UTC
	}
	out := map[string]string{}
	for _, b := range asBlocks(v.Blocks) {
		block := asMap(b)
		if asString(block["type"]) != "input" {
			continue
		}
		label := textOf(block["label"])
		got := form["in:"+asString(block["block_id"])]
		val := strings.Join(got, ",")
		if asString(asMap(block["element"])["type"]) == "datetimepicker" && val != "" {
			t, err := time.ParseInLocation("2006-01-02T15:04", val, loc)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a date and time", label, val)
			}
			val = strconv.FormatInt(t.Unix(), 10)
		}
		out[label] = val
	}
	return out, nil
}

// submissionErrors reads the errors of a response_action "errors" ack.
func submissionErrors(ack slacktest.Ack) map[string]string {
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(ack.Payload) > 0 {
		json.Unmarshal(ack.Payload, &resp)
	}
	if resp.ResponseAction != "errors" {
		return nil
	}
	return resp.Errors
}
