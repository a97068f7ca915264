package slacktest

import (
	"context"
	"sync"
)

// hold keeps calls to one method waiting, as a slow Slack would.
type hold struct {
	gate    chan struct{}
	waiting int
	// lost says the held calls never reached Slack (Lose).
	lost bool
}

// Hold makes calls to method wait, unanswered and unrecorded, until release
// is called: to show what the bot does, or does not wait for, while Slack
// is slow to answer. Held(method) counts the calls waiting. Release is safe
// to call more than once; Close releases every hold.
func (s *Server) Hold(method string) (release func()) {
	h := &hold{gate: make(chan struct{})}
	s.mu.Lock()
	if old := s.holds[method]; old != nil {
		h = old
	} else {
		s.holds[method] = h
	}
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.holds[method] == h {
				delete(s.holds, method)
				close(h.gate)
			}
		})
	}
}

// Lose ends the calls to method held now as if they had never reached
// Slack: each is cut off, unanswered and unrecorded, as a network cut or a
// crash before the request left would. Calls made after it go through. A
// caller killed while its call was held then learns nothing, and neither
// does Slack; Hold's release instead answers and records such a call, as
// Slack does with a request whose sender died waiting for the answer.
func (s *Server) Lose(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.holds[method]; h != nil {
		h.lost = true
		delete(s.holds, method)
		close(h.gate)
	}
}

// Held returns how many calls to method are waiting on a Hold.
func (s *Server) Held(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.holds[method]; h != nil {
		return h.waiting
	}
	return 0
}

// waitHold blocks a call to method while it is held, or until the caller
// gives up, and reports whether the call was lost (Lose).
func (s *Server) waitHold(ctx context.Context, method string) (lost bool) {
	s.mu.Lock()
	h := s.holds[method]
	if h != nil {
		h.waiting++
	}
	s.mu.Unlock()
	if h == nil {
		return false
	}
	select {
	case <-h.gate:
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h.waiting--
	return h.lost
}

// releaseHolds lets every held call go on. Callers hold s.mu.
func (s *Server) releaseHolds() {
	for method, h := range s.holds {
		delete(s.holds, method)
		close(h.gate)
	}
}
