package models_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

func TestMayReadReflection(t *testing.T) {
	pair := &models.OneToOne{RequesterID: "UA", InviteeID: "UB"}
	outside := &models.OneToOne{RequesterID: "UA"}
	coordinator := func(id models.UserID) *models.Member { return &models.Member{ID: id, Role: models.RoleCoordinator} }
	for _, tt := range []struct {
		name   string
		o      *models.OneToOne
		author models.UserID
		linked models.UserID
		viewer *models.Member
		want   bool
	}{
		{"OKAuthor", pair, "UA", "", &models.Member{ID: "UA"}, true},
		{"OKCoordinator", pair, "UA", "", coordinator("UC"), true},
		{"OKAuthorCoordinator", pair, "UA", "", coordinator("UA"), true},
		{"ErrSubject", pair, "UA", "", &models.Member{ID: "UB"}, false},
		{"ErrSubjectCoordinator", pair, "UA", "", coordinator("UB"), false},
		{"ErrSubjectAdminCoordinator", pair, "UA", "", &models.Member{ID: "UB", Role: models.RoleCoordinator, IsAdmin: true}, false},
		{"ErrAdminNotNamed", pair, "UA", "", &models.Member{ID: "UD", IsAdmin: true}, false},
		{"ErrMember", pair, "UA", "", &models.Member{ID: "UE"}, false},
		{"ErrNobody", pair, "UA", "", nil, false},
		// The other person's own reflection is about the requester.
		{"OKOtherSideAuthor", pair, "UB", "", &models.Member{ID: "UB"}, true},
		{"ErrOtherSideSubjectCoordinator", pair, "UB", "", coordinator("UA"), false},
		{"OKOtherSideCoordinator", pair, "UB", "", coordinator("UC"), true},
		// Someone outside Slack, later linked to a Slack account.
		{"OKOutsideCoordinator", outside, "UA", "", coordinator("UB"), true},
		{"ErrLinkedSubjectCoordinator", outside, "UA", "UB", coordinator("UB"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subject := models.ReflectionSubject(tt.o, tt.author, tt.linked)
			if got := models.MayReadReflection(tt.viewer, tt.author, subject); got != tt.want {
				t.Errorf("MayReadReflection(%+v, %s, %q) = %v, want %v", tt.viewer, tt.author, subject, got, tt.want)
			}
		})
	}
}

// TestReflectionSubjectLinkedPerson: a reflection on someone outside Slack
// who is later linked to a Slack account is about that account.
func TestReflectionSubjectLinkedPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		samR := &models.Member{ID: "UB", Role: models.RoleCoordinator}
		o, _ := models.NewLogged("UA", "", nil, t0.Add(-time.Hour), t0)
		if err := s.LogOneToOne(ctx, o, "Sam Okafor", &models.Reflection{AuthorID: "UA", Answers: map[string]string{"cares": "SECRET"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reflection(ctx, o.ID, o.RequesterID, samR); err != nil {
			t.Fatalf("before the link, Sam is just a coordinator: %v", err)
		}
		if err := s.DB().Model(&models.Person{}).Where("id = ?", *o.PersonID).Update("slack_id", "UB").Error; err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reflection(ctx, o.ID, o.RequesterID, samR); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("after the link, Sam's read = %v, want %s", err, models.EUNAUTHORIZED)
		}
		var buf bytes.Buffer
		if err := s.ExportCSV(ctx, &buf, samR); err != nil || strings.Contains(buf.String(), "SECRET") {
			t.Errorf("Sam's export after the link = %v:\n%s", err, buf.String())
		}
	})
}
