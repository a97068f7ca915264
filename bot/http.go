package bot

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Paths Slack posts to in HTTP mode; the manifest's request URLs end in them.
const (
	PathEvents        = "/slack/events"
	PathCommands      = "/slack/commands"
	PathInteractivity = "/slack/interactivity"
)

const (
	// maxBody caps what we read of one request before it is verified. Slack's
	// payloads are a few kB; a view_submission with every reflection answer
	// filled stays well under 100 kB.
	maxBody = 1 << 20
)

// HTTP serves the bot over Slack's HTTP request URLs, the mode public
// distribution needs. It verifies and decodes each request and hands it to
// the same Bot.Command, Bot.Interaction and Bot.Event that Socket Mode uses:
// no flow is written twice.
//
// Work after the ack runs on the bot's own context, not the request's. Shut
// the http.Server down before calling Bot.Shutdown, so every request has
// registered its work before the bot waits for it.
type HTTP struct {
	bot    *Bot
	secret []byte
	now    func() time.Time
}

// NewHTTP wraps b for HTTP mode. signingSecret is the app's signing secret;
// an empty one refuses every request, since anyone can sign with it. now is
// the clock request timestamps are checked against; nil uses the bot's.
func NewHTTP(b *Bot, signingSecret string, now func() time.Time) *HTTP {
	if now == nil {
		now = b.now
	}
	return &HTTP{bot: b, secret: []byte(signingSecret), now: now}
}

// Handler routes Slack's three request URLs. Other methods get 405 and
// other paths 404 from the mux.
func (h *HTTP) Handler() http.Handler {
	mux := http.NewServeMux()
	h.Register(mux)
	return mux
}

// Register adds Slack's three request URLs to mux, for servers that also
// serve /healthz or /metrics.
func (h *HTTP) Register(mux *http.ServeMux) {
	mux.Handle("POST "+PathCommands, h.verified(h.serveCommand))
	mux.Handle("POST "+PathInteractivity, h.verified(h.serveInteraction))
	mux.Handle("POST "+PathEvents, h.verified(h.serveEvent))
}

// Reasons a request is refused before anything reads it.
var (
	errMissingHeaders = errors.New("missing signature headers")
	errBadSignature   = errors.New("bad signature")
	errStaleTimestamp = errors.New("timestamp too far from now")
	errNoSecret       = errors.New("no signing secret configured")
)

// verify checks Slack's v0 signature over the raw body and the freshness of
// its timestamp with slack-go's SecretsVerifier (constant-time compare).
//
// Freshness is judged by the wall clock, inside slack-go, not by the bot's
// injected clock: the timestamp is Slack's own wall-clock time, so the
// replay window (docs/slack.md: 5 minutes either way) is a question about
// real time. The bot's clock runs ahead in tests and the playground, and a
// request Slack signs now must not look stale because of that.
func (h *HTTP) verify(header http.Header, body []byte) error {
	if len(h.secret) == 0 {
		return errNoSecret
	}
	if header.Get("X-Slack-Signature") == "" || header.Get("X-Slack-Request-Timestamp") == "" {
		return errMissingHeaders
	}
	sv, err := slack.NewSecretsVerifier(header, string(h.secret))
	switch {
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return errStaleTimestamp
	case errors.Is(err, strconv.ErrSyntax), errors.Is(err, strconv.ErrRange):
		return errStaleTimestamp // not a number: no time at all
	case err != nil:
		return errBadSignature
	}
	sv.Write(body)
	if sv.Ensure() != nil {
		return errBadSignature
	}
	return nil
}

// slackRequest is a request that passed verification, with its raw body
// and the moment it arrived (for the ack latency metric).
type slackRequest struct {
	*http.Request
	body     []byte
	received time.Time
}

