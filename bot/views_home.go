package bot

import (
	"fmt"
	"slices"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// homePerGroup keeps App Home within Slack's 100 blocks (docs/slack.md) however
// busy someone is: four groups of 8 rows plus headers, the goal and the
// list of ten stay near 60.
const homePerGroup = 8

// homeData is everything the Home tab shows one member.
type homeData struct {
	Me     models.UserID
	Now    time.Time
	Loc    *time.Location
	List   myList
	People map[models.PersonID]models.Person
	// Goal is the newest goal, running or ended; Held counts the
	// one-to-ones held in its window.
	Goal *models.Goal
	Held int
	Plan []models.PlanItem
	// Reflections are my own newest reflections, with who else read them.
	Reflections []models.AuthoredReflection
	// Team is set for coordinators only: their picture of the practice.
	Team *models.Team
}

// homeView is a member's week at a glance: what waits for them, what's
// coming, what to reflect on, their goal and their list of ten. It is in
// l, which its menu changes.
func homeView(l catalog.Lang, d homeData) slack.HomeTabViewRequest {
	y, w := d.Now.In(d.Loc).ISOWeek()
	blocks := []slack.Block{
		header("Your one-to-ones"),
		languageMenu(l),
		contextLine(":bulb: " + tipOfWeek(catalog.English, y, w)),
		slack.NewDividerBlock(),
	}
	if l := listBlocks(d.List, d.Me, d.People, d.Loc, homePerGroup); len(l) > 0 {
		blocks = append(blocks, l...)
	} else if askable(d.Plan) {
		blocks = append(blocks, section("Nothing open right now. Who would you like to get to know better? Ask someone from your list below, or type `/one-to-one @name`."))
	} else {
		blocks = append(blocks, section("Nothing open right now. Who would you like to get to know better? Type `/one-to-one @name` to ask them for a one-to-one."))
	}
	blocks = append(blocks, slack.NewDividerBlock(), header("Your goal for 4 weeks"))
	blocks = append(blocks, goalBlocks(goalText(d.Goal, d.Held, d.Now, d.Loc), d.Goal, d.Now)...)
	blocks = append(blocks, header(fmt.Sprintf("People to meet (%d of %d)", len(d.Plan), models.MaxPlanEntries)))
	if len(d.Plan) == 0 {
		blocks = append(blocks, section("Write down people you'd like to get to know, in Slack or not: `/one-to-one plan @someone \"A neighbour\"`."))
	} else {
		blocks = append(blocks, planBlocks(d.Plan)...)
	}
	blocks = append(blocks, myReflectionsBlocks(catalog.English, d.Reflections, d.Me, d.Loc)...)
	if d.Team != nil {
		blocks = append(blocks, slack.NewDividerBlock(), header("Your team (coordinators only)"))
		s := section(teamSummary(d.Team))
		open := slack.NewButtonBlockElement(actOpenTeam, "team", plain("Open the team view"))
		s.Accessory = slack.NewAccessory(open)
		blocks = append(blocks, s)
	}
	blocks = append(blocks, slack.NewDividerBlock(),
		contextLine(":lock: Your reflections are private to you and the group's coordinators, never shown to the person they're about, and you can see who has read them. `/one-to-one help` lists everything I can do."))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// askable reports whether the list of people to meet shows an Ask button,
// so Home may point to it.
func askable(plan []models.PlanItem) bool {
	return slices.ContainsFunc(plan, canAsk)
}

// canAsk reports whether someone on the list can be asked from it: a
// Slack member not asked yet, or who said not now.
func canAsk(it models.PlanItem) bool {
	return it.InviteeID != "" && (it.Status == models.PlanNotAsked || it.Status == models.PlanNotNow)
}
