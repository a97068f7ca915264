package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func TestGoldenList(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	const me = models.UserID("UALEX")
	at := func(d time.Duration) *time.Time { t := goldenNow.Add(d); return &t }
	day := 24 * time.Hour

	typical := []models.OneToOne{
		{ID: 1, RequesterID: "USAM", InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked},
		{ID: 2, RequesterID: me, InviteeID: "UROBIN", Status: models.StatusRequested, RequestedAt: goldenAsked.Add(2 * day)},
		{ID: 3, RequesterID: me, InviteeID: "UKIM", Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: &goldenAt, DurationMin: 45, Place: goldenHostile},
		{ID: 4, RequesterID: "UJO", InviteeID: me, Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(5 * day), DurationMin: 30},
		{ID: 5, RequesterID: me, InviteeID: "ULEE", Status: models.StatusHeld, RequestedAt: goldenAsked, ScheduledAt: &goldenHeld, HeldAt: &goldenHeld},
		{ID: 6, RequesterID: me, InviteeID: "UMO", Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(-2 * day)},
		// Ava asked me and has reflected; mine is still to write.
		{ID: 7, RequesterID: "UAVA", InviteeID: me, Status: models.StatusReflected, RequestedAt: goldenAsked, HeldAt: &goldenHeld},
	}

	var busy []models.OneToOne
	for i := range 12 {
		other := models.UserID(fmt.Sprintf("UBUSY%02d", i))
		id := models.OneToOneID(100 + 4*i)
		busy = append(busy,
			models.OneToOne{ID: id, RequesterID: other, InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked.Add(time.Duration(i) * time.Hour)},
			models.OneToOne{ID: id + 1, RequesterID: me, InviteeID: other, Status: models.StatusRequested, RequestedAt: goldenAsked.Add(time.Duration(i) * time.Hour)},
			models.OneToOne{ID: id + 2, RequesterID: me, InviteeID: other, Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(time.Duration(i+1) * day), Place: "Café Lune"},
			models.OneToOne{ID: id + 3, RequesterID: me, InviteeID: other, Status: models.StatusHeld, RequestedAt: goldenAsked, HeldAt: at(-time.Duration(i+1) * day)},
		)
	}

	dana := models.PersonID(9)
	people := map[models.PersonID]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}}
	outside := []models.OneToOne{
		{ID: 8, RequesterID: me, PersonID: &dana, Status: models.StatusHeld, RequestedAt: goldenHeld, HeldAt: &goldenHeld},
	}

	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "list_empty", msg: goldenReply(listView(l, sortList(nil, me, goldenNow), me, nil, ny))},
			{name: "list_typical", msg: goldenReply(listView(l, sortList(typical, me, goldenNow), me, nil, ny)),
				check: goldenExpect{escaped: true, dates: []time.Time{goldenAsked, goldenAt, *at(5 * day), goldenHeld, *at(-2 * day)}}},
			{name: "list_busy", msg: goldenReply(listView(l, sortList(busy, me, goldenNow), me, nil, paris))},
			{name: "list_person_outside_slack", msg: goldenReply(listView(l, sortList(outside, me, goldenNow), me, people, paris)),
				check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld}}},
		}
	})

	t.Run("list_busy_counts", func(t *testing.T) {
		r := listView(catalog.English, sortList(busy, me, goldenNow), me, nil, paris)
		got := goldenBlocksText(r.Blocks)
		if n := strings.Count(got, "…and 2 more."); n != 4 {
			t.Errorf("want \"…and 2 more.\" under each of the 4 groups, found %d in:\n%s", n, got)
		}
		if len(r.Blocks) > 50 {
			t.Errorf("%d blocks, over Slack's 50 per message", len(r.Blocks))
		}
	})
}

