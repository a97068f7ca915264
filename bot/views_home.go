package bot

import (
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
	// Waiting counts the people assigned to me beyond my list of ten.
	Waiting int
	// Reflections are my own newest reflections, with who else read them.
	Reflections []models.AuthoredReflection
	// Team is set for coordinators only: their picture of the practice.
	Team *models.Team
	// Groups are the member's groups and Group the one Home shows; a
	// member of several gets a menu to switch (groupMenu).
	Groups []models.Group
	Group  models.GroupID
}

// defaultCommand is the slash command as the views that aren't given the
// configured one (homeView, goalText, teamModal, digestView, listView)
// write it.
const defaultCommand = "/one-to-one"

// homeView is a member's week at a glance, in l: what waits for them,
// what's coming, what to reflect on, their goal and their list of ten.
func homeView(l catalog.Lang, d homeData) slack.HomeTabViewRequest {
	y, w := d.Now.In(d.Loc).ISOWeek()
	cmd := map[string]any{"Command": defaultCommand}
	blocks := []slack.Block{
		header(catalog.T(l, "home.title", nil)),
		homeActions(l),
		languageMenu(l),
		contextLine(":bulb: " + tipOfWeek(l, y, w)),
		slack.NewDividerBlock(),
	}
	// A member of several groups sees first which group Home shows.
	blocks = slices.Insert(blocks, 1, groupMenu(l, d.Groups, d.Group)...)
	if list := listBlocks(l, d.List, d.Me, d.People, d.Loc, listShape{PerGroup: homePerGroup, AllActions: true}); len(list) > 0 {
		blocks = append(blocks, list...)
	} else if askable(d.Plan) {
		blocks = append(blocks, section(catalog.T(l, "home.nothing_open_plan", cmd)))
	} else {
		blocks = append(blocks, section(catalog.T(l, "home.nothing_open", cmd)))
	}
	blocks = append(blocks, slack.NewDividerBlock(), header(catalog.T(l, "home.goal_title", nil)))
	blocks = append(blocks, goalBlocks(l, goalText(l, d.Goal, d.Held, d.Now, d.Loc), d.Goal, d.Now)...)
	blocks = append(blocks, header(catalog.T(l, "home.plan_title", map[string]any{"Count": len(d.Plan), "Max": models.MaxPlanEntries})))
	if len(d.Plan) == 0 {
		blocks = append(blocks, section(catalog.T(l, "home.plan_empty", cmd)))
	} else {
		blocks = append(blocks, planBlocks(l, d.Plan)...)
	}
	if d.Waiting > 0 {
		blocks = append(blocks, waitingLine(l, d.Waiting))
	}
	blocks = append(blocks, myReflectionsBlocks(l, d.Reflections, d.Me, d.Loc)...)
	if d.Team != nil {
		blocks = append(blocks, slack.NewDividerBlock(), header(catalog.T(l, "home.team_title", nil)))
		s := section(teamSummary(l, d.Team))
		open := slack.NewButtonBlockElement(actOpenTeam, "team", plain(catalog.T(l, "home.open_team", nil)))
		s.Accessory = slack.NewAccessory(open)
		blocks = append(blocks, s)
	}
	blocks = append(blocks, slack.NewDividerBlock(),
		contextLine(catalog.T(l, "home.footer", cmd)))
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
