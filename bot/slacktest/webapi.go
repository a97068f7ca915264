package slacktest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// params is a decoded request body.
type params map[string]any

// str reads a parameter as a string whatever its JSON type.
func (p params) str(key string) string {
	switch v := p[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		return ""
	}
}

// apiError is a Slack error answer: {"ok":false,"error":code,...}.
type apiError struct {
	code  string
	extra map[string]any
}

func errCode(code string) *apiError { return &apiError{code: code} }

// validationFailure turns a ValidationError into the Web API answer.
func validationFailure(err error) *apiError {
	ve, ok := err.(*ValidationError)
	if !ok {
		return errCode("invalid_arguments")
	}
	return &apiError{code: ve.Code, extra: map[string]any{
		"errors":            ve.Problems,
		"response_metadata": map[string]any{"messages": ve.Problems},
	}}
}

// method is one Web API method. Handlers run with s.mu held and must not
// block.
type method struct {
	appToken bool // needs the xapp token instead of the bot token
	noToken  bool // authenticated otherwise (oauth.v2.access: the client id and secret)
	handle   func(s *Server, p params) (map[string]any, *apiError)
}

// methods are the Web API methods the fake answers.
var methods = map[string]method{
	"auth.test":                    {handle: (*Server).authTest},
	"oauth.v2.access":              {noToken: true, handle: (*Server).oauthV2Access},
	"apps.connections.open":        {appToken: true, handle: (*Server).connectionsOpen},
	"chat.postMessage":             {handle: (*Server).chatPostMessage},
	"chat.postEphemeral":           {handle: (*Server).chatPostEphemeral},
	"chat.update":                  {handle: (*Server).chatUpdate},
	"chat.delete":                  {handle: (*Server).chatDelete},
	"conversations.open":           {handle: (*Server).conversationsOpen},
	"views.open":                   {handle: (*Server).viewsOpen},
	"views.push":                   {handle: (*Server).viewsPush},
	"views.update":                 {handle: (*Server).viewsUpdate},
	"views.publish":                {handle: (*Server).viewsPublish},
	"users.info":                   {handle: (*Server).usersInfo},
	"users.list":                   {handle: (*Server).usersList},
	"team.info":                    {handle: (*Server).teamInfo},
	"files.getUploadURLExternal":   {handle: (*Server).filesGetUploadURL},
	"files.completeUploadExternal": {handle: (*Server).filesCompleteUpload},
}

// serveAPI answers /api/{method}.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/api/")
	if s.waitHold(r.Context(), name) {
		panic(http.ErrAbortHandler) // cut off: never answered, never recorded
	}
	p, token, err := readParams(r)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	status, retryAfter, body := s.answer(name, p, token)
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	writeJSON(w, status, body)
}

// answer runs one call under the lock and records it. The body is written
// after the lock is released.
func (s *Server) answer(name string, p params, token string) (status, retryAfter int, body map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Clock()
	call := Call{Method: name, Params: p, At: now}
	defer func() {
		if ok, _ := body["ok"].(bool); !ok {
			call.Error = asString(body["error"])
		}
		s.calls = append(s.calls, call)
	}()
	m, known := methods[name]
	if !known {
		return http.StatusOK, 0, map[string]any{"ok": false, "error": "unknown_method", "req_method": name}
	}
	switch {
	case m.noToken:
	case m.appToken && token != AppToken:
		return http.StatusOK, 0, map[string]any{"ok": false, "error": "invalid_auth"}
	case !m.appToken && s.teamOfToken(token) == "":
		return http.StatusOK, 0, map[string]any{"ok": false, "error": "invalid_auth"}
	}
	s.caller = s.teamOfToken(token)
	call.Team = s.caller
	if wait := s.rateLimited(name, p, now); wait > 0 {
		return http.StatusTooManyRequests, wait, map[string]any{"ok": false, "error": "ratelimited"}
	}
	if code := s.takeFailure(name); code != "" {
		return http.StatusOK, 0, map[string]any{"ok": false, "error": code}
	}
	resp, aerr := m.handle(s, p)
	if aerr != nil {
		body = map[string]any{"ok": false, "error": aerr.code}
		for k, v := range aerr.extra {
			body[k] = v
		}
		return http.StatusOK, 0, body
	}
	if resp == nil {
		resp = map[string]any{}
	}
	resp["ok"] = true
	return http.StatusOK, 0, resp
}

// jsonFields are form fields that carry JSON.
var jsonFields = map[string]bool{"blocks": true, "attachments": true, "view": true, "files": true, "metadata": true}

// readParams decodes a form (body or query) or JSON body, and finds the
// token in the Authorization header or the token field.
func readParams(r *http.Request) (params, string, error) {
	p := params{}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, "", err
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &p); err != nil {
				return nil, "", err
			}
		}
		for k, v := range r.URL.Query() {
			p[k] = v[0]
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, "", err
		}
		formInto(p, r.Form)
	default:
		if err := r.ParseForm(); err != nil {
			return nil, "", err
		}
		formInto(p, r.Form)
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if t := p.str("token"); t != "" && r.Header.Get("Authorization") == "" {
		token = t
	}
	delete(p, "token")
	return p, token, nil
}

func formInto(p params, form map[string][]string) {
	for k, v := range form {
		if len(v) == 0 {
			continue
		}
		p[k] = v[0]
		if jsonFields[k] {
			var decoded any
			if err := json.Unmarshal([]byte(v[0]), &decoded); err == nil {
				p[k] = decoded
			}
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
