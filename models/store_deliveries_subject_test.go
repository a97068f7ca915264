package models_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestDeliverySubjectMigration fills deliveries as a release before 0015
// left them, with only the subject as text, then migrates: a delivery about
// a one-to-one is found by its number (the planning queries and Deliveries
// see it), one about a channel stays about the channel, and forgetting a
// person still deletes the deliveries about their one-to-ones.
func TestDeliverySubjectMigration(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "old.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := models.Open(ctx, tc.dsn(t), models.Options{Now: func() time.Time { return t0 }})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.MigrateBefore(ctx, "0015_delivery_one_to_one"); err != nil {
				t.Fatal(err)
			}
			db := s.DB()
			exec := func(sql string, args ...any) {
				t.Helper()
				if err := db.Exec(sql, args...).Error; err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			at := t0.Add(time.Hour)
			for id, invitee := range map[int]string{1: "UB", 2: "UC"} {
				exec("INSERT INTO one_to_ones (id, requester_id, invitee_id, status, scheduled_at, requested_at, created_at, updated_at) VALUES (?, 'UA', ?, ?, ?, ?, ?, ?)",
					id, invitee, models.StatusScheduled, at, t0, t0, t0)
			}
			// One-to-one 1 was reminded of before the upgrade; 2 was not.
			for _, d := range []struct{ kind, subject, recipient string }{
				{models.KindReminder, "1", "UA"}, {models.KindDigest, "C1", "C1"}, {models.KindInboxReply, "D1", "UA"},
			} {
				exec(`INSERT INTO deliveries (kind, subject, recipient, "window", due_at, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
					d.kind, d.subject, d.recipient, models.WindowAt(at), t0, models.DeliverySent, t0, t0)
			}

			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			s = migratedGroup(t, s)

			due, err := s.MeetingsToRemind(ctx, t0, t0.Add(2*time.Hour), models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]models.OneToOneID{2}, ids(due)); diff != "" {
				t.Errorf("to remind after the upgrade (-want +got):\n%s", diff)
			}
			ds, err := s.Deliveries(ctx, models.AboutOneToOne(1))
			if err != nil || len(ds) != 1 || ds[0].Kind != models.KindReminder {
				t.Fatalf("deliveries about one-to-one 1 = %+v, %v; want the reminder", ds, err)
			}
			if id, ok := ds[0].Subject.OneToOne(); !ok || id != 1 {
				t.Errorf("the reminder is about %+v, want one-to-one 1", ds[0].Subject)
			}
			for _, ch := range []string{"C1", "D1"} {
				ds, err := s.Deliveries(ctx, models.AboutChannel(ch))
				if err != nil || len(ds) != 1 {
					t.Fatalf("deliveries about %s = %+v, %v; want one", ch, ds, err)
				}
				if got, ok := ds[0].Subject.Channel(); !ok || got != ch {
					t.Errorf("delivery about %s reads back as about %+v", ch, ds[0].Subject)
				}
			}

			// A delivery stored now names its one-to-one in both columns.
			if _, err := s.Enqueue(ctx, models.Delivery{Kind: models.KindReminder, Subject: models.AboutOneToOne(2), Recipient: "UA", Window: models.WindowAt(at), DueAt: at}); err != nil {
				t.Fatal(err)
			}
			if due, err := s.MeetingsToRemind(ctx, t0, t0.Add(2*time.Hour), models.Page{}); err != nil || len(due) != 0 {
				t.Errorf("to remind once both are queued = %v, %v; want none", ids(due), err)
			}
			// Forgetting Sam deletes the deliveries about their one-to-one.
			if _, err := s.ForgetMember(ctx, "UB"); err != nil {
				t.Fatal(err)
			}
			if ds, err := s.Deliveries(ctx, models.AboutOneToOne(1)); err != nil || len(ds) != 0 {
				t.Errorf("deliveries about a forgotten one-to-one = %+v, %v; want none", ds, err)
			}
		})
	}
}
