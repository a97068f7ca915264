package bot

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// The builders of issue tags, the short reflection and a person's story
// that other goldens cover.
func init() {
	goldenCovered = append(goldenCovered,
		"reflectTagsInput",     // through reflectModal
		"reflectionTagsBlocks", // through reflectionReadView
		"tagCountsBlocks",      // through teamModal
		"issueTagsInput",       // through settingsModal
		"rosterFieldsInput",    // through settingsModal
		"personCard", "pickPersonReply",
	)
}

func TestGoldenStory(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	march := time.Date(2026, 1, 13, 18, 0, 0, 0, time.UTC)
	ended := time.Date(2026, 1, 20, 18, 0, 0, 0, time.UTC)
	maria := models.Person{ID: 7, Name: "Maria " + goldenHostile, SlackID: "UMARIA", Site: "Ward 3", Shift: "Nights & " + goldenHostile}
	first := models.OneToOne{ID: 41, RequesterID: "UALEX", Status: models.StatusReflected, HeldAt: &march}
	second := models.OneToOne{ID: 42, RequesterID: "USAM", InviteeID: "UMARIA", Status: models.StatusReflected, HeldAt: &goldenHeld}
	asked := models.OneToOne{ID: 43, RequesterID: "UMARIA", InviteeID: "UKIM", Status: models.StatusRequested, RequestedAt: goldenAsked}
	full := &models.Story{
		Person:  maria,
		Current: &models.Assignment{OrganizerID: "USAM", AssignedBy: "UROBIN", CreatedAt: ended, Note: "She asked about nights " + goldenHostile},
		Meetings: []models.StoryMeeting{
			{OneToOne: asked, Organizer: "UKIM", At: goldenAsked},
			{OneToOne: second, Organizer: "USAM", At: goldenHeld, Rating: 4, Readable: true},
			{OneToOne: first, Organizer: "UALEX", At: march, Rating: 2, Readable: true},
		},
		Ladder: []models.LadderPoint{{At: march, Rating: 2, By: "UALEX"}, {At: goldenHeld, Rating: 4, By: "USAM"}},
		Tags:   []models.TagCount{{Tag: "Wages", N: 2}, {Tag: "Safety & " + goldenHostile, N: 1}},
	}
	full.Assignments = []models.Assignment{*full.Current,
		{OrganizerID: "UALEX", AssignedBy: "UROBIN", CreatedAt: march, EndedAt: &ended, EndReason: models.AssignmentHandedOn}}
	// What an organizer who met her once sees: their own rating only.
	theirs := &models.Story{Person: maria, Meetings: []models.StoryMeeting{{OneToOne: first, Organizer: "UALEX", At: march, Rating: 2, Readable: true}, {OneToOne: second, Organizer: "USAM", At: goldenHeld}},
		Ladder: []models.LadderPoint{{At: march, Rating: 2, By: "UALEX"}}}
	nobody := &models.Story{Person: models.Person{ID: 8, Name: "Dana"}}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		ladder := defaultLadder(l)
		fields := rosterFields(l, models.Settings{})
		return []goldenModalCase{
			{name: "person_card_coordinator", view: personCard(l, full, fields, ladder, true, ny), check: goldenExpect{escaped: true}},
			{name: "person_card_organizer", view: personCard(l, theirs, [3]string{"Ward", "Unit", "Shift"}, ladder, false, ny), check: goldenExpect{escaped: true}},
			{name: "person_card_not_met", view: personCard(l, nobody, fields, ladder, true, ny)},
		}
	})
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		two := []models.Person{maria, {ID: 9, Name: "maria " + goldenHostile, Department: "Kitchen"}}
		return []goldenMessageCase{
			{name: "person_pick", msg: goldenReply(pickPersonReply(l, two, rosterFields(l, models.Settings{}))), check: goldenExpect{escaped: true}},
		}
	})
}