// goldenBlocksText joins the mrkdwn of sections and context lines.
func goldenBlocksText(blocks []slack.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			b.WriteString(bl.Text.Text + "\n")
		case *slack.ContextBlock:
			for _, e := range bl.ContextElements.Elements {
				if tx, ok := e.(*slack.TextBlockObject); ok {
					b.WriteString(tx.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

// goldenPlan is a list of ten: a Slack member and someone outside Slack
// at each status.
func goldenPlan() []models.PlanItem {
	statuses := []string{models.PlanNotAsked, models.PlanRequested, models.PlanScheduled, models.PlanMet, models.PlanNotNow}
	var items []models.PlanItem
	for i, st := range statuses {
		items = append(items, models.PlanItem{
			PlanEntry: models.PlanEntry{ID: int64(10 + 2*i), OwnerID: "UALEX", InviteeID: models.UserID(fmt.Sprintf("UPLAN%d", i)), AddedAt: goldenAsked},
			Status:    st,
		})
		person := models.PersonID(20 + i)
		items = append(items, models.PlanItem{
			PlanEntry: models.PlanEntry{ID: int64(11 + 2*i), OwnerID: "UALEX", PersonID: &person, Name: fmt.Sprintf("Neighbour %d", i), AddedAt: goldenAsked},
			Status:    st,
		})
	}
	items[1].Name = "Dana " + goldenHostile
	return items
}

func TestGoldenGoals(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	goal := &models.Goal{ID: 3, UserID: "UALEX", Target: 4, StartsAt: goldenNow, EndsAt: goldenNow.Add(models.GoalWindow)}
	ended := &models.Goal{ID: 2, UserID: "UALEX", Target: 4, StartsAt: goldenNow.Add(-30 * 24 * time.Hour), EndsAt: goldenNow.Add(-2 * 24 * time.Hour)}
	plan := goldenPlan()
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "goal_reply_none", msg: goldenReply(goalReply(l, nil, 0, false, goldenNow, ny))},
			{name: "goal_reply_set", msg: goldenReply(goalReply(l, goal, 1, true, goldenNow, ny)), check: goldenExpect{dates: []time.Time{goal.EndsAt}}},
			{name: "goal_reply_made_it", msg: goldenReply(goalReply(l, goal, 5, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{goal.EndsAt}}},
			// Once its four weeks are over: how it went, and the next one.
			{name: "goal_reply_ended_made_it", msg: goldenReply(goalReply(l, ended, 4, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
			{name: "goal_reply_ended_short", msg: goldenReply(goalReply(l, ended, 1, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
			{name: "goal_reply_ended_none_held", msg: goldenReply(goalReply(l, ended, 0, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
			{name: "plan_reply_empty", msg: goldenReply(planReply(l, nil, nil, "/one-to-one"))},
			{name: "plan_reply_added_and_refused", msg: goldenReply(planReply(l, plan[:6], []models.PlanOutcome{
				{Entry: plan[0].PlanEntry},
				{Entry: plan[1].PlanEntry},
				{Entry: models.PlanEntry{InviteeID: "UROBIN"}, Reason: "they have opted out of requests"},
				{Entry: models.PlanEntry{Name: "Kim " + goldenHostile}, Reason: "your list already has 10 people", ReasonID: "plan.list_full"},
			}, "/one-to-one")), check: goldenExpect{escaped: true}},
			{name: "plan_reply_full", msg: goldenReply(planReply(l, plan, nil, "/one-to-one")), check: goldenExpect{escaped: true}},
		}
	})
}

func TestGoldenHome(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	const me = models.UserID("UALEX")
	at := func(d time.Duration) *time.Time { t := goldenNow.Add(d); return &t }
	day := 24 * time.Hour
	dana := models.PersonID(9)
	var busy []models.OneToOne
	for i := range 12 {
		other := models.UserID(fmt.Sprintf("UBUSY%02d", i))
		id := models.OneToOneID(100 + 4*i)
		busy = append(busy,
			models.OneToOne{ID: id, RequesterID: other, InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked},
			models.OneToOne{ID: id + 1, RequesterID: me, InviteeID: other, Status: models.StatusRequested, RequestedAt: goldenAsked},
			models.OneToOne{ID: id + 2, RequesterID: me, InviteeID: other, Status: models.StatusScheduled, ScheduledAt: at(time.Duration(i+1) * day), Place: goldenHostile},
			models.OneToOne{ID: id + 3, RequesterID: me, InviteeID: other, Status: models.StatusHeld, HeldAt: at(-time.Duration(i+1) * day)},
		)
	}
	busy = append([]models.OneToOne{{ID: 99, RequesterID: me, PersonID: &dana, Status: models.StatusHeld, HeldAt: &goldenHeld}}, busy...)
	goal := &models.Goal{ID: 3, UserID: me, Target: 4, StartsAt: goldenNow, EndsAt: goldenNow.Add(models.GoalWindow)}
	// Seven reflections of mine: read by nobody, by a coordinator, by
	// several in several ways, and some beyond what Home lists.
	var mine []models.AuthoredReflection
	for i := range 7 {
		o := models.OneToOne{ID: models.OneToOneID(200 + i), RequesterID: me, InviteeID: models.UserID(fmt.Sprintf("UMET%02d", i)), Status: models.StatusReflected, HeldAt: at(-time.Duration(i+1) * day)}
		mine = append(mine, models.AuthoredReflection{OneToOne: o, SavedAt: goldenNow.Add(-time.Duration(i) * day)})
	}
	mine[1].Readers = []models.Reader{{ID: "UROBIN", Times: 1, Last: goldenHeld, Via: models.ReadOpened}}
	mine[2].OneToOne.InviteeID, mine[2].OneToOne.PersonID, mine[2].OneToOne.PersonName = "", &dana, "Dana "+goldenHostile
	mine[2].Readers = []models.Reader{
		{ID: "UKIM", Times: 3, Last: goldenHeld, Via: models.ReadOpened},
		{ID: models.OperatorID, Times: 1, Last: goldenAsked, Via: models.ReadExported},
	}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "home_empty", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: paris})},
			{name: "home_reflections", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: paris, Reflections: mine}),
				check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld, goldenAsked}}},
			{name: "home_goal_ended", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: paris, Goal: &models.Goal{
				ID: 2, UserID: me, Target: 3, StartsAt: goldenNow.Add(-40 * 24 * time.Hour), EndsAt: goldenNow.Add(-12 * 24 * time.Hour),
			}, Held: 2}), check: goldenExpect{dates: []time.Time{goldenNow.Add(-12 * 24 * time.Hour)}}},
			{name: "home_busy", view: homeView(l, homeData{
				Me: me, Now: goldenNow, Loc: ny,
				List:   sortList(busy, me, goldenNow),
				People: map[models.PersonID]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}},
				Goal:   goal, Held: 2,
				Plan: goldenPlan(),
			}), check: goldenExpect{escaped: true, dates: []time.Time{goal.EndsAt, *at(day), goldenHeld}}},
			{name: "home_coordinator_busy", view: homeView(l, homeData{
				Me: me, Now: goldenNow, Loc: ny,
				List:   sortList(busy, me, goldenNow),
				People: map[models.PersonID]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}},
				Goal:   goal, Held: 2, Plan: goldenPlan(), Reflections: mine,
				Team: &models.Team{ByStatus: map[models.Status]int64{models.StatusRequested: 40, models.StatusReflected: 12}, UnmetAll: 230, NoGoal: []models.UserID{"UA", "UB"}},
			})},
		}
	})
}

