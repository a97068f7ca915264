package models_test

import (
	"context"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// TestResealNotes: after a key rotation, reseal moves every person's
// notes onto the new key, so the old one can be retired.
func TestResealNotes(t *testing.T) {
	clock := storetest.NewClock(t0)
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		oldKey, newKey := testKey(21), testKey(22)
		old := mustOpenSealed(t, url, clock.Now, mustSealer(t, oldKey))
		p := &models.Person{Name: "Maria Lopez", Notes: "night shift, two kids"}
		if err := old.AddPerson(ctx, rosterCoord, p); err != nil {
			t.Fatal(err)
		}
		if err := old.AddPerson(ctx, rosterCoord, &models.Person{Name: "Jo Bloggs"}); err != nil {
			t.Fatal(err)
		}
		onlyNew := mustOpenSealed(t, url, clock.Now, mustSealer(t, newKey))
		if _, _, err := onlyNew.RosterPerson(ctx, rosterCoord, p.ID); err == nil {
			t.Fatal("control: the new key alone opens the old notes; the test proves nothing")
		}
		both := mustOpenSealed(t, url, clock.Now, mustSealer(t, newKey, oldKey))
		if n, err := both.ResealNotes(ctx); err != nil || n != 1 {
			t.Fatalf("ResealNotes = %d, %v; want 1", n, err)
		}
		if n, err := both.ResealNotes(ctx); err != nil || n != 0 {
			t.Errorf("again = %d, %v; want 0", n, err)
		}
		got, _, err := onlyNew.RosterPerson(ctx, rosterCoord, p.ID)
		if err != nil || got.Notes != "night shift, two kids" {
			t.Errorf("with the new key alone: %q, %v", got.Notes, err)
		}
	})
}
