package slacktest

import (
	"math"
	"time"
)

// Channel pacing: chat.postMessage allows about one message per second per
// channel, with a short burst.
const (
	pacingBurst = 3
	pacingRate  = 1.0 // messages per second
)

// rateWindow is a per-method limit over a sliding minute.
type rateWindow struct {
	perMinute int
	calls     []time.Time
}

// bucket paces one channel.
type bucket struct {
	tokens float64
	last   time.Time
}

// SetRateLimit makes a method answer HTTP 429 with Retry-After once it has
// been called perMinute times within a minute, so tests can exercise the
// bot's back-off. 0 removes the limit.
func (s *Server) SetRateLimit(method string, perMinute int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if perMinute <= 0 {
		delete(s.limits, method)
		return
	}
	s.limits[method] = &rateWindow{perMinute: perMinute}
}

// SetChannelPacing turns on Slack's per-channel pacing of chat.postMessage
// (about 1 message per second, short bursts allowed): beyond it the call
// answers 429 with Retry-After: 1.
func (s *Server) SetChannelPacing(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pacing = on
	s.buckets = map[string]*bucket{}
}

// FailNext makes the next call to method answer {"ok":false,"error":
// slackError}, to test the bot's handling of Slack errors. Calls queue up.
func (s *Server) FailNext(method string, slackError string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], slackError)
}

// takeFailure pops a queued failure. Callers hold s.mu.
func (s *Server) takeFailure(method string) string {
	q := s.failures[method]
	if len(q) == 0 {
		return ""
	}
	s.failures[method] = q[1:]
	return q[0]
}

// SetTeamRateLimit is SetRateLimit for one workspace's calls only (the
// workspace whose token makes them), as Slack's limits are per workspace.
func (s *Server) SetTeamRateLimit(team, method string, perMinute int) {
	s.SetRateLimit(team+" "+method, perMinute)
}

// rateLimited returns the Retry-After in seconds when the call is over a
// limit, else 0. Callers hold s.mu.
func (s *Server) rateLimited(method string, p params, now time.Time) int {
	if wait := s.overWindow(s.caller+" "+method, now); wait > 0 {
		return wait
	}
	if wait := s.overWindow(method, now); wait > 0 {
		return wait
	}
	return s.overPacing(method, p, now)
}

// overWindow counts a call against a per-minute limit. Callers hold s.mu.
func (s *Server) overWindow(key string, now time.Time) int {
	if w := s.limits[key]; w != nil {
		cutoff := now.Add(-time.Minute)
		kept := w.calls[:0]
		for _, t := range w.calls {
			if t.After(cutoff) {
				kept = append(kept, t)
			}
		}
		w.calls = kept
		if len(w.calls) >= w.perMinute {
			wait := w.calls[0].Add(time.Minute).Sub(now)
			return max(1, int(math.Ceil(wait.Seconds())))
		}
		w.calls = append(w.calls, now)
	}
	return 0
}

// overPacing paces chat.postMessage per channel. Callers hold s.mu.
func (s *Server) overPacing(method string, p params, now time.Time) int {
	if s.pacing && method == "chat.postMessage" {
		ch := s.resolveChannel(p.str("channel"))
		b := s.buckets[ch]
		if b == nil {
			b = &bucket{tokens: pacingBurst, last: now}
			s.buckets[ch] = b
		}
		b.tokens = min(pacingBurst, b.tokens+now.Sub(b.last).Seconds()*pacingRate)
		b.last = now
		if b.tokens < 1 {
			return 1
		}
		b.tokens--
	}
	return 0
}
