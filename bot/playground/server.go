// Package playground puts a browser in front of the fake Slack
// (bot/slacktest) so people can see the real bot without a workspace: a
// page that looks like Slack, for a few seeded people, with a clock to
// jump and a panel of every Web API call and ack. The command
// `onetoone playground` wires the bot to it as serve wires it to Slack.
package playground

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

//go:embed assets
var assets embed.FS

// Person is one seeded member of the playground's workspace.
type Person struct {
	ID, Name string
	// Role says who they are, for the picker ("organizer").
	Role string
	// TZ is their IANA timezone; Locale their Slack client's language.
	TZ, Locale string
}

// Channel is a channel of the playground's workspace.
type Channel struct{ ID, Name string }

// Config is what the playground drives and shows.
type Config struct {
	Fake     *slacktest.Server
	Clock    *Clock
	People   []Person
	Channels []Channel
	// Tick runs what the scheduler runs at each tick, at now.
	Tick func(ctx context.Context, now time.Time) error
	// Step is how far the clock moves between two ticks of a jump.
	Step time.Duration
	// Patience is how long a request waits for the bot's answer.
	Patience time.Duration
	Log      *slog.Logger
}

// Server serves the page.
type Server struct {
	cfg     Config
	jumping sync.Mutex // one jump at a time

	mu     sync.Mutex
	errors map[string]map[string]string // view id -> block id -> error
	flash  map[string]string            // user -> a line to show once
}

// New returns the playground's server for cfg; Handler serves it.
func New(cfg Config) *Server {
	if cfg.Step <= 0 {
		cfg.Step = time.Hour
	}
	if cfg.Patience <= 0 {
		cfg.Patience = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Server{cfg: cfg, errors: map[string]map[string]string{}, flash: map[string]string{}}
}

// Handler serves the page, its assets and the forms it posts.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /version", s.version)
	mux.Handle("GET /assets/", http.FileServerFS(assets))
	mux.HandleFunc("POST /command", s.post(s.command))
	mux.HandleFunc("POST /act", s.post(s.act))
	mux.HandleFunc("POST /submit", s.post(s.submit))
	mux.HandleFunc("POST /close", s.post(s.closeModal))
	mux.HandleFunc("POST /home", s.post(s.openHome))
	mux.HandleFunc("POST /jump", s.post(s.jumpForm))
	return mux
}

// person finds a seeded person by id; the first one when id is unknown.
func (s *Server) person(id string) Person {
	for _, p := range s.cfg.People {
		if p.ID == id {
			return p
		}
	}
	return s.cfg.People[0]
}

// post wraps a form handler: it runs it for the person the form names,
// keeps any error to show once, and sends the browser back to the page
// (a 303, which the page's script follows and swaps in).
func (s *Server) post(h func(ctx context.Context, p Person, form url.Values) (view string, err error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p := s.person(r.PostForm.Get("as"))
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Patience)
		defer cancel()
		view, err := h(ctx, p, r.PostForm)
		if view == "" {
			view = r.PostForm.Get("view")
		}
		if err != nil {
			s.cfg.Log.Info("playground: refused", "user", p.ID, "err", err)
			s.mu.Lock()
			s.flash[p.ID] = err.Error()
			s.mu.Unlock()
		}
		http.Redirect(w, r, "/?"+url.Values{"as": {p.ID}, "view": {view}}.Encode(), http.StatusSeeOther)
	}
}

// mentions turns "@handle" into Slack's escaped mention, as Slack's client
// does for a command whose app asks for escaped names.
func (s *Server) mentions(text string) string {
	people := slices.Clone(s.cfg.People)
	slices.SortFunc(people, func(a, b Person) int { return len(Handle(b)) - len(Handle(a)) })
	for _, p := range people {
		text = strings.ReplaceAll(text, "@"+Handle(p), "<@"+p.ID+"|"+Handle(p)+">")
	}
	return text
}

// Handle is the name a person is @-mentioned by (their Slack handle):
// the composer completes it and turns it into a mention.
func Handle(p Person) string {
	return strings.ToLower(strings.TrimPrefix(p.ID, "U"))
}

func (s *Server) command(ctx context.Context, p Person, form url.Values) (string, error) {
	text := strings.TrimSpace(form.Get("text"))
	cmd, rest, _ := strings.Cut(text, " ")
	view := form.Get("view")
	switch {
	case cmd == slacktest.SlashCommandName:
		_, err := s.cfg.Fake.SlashCommand(ctx, p.ID, s.mentions(strings.TrimSpace(rest)))
		// The fake shows a command's answer in #general, where Slack
		// shows it in the channel it was typed in.
		return slacktest.GeneralChannelID, ackErr(err)
	case strings.HasPrefix(cmd, "/"):
		return view, fmt.Errorf("%s is not a command here: try %s help", cmd, slacktest.SlashCommandName)
	case view == "messages" && text != "":
		_, err := s.cfg.Fake.SendDirectMessage(ctx, p.ID, s.mentions(text))
		return view, ackErr(err)
	case text != "":
		return view, fmt.Errorf("the playground only sends slash commands here; try %s help", slacktest.SlashCommandName)
	}
	return view, nil
}

