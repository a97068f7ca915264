package playground

import (
	"context"
	"fmt"
	"time"
)

// Jumps the page offers, by the form value that asks for them.
var jumps = map[string]time.Duration{"1h": time.Hour, "1d": 24 * time.Hour, "2w": 14 * 24 * time.Hour}

// longJump is a jump taken in coarser steps.
const longJump = 2 * 24 * time.Hour

// nextHorizon bounds a jump to the next scheduled message: nothing the bot
// schedules lies further ahead than a month.
const nextHorizon = 31 * 24 * time.Hour

// jump moves the clock on by d in steps, letting the scheduler tick after
// each step as production's ticks would have meanwhile, so every message
// due on the way is sent in its turn. With untilMessage it stops after the
// first step in which the bot posted something.
func (s *Server) jump(ctx context.Context, d time.Duration, untilMessage bool) (time.Duration, error) {
	s.jumping.Lock()
	defer s.jumping.Unlock()
	posted := func() int { return len(s.cfg.Fake.Calls("chat.postMessage")) }
	before := posted()
	var moved time.Duration
	every := s.cfg.Step
	if d > longJump && !untilMessage {
		// Weeks in hourly ticks take a while on a slow machine; three
		// hours still lands every message on its day, as the month
		// simulation's steps do.
		every *= 3
	}
	for moved < d {
		step := min(every, d-moved)
		s.cfg.Clock.Advance(step)
		moved += step
		if err := s.cfg.Tick(ctx, s.cfg.Clock.Now()); err != nil {
			return moved, fmt.Errorf("the scheduler's tick at %s: %w", s.cfg.Clock.Now().Format(time.RFC3339), err)
		}
		if untilMessage && posted() > before {
			break
		}
	}
	return moved, nil
}
