package models_test

import (
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestMemberRoles: only named coordinators are coordinators; workspace
// admins may manage the settings, which lets them name the first ones.
func TestMemberRoles(t *testing.T) {
	for _, tt := range []struct {
		name                  string
		m                     *models.Member
		coordinator, settings bool
	}{
		{"Member", &models.Member{ID: "UA"}, false, false},
		{"AdminNotNamed", &models.Member{ID: "UA", IsAdmin: true}, false, true},
		{"Coordinator", &models.Member{ID: "UA", Role: models.RoleCoordinator}, true, true},
		{"Nobody", nil, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.IsCoordinator(); got != tt.coordinator {
				t.Errorf("IsCoordinator = %v, want %v", got, tt.coordinator)
			}
			if got := tt.m.CanManageSettings(); got != tt.settings {
				t.Errorf("CanManageSettings = %v, want %v", got, tt.settings)
			}
		})
	}
}
