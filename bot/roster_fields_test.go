package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func TestRosterFields(t *testing.T) {
	if got := rosterFields(catalog.Lang("es"), models.Settings{}); got != [3]string{"Centro de trabajo", "Departamento", "Turno"} {
		t.Errorf("the bot's own names in Spanish = %q", got)
	}
	named := models.Settings{RosterFields: []string{"Ward", "Unit", "Shift"}}
	if got := rosterFields(catalog.Lang("es"), named); got != [3]string{"Ward", "Unit", "Shift"} {
		t.Errorf("the group's names = %q", got)
	}
}
