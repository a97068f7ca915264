package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// A reply passed on is queued once per Slack message, however often it
// is queued, and its words are gone once it is settled, whatever the
// outcome.
func TestRelayQueuedOnceAndEmptiedWhenSettled(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		o, err := models.NewRequest("UA", "UB", "coffee?", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOneToOne(ctx, o); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLiveMessage(ctx, o.ID, "UB", "DUB", "111.1"); err != nil {
			t.Fatal(err)
		}
		got, err := s.OneToOneInThread(ctx, "UB", "111.1")
		if err != nil || got.ID != o.ID || got.GroupID == 0 {
			t.Fatalf("OneToOneInThread = %+v, %v; want %d with its group", got, err, o.ID)
		}
		if _, err := s.OneToOneInThread(ctx, "UA", "111.1"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("the other person's lookup of that thread = %v, want ENOTFOUND", err)
		}

		for _, outcome := range []string{models.DeliverySent, models.DeliveryFailed} {
			ts := "222." + outcome
			d := models.Relay(got, "UB", ts, "  SECRET-"+outcome+"  ", t0)
			if d.Recipient != "UA" || d.Body != "SECRET-"+outcome {
				t.Fatalf("Relay = %+v", d)
			}
			for range 2 {
				if _, err := s.Enqueue(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
			c, err := s.ClaimNow(ctx, d, t0, "w1", time.Minute)
			if err != nil || c == nil || c.Body != d.Body {
				t.Fatalf("ClaimNow = %+v, %v", c, err)
			}
			if err := s.FinishDelivery(ctx, c.ID, "w1", outcome, "", t0); err != nil {
				t.Fatal(err)
			}
		}
		n := 0
		for _, d := range outbox(t, s, o) {
			if d.Kind != models.KindRelay {
				continue
			}
			n++
			if d.Body != "" {
				t.Errorf("a %s reply keeps its words %q", d.State, d.Body)
			}
		}
		if n != 2 {
			t.Errorf("%d replies queued, want one per message", n)
		}
	})
}

func TestRelayCutsLongReplies(t *testing.T) {
	o := &models.OneToOne{ID: 1, RequesterID: "UA", InviteeID: "UB"}
	d := models.Relay(o, "UA", "1.1", strings.Repeat("é", models.MaxRelayLen+10), t0)
	if n := len([]rune(d.Body)); n != models.MaxRelayLen+1 || d.Recipient != "UB" || d.Window != "m1.1" {
		t.Errorf("Relay of a long reply: %d runes to %s in %s", n, d.Recipient, d.Window)
	}
}

func TestValidateGuideURL(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"", true},
		{"https://example.org/guide", true},
		{"http://example.org/guide?x=1", true},
		{"javascript:alert(1)", false},
		{"example.org/guide", false},
		{"https://", false},
		{"https://example.org/<!channel>", false},
		{"https://example.org/" + strings.Repeat("a", models.MaxGuideURL), false},
	} {
		if err := models.ValidateGuideURL(tc.url); (err == nil) != tc.ok {
			t.Errorf("ValidateGuideURL(%q) = %v, want ok %v", tc.url, err, tc.ok)
		}
	}
	st := models.Settings{GuideURL: "ftp://x"}
	found := false
	for _, fe := range st.Validate() {
		found = found || fe.Field == models.FieldGuideURL
	}
	if !found {
		t.Error("Validate lets a bad guide link through")
	}
}
