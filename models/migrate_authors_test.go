package models

import (
	"context"
	"testing"
	"time"
)

// TestReflectionAuthorsMigration applies 0009_reflection_authors to a
// database holding a reflection written under the old schema (one per
// one-to-one): the reflection comes through whole, the other person can
// then add their own, and an author still has only one.
func TestReflectionAuthorsMigration(t *testing.T) {
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	for _, dialect := range []string{SQLite, Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			s := openUnmigrated(t, dialect)
			if err := s.MigrateBefore(ctx, "0009_reflection_authors"); err != nil {
				t.Fatal(err)
			}
			o := OneToOne{RequesterID: "UA", InviteeID: "UB", Status: StatusReflected, RequestedAt: now, HeldAt: &now, DurationMin: 45}
			// Columns added since 0009 are not there yet.
			if err := s.db.Omit("group_id", "proposed_times").Create(&o).Error; err != nil {
				t.Fatal(err)
			}
			followUp := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
			old := Reflection{OneToOneID: o.ID, AuthorID: "UA", Body: []byte(`{"cares":"her kids' school"}`), Engagement: 3, FollowUpOn: &followUp}
			if err := s.db.Omit("group_id").Create(&old).Error; err != nil {
				t.Fatal(err)
			}

			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			s = s.In(migratedGroup(t, s))
			r, err := s.Reflection(ctx, o.ID, "UA", &Member{ID: "UA"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Answers["cares"] != "her kids' school" || r.Engagement != 3 || r.FollowUpOn == nil || !r.FollowUpOn.Equal(followUp) || !r.CreatedAt.Equal(old.CreatedAt) {
				t.Errorf("after the migration: %+v", r)
			}
			if _, err := s.SaveReflection(ctx, &Reflection{OneToOneID: o.ID, AuthorID: "UB", Answers: map[string]string{"cares": "the rent"}}); err != nil {
				t.Fatalf("the other person reflects: %v", err)
			}
			again := Reflection{OneToOneID: o.ID, AuthorID: "UB", Body: []byte(`{}`)}
			if err := s.db.Create(&again).Error; ErrorCode(translate("", err)) != ECONFLICT {
				t.Errorf("a second reflection by the same author: %v, want a conflict", err)
			}
			// Deleting the one-to-one still deletes its reflections.
			if err := s.db.Delete(&OneToOne{}, o.ID).Error; err != nil {
				t.Fatal(err)
			}
			var n int64
			s.db.Model(&Reflection{}).Count(&n)
			if n != 0 {
				t.Errorf("%d reflections outlived their one-to-one", n)
			}
		})
	}
}
