package slacktest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// disconnectGrace is how long a connection told to disconnect stays open
// if the client does not close it first.
const disconnectGrace = time.Second

// wsConn is one Socket Mode connection. Writes are serialized; close is
// idempotent.
type wsConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	once sync.Once
	done chan struct{}
}

func (c *wsConn) write(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

func (c *wsConn) writeJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.write(b)
}

func (c *wsConn) ping() error {
	return c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second))
}

func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "")
		_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(100*time.Millisecond))
		_ = c.ws.Close()
	})
}

// connectionsOpen hands out a fresh single-use websocket URL.
func (s *Server) connectionsOpen(params) (map[string]any, *apiError) {
	ticket := randomToken()
	s.tickets[ticket] = true
	url := "ws" + strings.TrimPrefix(s.root, "http") + "socket?ticket=" + ticket + "&app_id=" + AppID
	return map[string]any{"url": url}, nil
}

// serveSocket accepts a Socket Mode connection: hello, then pings, and
// acks read until the connection ends.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.tickets[ticket] && !s.closed
	delete(s.tickets, ticket)
	s.mu.Unlock()
	if !valid {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.all[c] = true
	n := len(s.live) + 1
	s.wg.Add(2)
	s.mu.Unlock()

	go s.readAcks(c)
	hello := map[string]any{
		"type":            "hello",
		"num_connections": n,
		"debug_info":      map[string]any{"host": "fake", "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": AppID},
	}
	if err := c.writeJSON(hello); err != nil {
		c.close()
	}
	s.mu.Lock()
	select {
	case <-c.done: // closed while saying hello
	default:
		if !s.closed {
			s.live = append(s.live, c)
			s.opened++
		}
	}
	s.mu.Unlock()
	go s.pingLoop(c)
}

// pingLoop pings at once and then every PingInterval, as Slack does.
func (s *Server) pingLoop(c *wsConn) {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.PingInterval)
	defer t.Stop()
	for {
		if err := c.ping(); err != nil {
			c.close()
			return
		}
		select {
		case <-c.done:
			return
		case <-t.C:
		}
	}
}

// readAcks reads acks until the connection ends, then forgets it.
func (s *Server) readAcks(c *wsConn) {
	defer s.wg.Done()
	defer s.dropConn(c)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleAck(data, time.Now())
	}
}

func (s *Server) dropConn(c *wsConn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.all, c)
	s.removeLive(c)
}

// removeLive stops sending envelopes to c. Callers hold s.mu.
func (s *Server) removeLive(c *wsConn) {
	for i, l := range s.live {
		if l == c {
			s.live = slices.Delete(s.live, i, i+1)
			return
		}
	}
}

// Connections is the number of live Socket Mode connections (those that
// got hello and were not told to disconnect).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.live)
}

// ConnectionsOpened counts every connection ever accepted, so tests can see
// a reconnect happened.
func (s *Server) ConnectionsOpened() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened
}

// WaitConnected waits until at least n connections are live.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.WaitFor(ctx, func() bool { return s.Connections() >= n })
}

// Disconnect tells every live connection to go away (reason "warning",
// "refresh_requested", ...), as Slack does, stops sending to them and
// closes them shortly after unless the client closes first.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	conns := s.live
	s.live = nil
	s.wg.Add(len(conns))
	s.mu.Unlock()
	msg := map[string]any{"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": "fake"}}
	for _, c := range conns {
		_ = c.writeJSON(msg)
		go func() {
			defer s.wg.Done()
			t := time.NewTimer(disconnectGrace)
			defer t.Stop()
			select {
			case <-c.done:
			case <-t.C:
				c.close()
			}
		}()
	}
}
