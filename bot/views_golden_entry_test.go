package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func init() {
	goldenCovered = append(goldenCovered, "homeActions", "logWhoModal", "goalModal", "relayView", "relayNote", "welcomeView", "welcomeInput")
}

// The ways in: Home's log and goal forms.
func TestGoldenHomeActions(t *testing.T) {
	goal := &models.Goal{ID: 3, UserID: "UALEX", Target: 4, StartsAt: goldenNow, EndsAt: goldenNow.Add(models.GoalWindow)}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "home_log_who", view: logWhoModal(l)},
			{name: "home_goal_new", view: goalModal(l, nil)},
			{name: "home_goal_running", view: goalModal(l, goal)},
		}
	})
}

// A reply passed on, with hostile words, and the writer's answers.
func TestGoldenRelay(t *testing.T) {
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		relayed := func(text string) goldenMessage { return goldenMsg(relayView(l, "USAM", text)) }
		note := func(id string) goldenMessage { return goldenMsg(relayNote(l, id, "UALEX")) }
		return []goldenMessageCase{
			{name: "relay", msg: relayed("Tuesday works for me.\n\n" + goldenHostile), check: goldenExpect{escaped: true}},
			{name: "relay_sent", msg: note("relay.sent")},
			{name: "relay_closed", msg: note("relay.closed")},
			{name: "relay_no_contact", msg: note("relay.no_contact")},
			{name: "relay_outside", msg: note("relay.outside")},
		}
	})
}

// The welcome, with the group's guide and without; its setting in the
// settings modal has its own goldens (TestGoldenSettings).
func TestGoldenWelcome(t *testing.T) {
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "welcome", msg: goldenMsg(welcomeView(l, "https://example.org/guide", "/one-to-one"))},
			{name: "welcome_no_guide", msg: goldenMsg(welcomeView(l, "", "/one-to-one"))},
		}
	})
}
