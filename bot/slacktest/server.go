// Package slacktest is a local fake of Slack for tests and benchmarks.
//
// It plays Slack's part over real sockets: the Web API over HTTP and Socket
// Mode over a websocket, so the real slack-go client and socketmode client run
// against it unchanged. It also plays the user: it sends slash commands,
// clicks buttons by their text and submits modals by field label, and it
// records what the bot did (calls, messages, ephemerals, views, acks).
//
// It enforces the Slack rules the bot must live by (tokens, trigger expiry,
// view hashes, Block Kit limits, rate limits, ack deadlines) so that tests
// catch what production Slack would refuse. It imports nothing from the
// project: only slack-go, gorilla/websocket and the standard library.
package slacktest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// Identities of the fake workspace. They are constants so tests can build
// expectations without asking the server.
const (
	// BotToken is the only bot token the Web API accepts.
	BotToken = "xoxb-test-token"
	// AppToken is the only app-level token apps.connections.open accepts.
	AppToken = "xapp-test-token"
	// TeamID is the fake workspace's id, sent in every payload.
	TeamID = "T0TEST"
	// BotUserID is the bot's own user, known to users.info from the start.
	BotUserID = "UBOT"
	// BotID is the bot id that appears on the bot's messages.
	BotID = "BBOT"
	// AppID is the app id sent as api_app_id in payloads.
	AppID = "A0TEST"
	// SlashCommandName is the command SlashCommand sends.
	SlashCommandName = "/one-to-one"
	// GeneralChannelID is the channel slash commands are typed in.
	GeneralChannelID = "C0GENERAL"
	// TeamDomain is the fake workspace's domain.
	TeamDomain = "onetoone-test"
)

// Options tunes the fake's timing so tests can be fast yet honest.
type Options struct {
	// PingInterval is how often each connection gets a websocket PING.
	// slack-go reconnects after 30 s without one, so it must stay below that.
	// Default 10 s.
	PingInterval time.Duration
	// TriggerTTL is how long a trigger_id stays usable by views.open and
	// views.push. Default 3 s, as in Slack.
	TriggerTTL time.Duration
	// RetryDelay is how long an events_api envelope may go unacked before it
	// is delivered again (up to 3 times, retry_reason "timeout"). Default 1 s.
	RetryDelay time.Duration
	// AckTimeout is how long the user-play helpers wait for an ack.
	// Default 5 s.
	AckTimeout time.Duration
	// Clock is the time Web API calls are counted against rate limits
	// and recorded at. Default time.Now. A test that paces the bot on a
	// virtual clock passes the same one, so minutes of Slack's limits
	// pass in milliseconds.
	Clock func() time.Time
}

func (o Options) withDefaults() Options {
	if o.PingInterval <= 0 {
		o.PingInterval = 10 * time.Second
	}
	if o.TriggerTTL <= 0 {
		o.TriggerTTL = 3 * time.Second
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = time.Second
	}
	if o.AckTimeout <= 0 {
		o.AckTimeout = 5 * time.Second
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// maxEventRetries is how many times Slack redelivers an unacked event.
const maxEventRetries = 3

// Server is a running fake of Slack. All its methods are safe for
// concurrent use.
type Server struct {
	opts     Options
	hs       *httptest.Server
	root     string // "http://127.0.0.1:PORT/"
	upgrader websocket.Upgrader
	wg       sync.WaitGroup // websocket goroutines

	mu     sync.Mutex
	closed bool
	seq    int64 // source of ids, timestamps and hashes

	users     map[string]slack.User
	userOrder []string

	limits   map[string]*rateWindow
	pacing   bool
	buckets  map[string]*bucket
	failures map[string][]string
	holds    map[string]*hold

	calls        []Call
	channels     map[string][]*msgRec
	ephemerals   map[string][]*ephRec
	dmOpened     map[string]string
	stacks       map[string][]*viewRec
	submitted    map[string][]byte // each user's last view_submission
	homes        map[string]*viewRec
	views        map[string]*viewRec
	triggers     map[string]trigger
	responseURLs map[string]*responseURL
	uploads      map[string]*upload
	files        []File

	teams        map[string]*fakeTeam  // workspaces installed through OAuth
	tokens       map[string]string     // their bot tokens → workspace
	codes        map[string]*oauthCode // installation codes
	clientID     string
	clientSecret string
	caller       string // the workspace of the call being answered

	tickets map[string]bool
	live    []*wsConn
	all     map[*wsConn]bool
	opened  int
	rr      int
	pending map[string]*pendingEnvelope
	acks    []Ack
}

// New starts a fake Slack on a local port. Close it when the test ends.
func New(opts Options) *Server {
	s := &Server{
		opts:         opts.withDefaults(),
		users:        map[string]slack.User{},
		limits:       map[string]*rateWindow{},
		buckets:      map[string]*bucket{},
		failures:     map[string][]string{},
		holds:        map[string]*hold{},
		channels:     map[string][]*msgRec{},
		ephemerals:   map[string][]*ephRec{},
		dmOpened:     map[string]string{},
		stacks:       map[string][]*viewRec{},
		submitted:    map[string][]byte{},
		homes:        map[string]*viewRec{},
		views:        map[string]*viewRec{},
		triggers:     map[string]trigger{},
		responseURLs: map[string]*responseURL{},
		uploads:      map[string]*upload{},
		tickets:      map[string]bool{},
		teams:        map[string]*fakeTeam{},
		tokens:       map[string]string{},
		codes:        map[string]*oauthCode{},
		all:          map[*wsConn]bool{},
		pending:      map[string]*pendingEnvelope{},
	}
	// slack-go dials with Origin https://api.slack.com; accept it.
	s.upgrader.CheckOrigin = func(*http.Request) bool { return true }
	s.addBotUser()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/socket", s.serveSocket)
	mux.HandleFunc("/response/", s.serveResponseURL)
	mux.HandleFunc("/upload/", s.serveUpload)
	s.hs = httptest.NewServer(mux)
	s.root = s.hs.URL + "/"
	return s
}

// Close drops every websocket connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.releaseHolds()
	conns := make([]*wsConn, 0, len(s.all))
	for c := range s.all {
		conns = append(conns, c)
	}
	s.live = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.wg.Wait()
	s.hs.Close()
}

// URL is the Web API base to give slack.OptionAPIURL (with its trailing
// slash, as slack-go requires).
func (s *Server) URL() string { return s.root + "api/" }

// next returns a fresh sequence number. Callers hold s.mu.
func (s *Server) next() int64 {
	s.seq++
	return s.seq
}

// nextTS returns a message timestamp, unique and increasing, in Slack's
// "seconds.micros" form. Callers hold s.mu.
func (s *Server) nextTS() string {
	micros := s.next() * 100
	return fmt.Sprintf("%d.%06d", 1700000000+micros/1e6, micros%1e6)
}

// nextID returns an id such as "V0000012". Callers hold s.mu.
func (s *Server) nextID(prefix string) string {
	return fmt.Sprintf("%s%07d", prefix, s.next())
}

// randomToken is an unguessable string for tickets and URLs.
func randomToken() string { return strings.ToLower(rand.Text()) }

// newEnvelopeID returns a UUID-shaped id like Slack's envelope ids.
func newEnvelopeID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
