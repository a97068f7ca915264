package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestPatientlyRetriesOnlyRateLimits(t *testing.T) {
	b := pacedBot(&virtualClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)})
	tests := []struct {
		name  string
		errs  []error
		calls int
		ok    bool
	}{
		{"OKFirstTime", []error{nil}, 1, true},
		{"OKAfterTwo429s", []error{&slack.RateLimitedError{RetryAfter: time.Millisecond}, &slack.RateLimitedError{RetryAfter: time.Millisecond}, nil}, 3, true},
		{"ErrNotRetried", []error{errors.New("channel_not_found"), nil}, 1, false},
		{"ErrWaitTooLong", []error{&slack.RateLimitedError{RetryAfter: time.Minute}, nil}, 1, false},
		{"ErrGivesUp", []error{&slack.RateLimitedError{}, &slack.RateLimitedError{}, &slack.RateLimitedError{}, &slack.RateLimitedError{}, nil}, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := b.patiently(context.Background(), b.postSlots("D1"), func(context.Context) error {
				calls++
				return tt.errs[calls-1]
			})
			if calls != tt.calls || (err == nil) != tt.ok {
				t.Errorf("calls = %d, err = %v; want %d calls, ok %v", calls, err, tt.calls, tt.ok)
			}
		})
	}
}
