package slacktest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"
)

// maxModalStack is how many modals Slack stacks for one user.
const maxModalStack = 3

// viewRec is a modal or Home tab as Slack holds it.
type viewRec struct {
	id, user           string
	body               map[string]any // the view the bot sent, ids filled in
	hash               string
	rootID, previousID string
}

// json is the view object Slack returns and puts in payloads.
func (v *viewRec) json(state map[string]any) map[string]any {
	m := deepCopy(v.body).(map[string]any)
	for k, d := range map[string]any{"private_metadata": "", "callback_id": "", "external_id": "",
		"clear_on_close": false, "notify_on_close": false, "close": nil, "submit": nil, "title": nil} {
		if _, ok := m[k]; !ok {
			m[k] = d
		}
	}
	if state == nil {
		state = map[string]any{}
	}
	m["id"], m["team_id"], m["hash"] = v.id, TeamID, v.hash
	m["root_view_id"], m["previous_view_id"] = nullable(v.rootID), nullable(v.previousID)
	m["app_id"], m["bot_id"], m["app_installed_team_id"] = AppID, BotID, TeamID
	m["state"] = map[string]any{"values": state}
	return m
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// view decodes the view into slack-go's type.
func (v *viewRec) view() slack.View {
	var out slack.View
	raw, _ := json.Marshal(v.json(nil))
	_ = json.Unmarshal(raw, &out)
	return out
}

func (v *viewRec) kind() string { return asString(v.body["type"]) }

// trigger is a trigger_id handed to the bot with a command or click.
type trigger struct {
	user    string
	created time.Time
	used    bool
}

// newTrigger makes a fresh trigger_id for user. Callers hold s.mu.
func (s *Server) newTrigger(user string) string {
	id := fmt.Sprintf("%d.%d.%s", s.next(), 1700000000, randomToken()[:16])
	s.triggers[id] = trigger{user: user, created: time.Now()}
	return id
}

// useTrigger spends a trigger_id and returns its user. Callers hold s.mu.
func (s *Server) useTrigger(id string) (string, *apiError) {
	t, ok := s.triggers[id]
	switch {
	case !ok || time.Since(t.created) > s.opts.TriggerTTL:
		return "", errCode("expired_trigger_id")
	case t.used:
		return "", errCode("exchanged_trigger_id")
	}
	t.used = true
	s.triggers[id] = t
	return t.user, nil
}

// ExpireTriggers ages every trigger_id handed out so far past TriggerTTL,
// as Slack's 3 s would: a views.open held (Hold) and then released gets
// expired_trigger_id, without the test sleeping through the 3 s.
func (s *Server) ExpireTriggers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.triggers {
		t.created = t.created.Add(-s.opts.TriggerTTL - time.Nanosecond)
		s.triggers[id] = t
	}
}

func (s *Server) newHash() string {
	return fmt.Sprintf("%d.%s", 1700000000+s.next(), randomToken()[:8])
}

// prepareView validates a view of the given kind and returns a copy with
// ids filled in. Callers hold s.mu.
func (s *Server) prepareView(v any, kind string) (map[string]any, *apiError) {
	m := asMap(v)
	if m == nil {
		return nil, errCode("invalid_arguments")
	}
	m = deepCopy(m).(map[string]any)
	if typ := asString(m["type"]); typ != kind {
		msg := fmt.Sprintf("[ERROR] must be %q, not %q [json-pointer:/view/type]", kind, typ)
		return nil, validationFailure(&ValidationError{Code: "invalid_arguments", Problems: []string{msg}})
	}
	if err := validateViewJSON(m); err != nil {
		return nil, validationFailure(err)
	}
	s.assignIDs(asList(m["blocks"]))
	return m, nil
}

func (s *Server) viewsOpen(p params) (map[string]any, *apiError) {
	return s.viewsPush(p)
}

func (s *Server) viewsPush(p params) (map[string]any, *apiError) {
	user, aerr := s.useTrigger(p.str("trigger_id"))
	if aerr != nil {
		return nil, aerr
	}
	body, aerr := s.prepareView(p["view"], "modal")
	if aerr != nil {
		return nil, aerr
	}
	rec, aerr := s.pushView(user, body)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"view": rec.json(nil)}, nil
}

// pushView puts a modal on top of the user's stack. Callers hold s.mu.
func (s *Server) pushView(user string, body map[string]any) (*viewRec, *apiError) {
	st := s.stacks[user]
	if len(st) >= maxModalStack {
		return nil, errCode("push_limit_reached")
	}
	rec := &viewRec{id: s.nextID("V"), user: user, body: body, hash: s.newHash()}
	rec.rootID = rec.id
	if len(st) > 0 {
		rec.rootID, rec.previousID = st[0].id, st[len(st)-1].id
	}
	s.stacks[user] = append(st, rec)
	s.views[rec.id] = rec
	return rec, nil
}

// popView closes the user's top modal. Callers hold s.mu.
func (s *Server) popView(user string) {
	st := s.stacks[user]
	if len(st) == 0 {
		return
	}
	delete(s.views, st[len(st)-1].id)
	s.stacks[user] = st[:len(st)-1]
}

// clearViews closes all the user's modals. Callers hold s.mu.
func (s *Server) clearViews(user string) {
	for len(s.stacks[user]) > 0 {
		s.popView(user)
	}
}

func (s *Server) viewsUpdate(p params) (map[string]any, *apiError) {
	var rec *viewRec
	if id := p.str("view_id"); id != "" {
		rec = s.views[id]
	} else if ext := p.str("external_id"); ext != "" {
		for _, v := range s.views {
			if asString(v.body["external_id"]) == ext {
				rec = v
			}
		}
	} else {
		return nil, errCode("invalid_arguments")
	}
	if rec == nil {
		return nil, errCode("not_found")
	}
	if h := p.str("hash"); h != "" && h != rec.hash {
		return nil, errCode("hash_conflict")
	}
	body, aerr := s.prepareView(p["view"], rec.kind())
	if aerr != nil {
		return nil, aerr
	}
	rec.body, rec.hash = body, s.newHash()
	return map[string]any{"view": rec.json(nil)}, nil
}

func (s *Server) viewsPublish(p params) (map[string]any, *apiError) {
	user := p.str("user_id")
	if user == "" {
		return nil, errCode("invalid_arguments")
	}
	body, aerr := s.prepareView(p["view"], "home")
	if aerr != nil {
		return nil, aerr
	}
	rec := s.homes[user]
	if h := p.str("hash"); h != "" && rec != nil && h != rec.hash {
		return nil, errCode("hash_conflict")
	}
	if rec == nil {
		rec = &viewRec{id: s.nextID("V"), user: user}
		s.homes[user] = rec
		s.views[rec.id] = rec
	}
	rec.body, rec.hash = body, s.newHash()
	return map[string]any{"view": rec.json(nil)}, nil
}

// TriggerID mints a trigger_id as if the user had just interacted, for
// tests that call views.open without going through Socket Mode.
func (s *Server) TriggerID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newTrigger(userID)
}
