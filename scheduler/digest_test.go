package scheduler_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/prometheus/client_golang/prometheus"
)

func digests(sent []string) int {
	n := 0
	for _, s := range sent {
		if strings.HasPrefix(s, models.KindDigest+"→") {
			n++
		}
	}
	return n
}

// TestDigestOnceAWeek runs two schedulers every hour for three weeks over
// one store: each week's digest goes out exactly once, at its hour, and a
// coordinator's new schedule applies without a restart.
func TestDigestOnceAWeek(t *testing.T) {
	// Sunday noon in Chicago, the workspace's timezone.
	chicago, _ := time.LoadLocation("America/Chicago")
	start := time.Date(2026, 11, 29, 12, 0, 0, 0, chicago)
	clock := storetest.NewClock(start)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(start)
		ctx := context.Background()
		fake := newFake(s, clock.Now)
		edit := func(c *scheduler.Config) {
			c.Location, c.DigestChannel = chicago, "C0DIGEST"
		}
		a := newScheduler(s, clock, fake, edit)
		b := newScheduler(s, clock, fake, func(c *scheduler.Config) { edit(c); c.Worker = "w2" })
		var sentAt []time.Time
		for h := 0; h < 21*24; h++ {
			var wg sync.WaitGroup
			for _, sch := range []*scheduler.Scheduler{a, b} {
				wg.Add(1)
				go func() { defer wg.Done(); mustRun(t, sch, "digest", clock.Now()) }()
			}
			wg.Wait()
			if n := digests(fake.take()); n > 0 {
				for range n {
					sentAt = append(sentAt, clock.Now().In(chicago))
				}
			}
			if h == 10*24 {
				// A coordinator moves the digest to Friday 16:30.
				friday := "30 16 * * 5"
				if err := s.SaveSettings(ctx, &models.SavedSettings{DigestCron: &friday}); err != nil {
					t.Fatal(err)
				}
			}
			clock.Advance(time.Hour)
		}
		var got []string
		for _, at := range sentAt {
			got = append(got, at.Format("Mon 15:04"))
		}
		// Mondays at 9 (the default) for the first week and a half,
		// then Fridays from 16:30 (the hourly run after it).
		want := "Mon 09:00,Mon 09:00,Fri 17:00,Fri 17:00"
		if strings.Join(got, ",") != want {
			t.Errorf("digests at %v, want %s", got, want)
		}
	})
}

// TestUninstalledStopsWorkAndPurges: after app_uninstalled nothing more is
// sent, and the data goes once the retention period has passed.
func TestUninstalledStopsWorkAndPurges(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		ctx := context.Background()
		fake := newFake(s, clock.Now)
		sch := newScheduler(s, clock, fake, func(c *scheduler.Config) { c.Retention = 30 * 24 * time.Hour })
		request(t, s, "UA", "UB", t0.Add(-scheduler.DefaultNudgeAfter-time.Hour))
		if err := s.MarkUninstalled(ctx, storetest.TeamID, t0); err != nil { // the workspace of the store's group
			t.Fatal(err)
		}
		runAll(t, sch, clock)
		if sent := fake.take(); len(sent) != 0 {
			t.Errorf("sent after uninstall: %v", sent)
		}
		count := func() int64 {
			var n int64
			s.DB().Model(&models.OneToOne{}).Count(&n)
			return n
		}
		clock.Advance(29 * 24 * time.Hour)
		mustRun(t, sch, "purge", clock.Now())
		if count() != 1 {
			t.Fatalf("purged before the retention period")
		}
		clock.Advance(2 * 24 * time.Hour)
		mustRun(t, sch, "purge", clock.Now())
		if n := count(); n != 0 {
			t.Errorf("%d one-to-ones left after the retention period", n)
		}
	})
}

// TestQueueDepthMetric: after a run, the queue's depth per job is exported
// (zero once everything due was sent), and the store counts what is due.
func TestQueueDepthMetric(t *testing.T) {
	clock := storetest.NewClock(t0)
	s := storetest.MustSQLite(t, clock.Now)
	reg := prometheus.NewRegistry()
	sch := newScheduler(s, clock, newFake(s, clock.Now), func(c *scheduler.Config) { c.Registerer = reg })
	request(t, s, "UA", "UB", t0.Add(-scheduler.DefaultNudgeAfter-time.Hour))
	mustRun(t, sch, "nudges", clock.Now())
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range families {
		for _, m := range f.GetMetric() {
			if f.GetName() == "onetoone_deliveries_due" && m.GetLabel()[0].GetValue() == "nudges" {
				found = m.GetGauge().GetValue() == 0
			}
		}
	}
	if !found {
		t.Error("no onetoone_deliveries_due{job=nudges} of 0 after a full drain")
	}
	ctx := context.Background()
	due := func(subject models.OneToOneID, at time.Time) models.Delivery {
		return models.Delivery{Kind: models.KindFollowUp, Subject: models.AboutOneToOne(subject), Recipient: "UA", Window: "w", DueAt: at}
	}
	if _, err := s.Enqueue(ctx, due(1, t0.Add(-time.Minute)), due(2, t0), due(3, t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountDue(ctx, t0, []string{models.KindFollowUp}); err != nil || n != 2 {
		t.Errorf("CountDue = %d, %v; want 2", n, err)
	}
}
