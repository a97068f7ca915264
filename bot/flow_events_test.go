package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

func TestEventsOncePerEventID(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ev := map[string]any{"type": "team_join", "user": map[string]any{"id": "UNEW", "name": "newbie", "real_name": "New Member", "tz": "America/Denver"}}
		for i := 0; i < 3; i++ {
			ack, err := h.fake.SendEvent(h.ctx, "Ev0001", ev)
			if err != nil {
				t.Fatal(err)
			}
			if ack.Latency > 3*time.Second {
				t.Errorf("event ack took %v", ack.Latency)
			}
			if i == 0 {
				h.fake.WaitFor(h.ctx, func() bool { _, err := h.store.Member(context.Background(), "UNEW"); return err == nil })
				h.clock.Advance(time.Hour)
			}
		}
		var rows int64
		h.fake.WaitFor(h.ctx, func() bool {
			h.store.DB().Model(&models.ProcessedEvent{}).Count(&rows)
			return rows == 1
		})
		if rows != 1 {
			t.Errorf("%d processed events, want 1", rows)
		}
		// The handler ran once; the two redeliveries were skipped.
		h.fake.WaitFor(h.ctx, func() bool { return strings.Count(h.logs.String(), "duplicate event skipped") == 2 })
		if n := strings.Count(h.logs.String(), "duplicate event skipped"); n != 2 {
			t.Errorf("%d redeliveries skipped, want 2", n)
		}
		m, err := h.store.Member(context.Background(), "UNEW")
		if err != nil {
			t.Fatal(err)
		}
		if m.JoinedAt == nil || !m.JoinedAt.Equal(t0) || m.TZ != "America/Denver" {
			t.Errorf("member = %+v (joined %v), want joined at %v", m, m.JoinedAt, t0)
		}
	})
}
