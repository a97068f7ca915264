package bot

import (
	"context"
	"testing"
	"time"
)

// TestPromptSendsSpendTheBudget: a message that follows what someone just
// did is sent at once, as the person's own answers are, even with the
// budget reserved an hour ahead by a burst of scheduled sends; its post is
// still counted, so the scheduled ones make room. Without the mark, the
// same send waits its turn, as the outbox job's recovery does.
func TestPromptSendsSpendTheBudget(t *testing.T) {
	clock := &virtualClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	b := pacedBot(clock)
	n := &Notifier{b: b, log: b.log}
	start := clock.now()
	burst := start.Add(time.Hour)
	b.pace.next[postKey] = burst // a Monday of nudges, queued

	post := func(context.Context) error { return nil }
	if err := n.call(prompt(context.Background()), b.postSlots("DSAM"), post); err != nil {
		t.Fatal(err)
	}
	if waited := clock.now().Sub(start); waited != 0 {
		t.Errorf("the prompt send waited %v for the burst", waited)
	}
	if got := b.pace.next[postKey]; !got.Equal(burst.Add(b.pacing.Message)) {
		t.Errorf("the budget's next post at %v, want %v: the prompt send must count", got, burst.Add(b.pacing.Message))
	}

	if err := n.call(context.Background(), b.postSlots("DALEX"), post); err != nil {
		t.Fatal(err)
	}
	if waited := clock.now().Sub(start); waited < time.Hour {
		t.Errorf("a paced send waited %v, want its turn after the burst", waited)
	}
}
