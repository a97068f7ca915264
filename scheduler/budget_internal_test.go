package scheduler

import (
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestEveryKindDecidesItsBudget: each kind the scheduler sends says whether
// it counts against a person's weekly budget, so a new kind cannot slip past
// it unnoticed.
func TestEveryKindDecidesItsBudget(t *testing.T) {
	for kind := range policies {
		_, unasked := models.UnaskedKinds[kind]
		_, asked := models.AskedKinds[kind]
		if unasked == asked {
			t.Errorf("kind %q must be in exactly one of models.UnaskedKinds (%v) and models.AskedKinds (%v)", kind, unasked, asked)
		}
	}
}
