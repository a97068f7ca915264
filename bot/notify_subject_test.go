package bot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
)

// TestFollowUpNeverReachesTheSubject: a follow-up addressed to the person a
// reflection is about, even a coordinator, is skipped and shows nothing;
// its author's follow-up is no read by someone else.
func TestFollowUpNeverReachesTheSubject(t *testing.T) {
	e := newNotifyEnv(t)
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, m := range []*models.Member{{ID: "UALEX", ProfileFetchedAt: notifyNow}, {ID: "USAM", ProfileFetchedAt: notifyNow}} {
		if err := e.store.SaveMember(e.ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.store.SetRole(e.ctx, "USAM", models.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	o, _ := models.NewLogged("UALEX", "USAM", nil, notifyNow.Add(-48*time.Hour), notifyNow)
	r := &models.Reflection{AuthorID: "UALEX", Answers: map[string]string{"ask": "SECRET-ASK"}, FollowUpOn: &day}
	if err := e.store.LogOneToOne(e.ctx, o, "", r); err != nil {
		t.Fatal(err)
	}
	if err := e.n.Send(e.ctx, notifyDelivery(models.KindFollowUp, o, "USAM", models.WindowDay(day))); !errors.Is(err, models.ErrSkip) {
		t.Errorf("follow-up to the coordinator it is about = %v, want a skip", err)
	}
	for _, m := range e.fake.DMs("USAM") {
		if strings.Contains(m.Text+blocksText(m.Blocks), "SECRET") {
			t.Errorf("Sam was shown the reflection about them: %q", m.Text)
		}
	}
	if err := e.n.Send(e.ctx, notifyDelivery(models.KindFollowUp, o, "UALEX", models.WindowDay(day))); err != nil {
		t.Fatal(err)
	}
	var reads int64
	e.store.DB().Model(&models.ReflectionRead{}).Count(&reads)
	if reads != 0 {
		t.Errorf("%d reads recorded for follow-ups, want none", reads)
	}
}
