package bot

import (
	"fmt"
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func init() {
	goldenCovered = append(goldenCovered, "assignmentView", "assignDoneBlocks", "handOnModal", "assignModal", "assignPickReply", "waitingLine")
}

// goldenAssigned are people assigned to an organizer, the first with
// every roster field and a hostile name.
func goldenAssigned(n int) []models.AssignedPerson {
	out := make([]models.AssignedPerson, n)
	for i := range out {
		p := models.Person{ID: models.PersonID(20 + i), Name: fmt.Sprintf("Person %02d", i), Shift: "Night"}
		if i == 0 {
			p = models.Person{ID: 20, Name: "Maria " + goldenHostile, Site: "Ward 3", Department: "Nursing", Shift: "Night", Phone: "555-010-2030", Email: "maria@example.org"}
		}
		if i == 1 {
			p.SlackID = "UMARIA"
		}
		out[i] = models.AssignedPerson{Assignment: models.Assignment{ID: int64(40 + i), PersonID: p.ID, OrganizerID: "UALEX", AssignedBy: "UROBIN"}, Person: p}
	}
	return out
}

func TestGoldenAssign(t *testing.T) {
	custom := [models.RosterFieldCount]string{"Ward", "Unit", "Shift"}
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		fields := rosterFields(l, models.Settings{})
		one := assignDM{By: "UROBIN", Note: "Met her at the rally. " + goldenHostile, People: goldenAssigned(1), Fields: custom}
		many := assignDM{By: "UROBIN", Note: "Ward 3, nights: nobody has met them yet.", People: goldenAssigned(12), Fields: fields}
		handedOn := assignDM{By: "UKIM", HandedOn: true, People: goldenAssigned(2)[1:], Fields: fields}
		text, blocks := assignmentView(l, one)
		retired := assignDoneBlocks(blocks, 20, catalog.T(l, "assign.handed_back", map[string]any{"Name": esc("Maria " + goldenHostile)}))
		danas := []models.Person{{ID: 20, Name: "Dana Ruiz", Site: "Ward 3", Shift: "Night"}, {ID: 21, Name: "Dana Ruiz", Email: "dana@example.org", SlackID: "UDANA"}}
		return []goldenMessageCase{
			{name: "assign_dm_one", msg: goldenMsg(text, blocks), check: goldenExpect{escaped: true}},
			{name: "assign_dm_many", msg: goldenMsg(assignmentView(l, many))},
			{name: "assign_dm_handed_on", msg: goldenMsg(assignmentView(l, handedOn))},
			{name: "assign_dm_handed_back", msg: goldenMsg(text, retired), check: goldenExpect{escaped: true}},
			{name: "assign_pick", msg: goldenReply(assignPickReply(l, fields, "Dana Ruiz", danas, "UALEX", "a note"))},
			{name: "assign_waiting", msg: goldenMsg("waiting", []slack.Block{waitingLine(l, 4)})},
		}
	})
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		fields := rosterFields(l, models.Settings{})
		p := goldenAssigned(1)[0].Person
		return []goldenModalCase{
			{name: "assign_modal", view: assignModal(l, fields, nil)},
			{name: "assign_modal_person", view: assignModal(l, fields, &p), check: goldenExpect{escaped: true}},
			{name: "assign_hand_on", view: handOnModal(l, p, "20\nD1\n1.2"), check: goldenExpect{escaped: true}},
		}
	})
}
