package models_test

import (
	"testing"

	"github.com/onetoone/onetoone/models"
)

func TestMayReadReflection(t *testing.T) {
	pair := &models.OneToOne{RequesterID: "UA", InviteeID: "UB"}
	outside := &models.OneToOne{RequesterID: "UA"}
	coordinator := func(id models.UserID) *models.Member { return &models.Member{ID: id, Role: models.RoleCoordinator} }
	for _, tt := range []struct {
		name   string
		o      *models.OneToOne
		author models.UserID
		viewer *models.Member
		want   bool
	}{
		{"OKAuthor", pair, "UA", &models.Member{ID: "UA"}, true},
		{"OKCoordinator", pair, "UA", coordinator("UC"), true},
		{"OKAuthorCoordinator", pair, "UA", coordinator("UA"), true},
		{"ErrSubject", pair, "UA", &models.Member{ID: "UB"}, false},
		{"ErrSubjectCoordinator", pair, "UA", coordinator("UB"), false},
		{"ErrSubjectAdminCoordinator", pair, "UA", &models.Member{ID: "UB", Role: models.RoleCoordinator, IsAdmin: true}, false},
		{"ErrAdminNotNamed", pair, "UA", &models.Member{ID: "UD", IsAdmin: true}, false},
		{"ErrMember", pair, "UA", &models.Member{ID: "UE"}, false},
		{"ErrNobody", pair, "UA", nil, false},
		// The other person's own reflection is about the requester.
		{"OKOtherSideAuthor", pair, "UB", &models.Member{ID: "UB"}, true},
		{"ErrOtherSideSubjectCoordinator", pair, "UB", coordinator("UA"), false},
		{"OKOtherSideCoordinator", pair, "UB", coordinator("UC"), true},
		// Someone outside Slack: nobody in Slack is the subject.
		{"OKOutsideCoordinator", outside, "UA", coordinator("UB"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subject := models.ReflectionSubject(tt.o, tt.author)
			if got := models.MayReadReflection(tt.viewer, tt.author, subject); got != tt.want {
				t.Errorf("MayReadReflection(%+v, %s, %q) = %v, want %v", tt.viewer, tt.author, subject, got, tt.want)
			}
		})
	}
}
