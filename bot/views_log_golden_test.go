package bot

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
)

// TestGoldenReflectLogOpen: `log` of a one-to-one still open says which
// one it records, and asks the day, starting at the meeting's day once it
// has passed.
func TestGoldenReflectLogOpen(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	held := goldenHeld
	ahead := goldenAt
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		ladder := defaultLadder(l)
		return []goldenModalCase{
			{name: "reflect_modal_log_open_scheduled", view: reflectModal(l, reflectTarget{ID: 42, Invitee: "USAM", Open: true, Scheduled: &held}, nil, reflectForm{Ladder: ladder}, goldenNow, ny), check: goldenExpect{dates: []time.Time{goldenHeld}}},
			{name: "reflect_modal_log_open_ahead", view: reflectModal(l, reflectTarget{ID: 42, Person: "Dana " + goldenHostile, Open: true, Scheduled: &ahead}, nil, reflectForm{Ladder: ladder}, goldenNow, ny), check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
			{name: "reflect_modal_log_open_requested", view: reflectModal(l, reflectTarget{ID: 42, Invitee: "USAM", Open: true}, nil, reflectForm{Ladder: ladder}, goldenNow, ny)},
		}
	})
}
