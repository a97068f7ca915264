package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// ackWriteTimeout bounds the websocket write of one ack.
const ackWriteTimeout = time.Second

// SocketMode serves the bot over a Socket Mode connection.
type SocketMode struct {
	bot       *Bot
	client    *socketmode.Client
	connected atomic.Bool
	// failures counts connection attempts failed in a row, since the last
	// connection; only Run's goroutine touches it.
	failures int
}

// NewSocketMode wraps a socketmode client. The client must be built on the
// same slack.Client the bot uses, with the app-level token.
func NewSocketMode(b *Bot, client *socketmode.Client) *SocketMode {
	return &SocketMode{bot: b, client: client}
}

// Connected reports whether the websocket is up, for /readyz.
func (s *SocketMode) Connected() bool { return s.connected.Load() }

// Run connects and serves until ctx is cancelled. It drains the client's
// event channel without ever blocking on work: each envelope is handled in
// its own goroutine (docs/slack.md: the channel holds only 50).
func (s *SocketMode) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			s.connected.Store(false)
			return nil
		case err := <-errc:
			s.connected.Store(false)
			if ctx.Err() != nil {
				return nil
			}
			return err
		case evt := <-s.client.Events:
			s.dispatch(ctx, evt)
		}
	}
}

func (s *SocketMode) dispatch(ctx context.Context, evt socketmode.Event) {
	b := s.bot
	switch evt.Type {
	case socketmode.EventTypeConnected:
		s.connected.Store(true)
		s.failures = 0
		b.metrics.reconnects.Inc()
		b.log.Info("socket mode connected")
	case socketmode.EventTypeConnecting, socketmode.EventTypeDisconnect:
		s.connected.Store(false)
	case socketmode.EventTypeConnectionError:
		s.connected.Store(false)
		s.connectionFailed(evt)
	case socketmode.EventTypeInvalidAuth:
		s.connected.Store(false)
		b.log.Error("socket mode connection refused: Slack did not accept SLACK_APP_TOKEN", "what_to_do", appTokenHint)
	case socketmode.EventTypeIncomingError:
		b.log.Warn("unreadable socket mode message", "type", evt.Type)
	case socketmode.EventTypeErrorBadMessage:
		received := time.Now()
		b.inflight.Add(1)
		go func() {
			defer b.inflight.Done()
			s.ackUnread(ctx, evt, received)
		}()
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		received := time.Now()
		b.inflight.Add(1)
		go func() {
			defer b.inflight.Done()
			s.serve(ctx, evt, received)
		}()
	}
}

// failuresBeforeHint is how many connection attempts fail in a row before
// the log says what to check: one failure is a blip, three an outage.
const failuresBeforeHint = 3

// appTokenHint says where the app-level token comes from, for a log line
// about a token Slack refused.
const appTokenHint = `check SLACK_APP_TOKEN is the app's current app-level token (xapp-…) with the connections:write scope; see README.md, "Create the Slack app", step 6`

// connectionFailed logs one failed attempt to connect, with its cause and
// when slack-go tries again; once failuresBeforeHint attempts have failed in
// a row, it says once what to check, and not again until a connection has
// come up.
func (s *SocketMode) connectionFailed(evt socketmode.Event) {
	s.failures++
	args := []any{"attempt", s.failures}
	if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok && ce != nil {
		args = append(args, "err", ce.ErrorObj, "retry_in", ce.Backoff.Round(time.Millisecond).String())
	}
	s.bot.log.Warn("socket mode connection failed; trying again", args...)
	if s.failures == failuresBeforeHint {
		s.bot.log.Error(fmt.Sprintf("socket mode has failed to connect %d times in a row; the bot receives nothing from Slack until it connects", s.failures),
			"what_to_do", "check that this host reaches Slack (network, proxy, firewall), that SLACK_API_URL is right if set, and https://slack-status.com; the bot connects by itself once Slack answers")
	}
}

// serve answers one envelope: the handler's ack payload goes back on the
// socket within Slack's 3 seconds, and what a command does after its ack
// (opening a modal) starts only once the ack is handed to the socket.
func (s *SocketMode) serve(ctx context.Context, evt socketmode.Event, received time.Time) {
	ctx = WithRequestID(ctx, evt.Request.EnvelopeID)
	b := s.bot
	b.metrics.inflight.Inc()
	defer b.metrics.inflight.Dec()
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panicked", "type", evt.Type, "panic", r)
		}
	}()
	var payload any
	then := func() {}
	kind := string(evt.Type)
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		payload, then = b.Command(ctx, data)
	case slack.InteractionCallback:
		kind = string(data.Type)
		payload = b.Interaction(ctx, data)
	case slackevents.EventsAPIEvent:
		// Ack first: events need no answer, and a late ack makes Slack
		// retry (docs/slack.md).
		s.ack(ctx, evt.Request.EnvelopeID, nil, kind, received)
		b.Event(ctx, data)
		return
	default:
		b.log.Warn("envelope with an unexpected payload", "type", evt.Type)
	}
	s.ack(ctx, evt.Request.EnvelopeID, payload, kind, received)
	then()
}

// ackUnread answers an envelope slack-go could not decode: a type it does
// not know, or a payload not of the shape it expects. Unacked, Slack would
// send it again, and it would fail again; so whenever its envelope id can be
// read it is acked, empty, as HTTP mode answers such a request 200. Only a
// frame that is not JSON at all goes unanswered: it names no envelope.
func (s *SocketMode) ackUnread(ctx context.Context, evt socketmode.Event, received time.Time) {
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
	if bad == nil || json.Unmarshal(bad.Message, &env) != nil || env.EnvelopeID == "" {
		s.bot.log.Warn("unreadable socket mode message", "type", evt.Type)
		return
	}
	// The cause names a type or a field, not a value from the payload;
	// both are cut short all the same.
	s.bot.log.Warn("unreadable socket mode message: acked so Slack does not send it again",
		"type", evt.Type, "envelope_type", truncateBytes(env.Type, 100), "err", truncateBytes(fmt.Sprint(bad.Cause), 300))
	s.ack(WithRequestID(ctx, env.EnvelopeID), env.EnvelopeID, nil, "unreadable", received)
}

func (s *SocketMode) ack(ctx context.Context, envelopeID string, payload any, kind string, received time.Time) {
	actx, cancel := context.WithTimeout(ctx, ackWriteTimeout)
	defer cancel()
	if err := s.client.AckCtx(actx, envelopeID, payload); err != nil {
		s.bot.log.Warn("ack failed", "type", kind, "err", err)
		return
	}
	s.bot.metrics.acked(kind, time.Since(received))
}