// verified reads at most maxBody bytes, checks the signature and only then
// calls serve. A refused request touches nothing: no handler, no store.
func (h *HTTP) verified(serve func(w http.ResponseWriter, r *slackRequest)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The wall clock measures the ack latency only; decisions use h.now.
		received := time.Now()
		b := h.bot
		b.metrics.inflight.Inc()
		defer b.metrics.inflight.Dec()
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panicked", "path", r.URL.Path, "panic", p)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		if r.Header.Get("X-Slack-Signature") == "" || r.Header.Get("X-Slack-Request-Timestamp") == "" {
			b.log.Warn("unsigned request refused", "path", r.URL.Path)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				b.log.Warn("oversized request refused", "path", r.URL.Path)
				http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if err := h.verify(r.Header, body); err != nil {
			b.log.Warn("request refused", "path", r.URL.Path, "reason", err)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		// Later readers (ParseForm) see the body as sent.
		r.Body = io.NopCloser(bytes.NewReader(body))
		// Slack sends no request id over HTTP; a random one ties the log
		// lines of one request together.
		id := make([]byte, 6)
		rand.Read(id)
		r = r.WithContext(WithRequestID(r.Context(), "h-"+hex.EncodeToString(id)))
		serve(w, &slackRequest{Request: r, body: body, received: received})
	})
}

// serveCommand answers a slash command with the inline ephemeral reply; what
// the command does after its ack (opening a modal) starts once the ack is
// flushed.
func (h *HTTP) serveCommand(w http.ResponseWriter, r *slackRequest) {
	if sslCheck(r) {
		return
	}
	cmd, err := slack.SlashCommandParse(r.Request)
	if err != nil || cmd.UserID == "" || cmd.Command == "" {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	payload, then := h.bot.Command(r.Context(), cmd)
	h.ack(w, r, "slash_commands", payload)
	then()
}

// serveInteraction answers a click or a modal; only view submissions carry
// a payload (response_action).
func (h *HTTP) serveInteraction(w http.ResponseWriter, r *slackRequest) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	raw := r.PostForm.Get("payload")
	var cb slack.InteractionCallback
	if raw == "" || json.Unmarshal([]byte(raw), &cb) != nil || cb.Type == "" {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	h.ack(w, r, string(cb.Type), h.bot.Interaction(r.Context(), cb))
}

// serveEvent acks an Events API request at once; the work runs after, once
// per event id, whether this is the first delivery or a retry with
// X-Slack-Retry-Num.
func (h *HTTP) serveEvent(w http.ResponseWriter, r *slackRequest) {
	b := h.bot
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(r.body, &outer); err != nil || outer.Type == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, outer.Challenge)
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(r.body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// A well-formed envelope we cannot use (an event type slack-go
		// does not know): refusing it would only make Slack retry.
		b.log.Info("event not handled", "type", outer.Type, "err", err)
		h.ack(w, r, "events_api", nil)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		b.log.Debug("event redelivered", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	// Event only schedules the work on the bot's context; calling it before
	// the response is written means Shutdown cannot miss it.
	b.Event(r.Context(), ev)
	h.ack(w, r, "events_api", nil)
}

// sslCheck answers the probe Slack sends to a command URL when the app is
// configured; it carries no command.
func sslCheck(r *slackRequest) bool {
	q, _ := url.ParseQuery(string(r.body))
	return q.Get("ssl_check") == "1"
}

// ack writes the handler's payload as JSON, or an empty 200 when there is
// none (a typed nil included), and records the ack latency. The response
// is complete on the wire when ack returns (its length is set and it is
// flushed), so work the handler starts next never delays it.
func (h *HTTP) ack(w http.ResponseWriter, r *slackRequest, kind string, payload any) {
	var body []byte
	if payload != nil {
		var err error
		if body, err = json.Marshal(payload); err != nil {
			h.bot.log.Error("ack payload not encodable", "type", kind, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if string(body) == "null" {
			body = nil
		}
	}
	if len(body) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		h.bot.log.Warn("ack failed", "type", kind, "err", err)
		return
	}
	// Counted before it leaves: whoever reads the answer sees it counted.
	h.bot.metrics.acked(kind, time.Since(r.received))
	// A writer that cannot flush sends the ack when the handler returns.
	if err := http.NewResponseController(w).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		h.bot.log.Warn("ack failed", "type", kind, "err", err)
	}
}
