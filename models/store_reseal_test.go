package models_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// seedReflections inserts one reflected one-to-one per body, in bulk, and
// returns their ids in order.
func seedReflections(t *testing.T, s *models.Store, bodies [][]byte) []models.OneToOneID {
	t.Helper()
	now := s.Now()
	oos := make([]models.OneToOne, len(bodies))
	for i := range oos {
		oos[i] = models.OneToOne{GroupID: s.Scope(), RequesterID: "UA", InviteeID: models.UserID(fmt.Sprintf("U%d", i)), Status: models.StatusReflected, RequestedAt: now, HeldAt: &now, DurationMin: 45}
	}
	if err := s.DB().CreateInBatches(&oos, 100).Error; err != nil {
		t.Fatal(err)
	}
	rs := make([]models.Reflection, len(bodies))
	ids := make([]models.OneToOneID, len(bodies))
	for i := range rs {
		rs[i] = models.Reflection{GroupID: s.Scope(), OneToOneID: oos[i].ID, AuthorID: "UA", Body: bodies[i]}
		ids[i] = oos[i].ID
	}
	if err := s.DB().CreateInBatches(&rs, 100).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestResealReflections(t *testing.T) {
	oldKey, newKey := testKey(1), testKey(2)
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		clock := storetest.NewClock(t0)
		old, onlyNew := mustSealer(t, oldKey), mustSealer(t, newKey)
		// More rows than one batch, of three kinds: sealed with the old
		// key, stored before encryption (plain JSON), already on the new
		// key.
		const nOld, nPlain, nNew = 430, 20, 7
		var bodies [][]byte
		text := func(i int) string { return fmt.Sprintf("story %d", i) }
		for i := 0; i < nOld+nPlain+nNew; i++ {
			plain, _ := json.Marshal(map[string]string{"cares": text(i)})
			var body []byte
			switch {
			case i < nOld:
				body, _ = old.Seal(plain)
			case i < nOld+nPlain:
				body = plain
			default:
				body, _ = onlyNew.Seal(plain)
			}
			bodies = append(bodies, body)
		}
		seeder := mustOpenSealed(t, url, clock.Now, nil)
		ids := seedReflections(t, seeder, bodies)
		var before time.Time
		if err := seeder.DB().Raw("SELECT updated_at FROM reflections WHERE one_to_one_id = ?", ids[0]).Row().Scan(&before); err != nil || before.IsZero() {
			t.Fatalf("updated_at = %v, %v", before, err)
		}

		clock.Advance(time.Hour)
		rotating := mustOpenSealed(t, url, clock.Now, mustSealer(t, newKey, oldKey))
		n, err := rotating.ResealReflections(ctx)
		if err != nil || n != nOld+nPlain {
			t.Fatalf("reseal = %d, %v; want %d", n, err, nOld+nPlain)
		}
		if n, err := rotating.ResealReflections(ctx); err != nil || n != 0 {
			t.Errorf("second reseal = %d, %v; want 0 (nothing left on the old key)", n, err)
		}
		var after time.Time
		if err := rotating.DB().Raw("SELECT updated_at FROM reflections WHERE one_to_one_id = ?", ids[0]).Row().Scan(&after); err != nil {
			t.Fatal(err)
		}
		if !after.Equal(before) {
			t.Errorf("updated_at moved from %v to %v; a reseal changes no words", before, after)
		}

		// The old key can be retired: the new one alone reads everything,
		// and nothing is left in clear.
		retired := mustOpenSealed(t, url, clock.Now, onlyNew)
		coordinator := &models.Member{ID: "UC", Role: models.RoleCoordinator}
		for i, id := range ids {
			r, err := retired.Reflection(ctx, id, "UA", coordinator)
			if err != nil {
				t.Fatalf("reflection %d with the new key only: %v", i, err)
			}
			if r.Answers["cares"] != text(i) {
				t.Fatalf("reflection %d = %q, want %q", i, r.Answers["cares"], text(i))
			}
			if body := rawBody(t, retired, id); strings.Contains(string(body), "story") {
				t.Fatalf("reflection %d still in clear after reseal", i)
			}
		}
		stale := mustOpenSealed(t, url, clock.Now, old)
		if _, err := stale.Reflection(ctx, ids[0], "UA", coordinator); models.ErrorCode(err) != models.EINTERNAL {
			t.Errorf("old key alone still opens a resealed row: %v", err)
		}
	})
}

func TestResealReflectionsUnknownKey(t *testing.T) {
	clock := storetest.NewClock(t0)
	lostKey, key := testKey(5), testKey(6)
	eachDatabase(t, func(t *testing.T, url string) {
		lost := mustSealer(t, lostKey)
		body, _ := lost.Seal([]byte(`{"cares":"x"}`))
		ids := seedReflections(t, mustOpenSealed(t, url, clock.Now, nil), [][]byte{body})

		s := mustOpenSealed(t, url, clock.Now, mustSealer(t, key))
		n, err := s.ResealReflections(context.Background())
		if models.ErrorCode(err) != models.EINTERNAL || n != 0 {
			t.Fatalf("reseal = %d, %v; want 0 and %s", n, err, models.EINTERNAL)
		}
		if msg := models.ErrorMessage(err); msg == "" {
			t.Error("no message")
		}
		var me *models.Error
		if !errors.As(err, &me) || !strings.Contains(me.Message, fmt.Sprintf("reflection %d", ids[0])) {
			t.Errorf("message %q does not name the reflection to look at", err)
		}
		assertNoKeyMaterial(t, err, lostKey, key)
	})
}

func TestResealReflectionsPlainStore(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		saveReflection(t, s, map[string]string{"cares": "x"})
		if n, err := s.ResealReflections(context.Background()); err != nil || n != 0 {
			t.Errorf("reseal without a sealer = %d, %v; want 0, nil (nothing changes)", n, err)
		}
	})
}