// ackErr words a failed delivery for the page.
func ackErr(err error) error {
	switch {
	case errors.Is(err, slacktest.ErrNoAck):
		return errors.New("the bot did not acknowledge in time (Slack would show an error)")
	case errors.Is(err, slacktest.ErrNotConnected):
		return errors.New("the bot is not connected")
	}
	return err
}

// act reports a click or a pick in a message, an ephemeral, the Home tab
// or a modal.
func (s *Server) act(ctx context.Context, p Person, form url.Values) (string, error) {
	at := slacktest.Surface{Channel: form.Get("channel"), TS: form.Get("ts"), Ephemeral: form.Get("ephemeral") == "1", ViewID: form.Get("view_id")}
	a := slacktest.Action{BlockID: form.Get("block"), ActionID: form.Get("action"), Value: form.Get("value")}
	if at.ViewID != "" {
		if v, ok := s.cfg.Fake.OpenView(p.ID); ok && v.ID == at.ViewID {
			var err error
			if a.Values, err = s.values(p, form); err != nil {
				return "", err
			}
		}
	}
	ack, err := s.cfg.Fake.Act(ctx, p.ID, at, a)
	s.cfg.Log.Debug("playground: act", "user", p.ID, "surface", at, "block", a.BlockID, "action", a.ActionID, "envelope", ack.EnvelopeID, "err", err)
	return "", ackErr(err)
}

// submit sends the person's top modal with what they filled in; the
// fake applies Slack's client-side checks and the bot's response_action.
func (s *Server) submit(ctx context.Context, p Person, form url.Values) (string, error) {
	v, ok := s.cfg.Fake.OpenView(p.ID)
	if !ok || v.ID != form.Get("view_id") {
		return "", errors.New("that modal is no longer open")
	}
	values, err := s.values(p, form)
	if err != nil {
		return "", err
	}
	ack, err := s.cfg.Fake.SubmitView(ctx, p.ID, values)
	if err != nil {
		return "", ackErr(err)
	}
	errs := submissionErrors(ack)
	s.mu.Lock()
	if len(errs) > 0 {
		s.errors[v.ID] = errs
	} else {
		delete(s.errors, v.ID)
	}
	s.mu.Unlock()
	return "", nil
}

func (s *Server) closeModal(ctx context.Context, p Person, form url.Values) (string, error) {
	_, err := s.cfg.Fake.CloseView(ctx, p.ID)
	return "", ackErr(err)
}

// openHome tells the bot the person opened its Home tab, as Slack does
// each time, and waits for the tab the bot publishes.
func (s *Server) openHome(ctx context.Context, p Person, form url.Values) (string, error) {
	published := func() int { return len(s.cfg.Fake.Calls("views.publish")) }
	before := published()
	_, err := s.cfg.Fake.SendEvent(ctx, "", map[string]any{"type": "app_home_opened", "user": p.ID,
		"channel": "D" + p.ID, "tab": "home", "event_ts": fmt.Sprintf("%d.000100", s.cfg.Clock.Now().Unix())})
	if err != nil {
		return "home", ackErr(err)
	}
	s.cfg.Fake.WaitFor(ctx, func() bool { return published() > before })
	return "home", nil
}

func (s *Server) jumpForm(ctx context.Context, p Person, form url.Values) (string, error) {
	// A jump may run many ticks: it gets more time than one request.
	jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	by := form.Get("by")
	if by == "next" {
		moved, err := s.jump(jctx, nextHorizon, true)
		if err == nil && moved >= nextHorizon {
			err = errors.New("nothing is scheduled in the next month")
		}
		return "", err
	}
	d, ok := jumps[by]
	if !ok {
		return "", fmt.Errorf("no jump %q", by)
	}
	_, err := s.jump(jctx, d, false)
	return "", err
}

// version changes whenever anything the page shows may have: the page
// polls it and reloads its parts when it moves.
func (s *Server) version(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, s.versionNow())
}

// versionNow sums up the state the page shows. The page is stamped with
// it before it is drawn, so a change made while drawing still shows as new.
func (s *Server) versionNow() string {
	f := s.cfg.Fake
	s.mu.Lock()
	nflash := len(s.flash)
	s.mu.Unlock()
	return fmt.Sprintf("%d-%d-%d-%d", len(f.Calls("")), len(f.Acks()), s.cfg.Clock.Now().Unix(), nflash)
}
