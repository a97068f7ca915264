package slacktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Errors the user-play helpers return, for errors.Is.
var (
	// ErrNoAck means the bot did not ack in time (Slack would show the user
	// an error, or retry an event).
	ErrNoAck = errors.New("slacktest: no ack")
	// ErrNotConnected means no Socket Mode connection was live.
	ErrNotConnected = errors.New("slacktest: no live socket mode connection")
)

// Ack is the bot's answer to one envelope.
type Ack struct {
	EnvelopeID, Type string
	// Payload is the ack's payload (nil when the bot sent none).
	Payload json.RawMessage
	// Latency is the time from sending the envelope to reading the ack.
	Latency time.Duration
	// RetryAttempt is the retry_attempt of the envelope acked (0 first try).
	RetryAttempt int
}

// pendingEnvelope is an envelope waiting for its ack.
type pendingEnvelope struct {
	typ     string
	sent    time.Time
	attempt int
	ch      chan Ack
}

// Acks returns every ack read so far, oldest first.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.acks)
}

// handleAck records an ack and wakes whoever waits for it.
func (s *Server) handleAck(data []byte, at time.Time) {
	var in struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(data, &in) != nil || in.EnvelopeID == "" {
		return
	}
	a := Ack{EnvelopeID: in.EnvelopeID, Payload: in.Payload}
	s.mu.Lock()
	pe := s.pending[in.EnvelopeID]
	if pe != nil {
		a.Type, a.Latency, a.RetryAttempt = pe.typ, at.Sub(pe.sent), pe.attempt
		delete(s.pending, in.EnvelopeID)
	}
	s.acks = append(s.acks, a)
	s.mu.Unlock()
	if pe != nil {
		select {
		case pe.ch <- a:
		default:
		}
	}
}

// send writes one envelope to the next live connection, round robin: Slack
// gives each envelope to any one connection.
func (s *Server) send(typ string, payload []byte, accepts bool, attempt int, ch chan Ack) error {
	id := newEnvelopeID()
	reason := ""
	if attempt > 0 {
		reason = "timeout"
	}
	head, _ := json.Marshal(map[string]any{"envelope_id": id, "type": typ,
		"accepts_response_payload": accepts, "retry_attempt": attempt, "retry_reason": reason})
	// The payload is spliced in verbatim so tests can send malformed JSON.
	msg := append(head[:len(head)-1], `,"payload":`...)
	msg = append(append(msg, payload...), '}')

	s.mu.Lock()
	if len(s.live) == 0 {
		s.mu.Unlock()
		return ErrNotConnected
	}
	c := s.live[s.rr%len(s.live)]
	s.rr++
	pe := &pendingEnvelope{typ: typ, sent: time.Now(), attempt: attempt, ch: ch}
	s.pending[id] = pe
	s.mu.Unlock()
	if err := c.write(msg); err != nil {
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		return fmt.Errorf("slacktest: sending %s envelope: %w", typ, err)
	}
	return nil
}

func awaitAck(ctx context.Context, ch chan Ack, d time.Duration) (Ack, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case a := <-ch:
		return a, nil
	case <-t.C:
		return Ack{}, fmt.Errorf("%w within %v", ErrNoAck, d)
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
}

// deliver sends an envelope once and waits AckTimeout for its ack, as
// Slack does for commands and interactions (never retried).
func (s *Server) deliver(ctx context.Context, typ string, payload []byte, accepts bool) (Ack, error) {
	ch := make(chan Ack, 1)
	if err := s.send(typ, payload, accepts, 0, ch); err != nil {
		return Ack{}, err
	}
	return awaitAck(ctx, ch, s.opts.AckTimeout)
}

// deliverEvent sends an events_api envelope and redelivers it every
// RetryDelay while unacked, up to 3 retries; it returns the first ack of
// any attempt.
func (s *Server) deliverEvent(ctx context.Context, payload []byte, eventID string) (Ack, error) {
	ch := make(chan Ack, maxEventRetries+1)
	for attempt := 0; ; attempt++ {
		// A failed send is an unacked attempt: Slack retries it too.
		_ = s.send("events_api", payload, false, attempt, ch)
		wait := s.opts.RetryDelay
		if attempt == maxEventRetries {
			wait = s.opts.AckTimeout
		}
		a, err := awaitAck(ctx, ch, wait)
		if err == nil || ctx.Err() != nil || attempt == maxEventRetries {
			if err != nil && ctx.Err() == nil {
				err = fmt.Errorf("%w: event %s after %d retries", ErrNoAck, eventID, maxEventRetries)
			}
			return a, err
		}
	}
}

// SendEnvelope sends a raw envelope, for malformed-payload tests. payload
// is marshalled unless it is []byte or json.RawMessage, which go out
// verbatim. events_api envelopes are retried like SendEvent's (eventID
// names the event in errors); other types are sent once.
func (s *Server) SendEnvelope(ctx context.Context, typ string, payload any, eventID string) (Ack, error) {
	var raw []byte
	switch p := payload.(type) {
	case json.RawMessage:
		raw = p
	case []byte:
		raw = p
	default:
		var err error
		if raw, err = json.Marshal(payload); err != nil {
			return Ack{}, err
		}
	}
	if typ == "events_api" {
		return s.deliverEvent(ctx, raw, eventID)
	}
	return s.deliver(ctx, typ, raw, true)
}

// SendEvent delivers an Events API event (app_home_opened, team_join, ...)
// in an event_callback, as Slack does, retrying while unacked. An empty
// eventID gets a fresh one.
func (s *Server) SendEvent(ctx context.Context, eventID string, event map[string]any) (Ack, error) {
	if eventID == "" {
		s.mu.Lock()
		eventID = s.nextID("Ev")
		s.mu.Unlock()
	}
	team := TeamID
	if u, ok := event["user"].(string); ok {
		s.mu.Lock()
		team = s.userTeam(u)
		s.mu.Unlock()
	}
	payload, err := json.Marshal(eventCallback(team, eventID, event))
	if err != nil {
		return Ack{}, err
	}
	return s.deliverEvent(ctx, payload, eventID)
}
