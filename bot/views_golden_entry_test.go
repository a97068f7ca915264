package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func init() { goldenCovered = append(goldenCovered, "homeActions", "logWhoModal", "goalModal") }

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