func TestGoldenDigest(t *testing.T) {
	joined := goldenNow.Add(-10 * 24 * time.Hour)
	small := &models.Digest{
		Now: goldenNow, HeldWeek: 1, HeldWindow: 3, Goals: 1,
		Organizers: []models.Progress{{ID: "UALEX", Held: 3}}, OrganizersAll: 1,
		Newcomers:    []models.Member{{ID: "UNEW0", Name: "Ana " + goldenHostile, JoinedAt: &joined}},
		NewcomersAll: 1, Waiting: 1, WaitingAfter: 14 * 24 * time.Hour,
	}
	busy := &models.Digest{Now: goldenNow, HeldWeek: 17, HeldWindow: 52, Goals: 16, OrganizersAll: 25, NewcomersAll: 14, Waiting: 6, WaitingAfter: 36 * time.Hour}
	// Counts only: the store names nobody, the view counts.
	counts := &models.Digest{Now: goldenNow, HeldWeek: 4, HeldWindow: 11, Goals: 3, OrganizersAll: 7, NewcomersAll: 2, Waiting: 2, WaitingAfter: 5 * 24 * time.Hour}
	names := map[models.UserID]string{}
	for i := range 25 {
		id := models.UserID(fmt.Sprintf("UORG%02d", i))
		busy.Organizers = append(busy.Organizers, models.Progress{ID: id, Held: 25 - i})
		if i != 3 { // one without a name in Slack
			names[id] = fmt.Sprintf("Organizer %d", i)
		}
	}
	names["UORG00"] = "Alex " + goldenHostile
	for i := range digestNewcomers {
		busy.Newcomers = append(busy.Newcomers, models.Member{ID: models.UserID(fmt.Sprintf("UNEW%02d", i)), Name: fmt.Sprintf("Newcomer %d", i), JoinedAt: &joined})
	}
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "digest_quiet", msg: goldenMsg(digestView(l, &models.Digest{Now: goldenNow}, nil)), check: goldenExpect{noMentions: true}},
			{name: "digest_small", msg: goldenMsg(digestView(l, small, map[models.UserID]string{"UALEX": "Alex"})), check: goldenExpect{escaped: true, noMentions: true}},
			{name: "digest_busy", msg: goldenMsg(digestView(l, busy, names)), check: goldenExpect{escaped: true, noMentions: true}},
			{name: "digest_counts_only", msg: goldenMsg(digestView(l, counts, nil)), check: goldenExpect{noMentions: true}},
		}
	})
}

// goldenCovered names every builder in views_*.go that has golden cases
// above. A new builder fails TestGoldenCoversEveryBuilder until it has
// some.
var goldenCovered = []string{
	"helpView",
	"inviteView", "requesterCopyView", "requestSentReply", "pendingReply", "reverseReply",
	"scheduledView", "closedView", "declinedNote", "cancelledNote", "nudgeInviteeView",
	"scheduleModal", "declineModal", "requestModal",
	"reflectModal", "reflectionSavedView", "leadsAddedView",
	"listView",
	"listBlocks", // through listView and homeView
	"goalReply", "planReply",
	"goalBlocks", // through goalReply and homeView
	"planBlocks", // through planReply and homeView
	"homeView",
	"myReflectionsBlocks", // through homeView
	"digestView",
	"teamModal",
	"reflectionReadView",
	"forgetConfirm", "forgetPersonConfirm",
	"forgetDialog", // through forgetConfirm and forgetPersonConfirm
	"optedOutNote", "withdrawnView",
	"loadingModal",
	"settingsModal",
	"digestNamesInput", // through settingsModal
}
