package bot

import (
	"fmt"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func TestGoldenTeam(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	sched := goldenScheduled()
	held := goldenWith(goldenRequest(), func(o *models.OneToOne) {
		o.ID, o.Status, o.HeldAt = 43, models.StatusReflected, &goldenAt
	})
	pid := models.PersonID(9)
	outside := goldenWith(goldenRequest(), func(o *models.OneToOne) {
		o.ID, o.InviteeID, o.PersonID, o.Status, o.HeldAt = 44, "", &pid, models.StatusHeld, &goldenAt
	})
	readBy := map[models.OneToOneID][]models.Reader{43: {
		{ID: "UROBIN", Times: 2, Last: goldenHeld, Via: models.ReadOpened},
		{ID: "UKIM", Times: 1, Last: goldenAsked, Via: models.ReadExported},
	}}
	team := &models.Team{
		ByStatus:   map[models.Status]int64{models.StatusRequested: 3, models.StatusScheduled: 1, models.StatusReflected: 1},
		Recent:     []models.OneToOne{*sched, *held, *outside},
		Reflected:  map[models.OneToOneID]bool{43: true},
		ReadBy:     readBy,
		PeopleByID: map[models.PersonID]models.Person{9: {ID: 9, Name: "Dana " + goldenHostile}},
		Unmet:      []models.Member{{ID: "UKIM"}, {ID: "ULEE"}},
		UnmetAll:   30,
		NoGoal:     []models.UserID{"UALEX"},
		Tags:       []models.TagCount{{Tag: "Wages", N: 5}, {Tag: "Safety & " + goldenHostile, N: 2}},
	}
	var busy models.Team = *team
	busy.Recent, busy.RecentAll = nil, 70
	for i := 0; i < 40; i++ {
		o := *sched
		o.ID = models.OneToOneID(100 + i)
		busy.Recent = append(busy.Recent, o)
	}
	r := models.Reflection{OneToOneID: 43, AuthorID: "UALEX", Engagement: 4, Answers: map[string]string{
		"cares": "Her building's heating. " + goldenHostile, "ask": "Come to Thursday's meeting.",
		"self_eval": "I talked too much at first.",
	}, Tags: []string{"Housing", "Safety & " + goldenHostile}}
	readMany := r
	for i := range 7 {
		readMany.Readers = append(readMany.Readers, models.Reader{ID: models.UserID(fmt.Sprintf("UREAD%d", i)), Times: 1 + i%2, Last: goldenHeld, Via: models.ReadOpened})
	}
	readMany.Readers[0].ID, readMany.Readers[1].Via = models.OperatorID, models.ReadExported
	// Sam, who was asked, wrote one of his own.
	followUp := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	theirs := models.Reflection{OneToOneID: 43, AuthorID: "USAM", FollowUpOn: &followUp, Answers: map[string]string{
		"common": "We both moved here for work.", "did_well": "I listened more than I talked.",
	}}
	goal := &models.Goal{UserID: "UALEX", Target: 3, StartsAt: goldenAsked.Add(-time.Hour), EndsAt: goldenAsked.Add(27 * 24 * time.Hour)}
	funnel := &models.Funnel{Now: goldenAsked, Rows: []models.FunnelRow{
		{Organizer: "UALEX", Asked: 5, Scheduled: 3, Held: 2, Reflected: 1, FollowUps: 2, Goal: goal, GoalHeld: 1},
		{Organizer: "UKIM", Asked: 1},
		{Organizer: "ULEE", FollowUps: 1},
	}}
	middle := busy
	middle.RecentFrom = 25
	crowd := &models.Funnel{Now: goldenAsked}
	for i := range 30 {
		crowd.Rows = append(crowd.Rows, models.FunnelRow{Organizer: models.UserID(fmt.Sprintf("UORG%02d", i)), Asked: 30 - i, Held: 1})
	}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "team_empty", view: teamModal(l, &models.Team{ByStatus: map[models.Status]int64{}}, &models.Funnel{}, period4Weeks, ny)},
			{name: "team_typical", view: teamModal(l, team, funnel, period12Weeks, ny), check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld, goldenAsked}}},
			{name: "team_busy", view: teamModal(l, &busy, crowd, periodAll, ny)},
			{name: "team_busy_middle_page", view: teamModal(l, &middle, crowd, period4Weeks, ny)},
			{name: "reflection_read", view: reflectionReadView(l, held, []models.Reflection{r}, DefaultLadder, ny), check: goldenExpect{escaped: true}},
			{name: "reflection_read_both", view: reflectionReadView(l, held, []models.Reflection{r, theirs}, DefaultLadder, ny), check: goldenExpect{escaped: true}},
			{name: "reflection_read_by_many", view: reflectionReadView(l, held, []models.Reflection{readMany}, DefaultLadder, ny), check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld}}},
			{name: "loading", view: loadingModal(l, "team")},
		}
	})
	dana := []models.Person{{ID: 9, OwnerID: "UALEX", Name: "Dana " + goldenHostile}}
	danas := append(dana, models.Person{ID: 12, OwnerID: "UKIM", Name: "dana " + goldenHostile})
	rosterDanas := append(danas, models.Person{ID: 14, Name: "DANA " + goldenHostile, Email: "dana@example.org"})
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "forget_confirm", msg: goldenReply(forgetConfirm(l, "USAM", "/one-to-one"))},
			{name: "forget_person_confirm_own", msg: goldenReply(forgetPersonConfirm(l, dana, "UALEX")), check: goldenExpect{escaped: true}},
			{name: "forget_person_confirm_coordinator", msg: goldenReply(forgetPersonConfirm(l, danas, "UROBIN")), check: goldenExpect{escaped: true}},
			{name: "forget_person_confirm_roster", msg: goldenReply(forgetPersonConfirm(l, rosterDanas, "UROBIN")), check: goldenExpect{escaped: true}},
		}
	})
}

func TestGoldenSettings(t *testing.T) {
	def := models.Settings{Timezone: "America/Chicago", Ladder: DefaultLadder}.WithDefaults()
	custom := def
	custom.DigestChannel, custom.DigestCron, custom.NudgeAfter, custom.ReflectionDelay, custom.Ladder, custom.DigestNames = "C0DIGEST", "*/5 * * * *", 36*time.Hour, 30*time.Minute, []string{"a", "b", "c", "d", "e"}, models.DigestNamesCounts
	custom.UnaskedPerWeek = new(int)
	custom.IssueTags, custom.RosterFields = []string{"Wages", "Safety", "Scheduling"}, []string{"Ward", "Unit", "Shift"}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "settings_defaults", view: settingsModal(l, def, def, nil, false)},
			{name: "settings_custom", view: settingsModal(l, custom, def, []models.UserID{"UROBIN", "USAM"}, true)},
		}
	})
}
