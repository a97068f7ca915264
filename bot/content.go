package bot

import "github.com/onetoone/onetoone/bot/catalog"

// coachingTips are the guide's best practices in a line each (catalog ids,
// tip.*). They appear in App Home, one a week, and before meetings.
var coachingTips = []string{
	"tip.deep",
	"tip.listen",
	"tip.direct",
	"tip.next_steps",
	"tip.no_selling",
	"tip.schedule",
	"tip.interviewer",
	"tip.reflect",
	"tip.awkward",
}

// tipOfWeek picks the tip for the week of the year, in l, so everyone sees
// the same one and it changes on Mondays.
func tipOfWeek(l catalog.Lang, year, week int) string {
	return catalog.T(l, coachingTips[(year*53+week)%len(coachingTips)], nil)
}
