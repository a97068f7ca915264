package bot

import (
	"fmt"
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func init() {
	goldenCovered = append(goldenCovered,
		"groupsReply", "groupButtons", "groupSwitchReply", "groupMenu", "groupsSettings", "withGroupsSettings",
		"groupCreateModal", "groupCreatedView", "groupMembersModal", "groupMembersSavedView")
}

// goldenGroups are a workspace's default group, without a name of its
// own, and a committee whose name someone typed with hostile words.
func goldenGroups() (everyone, committee models.Group) {
	return models.Group{ID: 1, TeamID: "T1", IsDefault: true},
		models.Group{ID: 7, TeamID: "T1", Name: "Tenants' committee " + goldenHostile}
}

func TestGoldenGroupReplies(t *testing.T) {
	everyone, committee := goldenGroups()
	named := models.Group{ID: 2, TeamID: "T1", Name: "Riverside Union", IsDefault: true}
	both := []models.Group{everyone, committee}
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "group_list_one", msg: goldenReply(groupsReply(l, []models.Group{everyone}, everyone.ID, "/one-to-one", groupPowers{}))},
			{name: "group_list_one_named", msg: goldenReply(groupsReply(l, []models.Group{named}, named.ID, "/one-to-one", groupPowers{Create: true}))},
			{name: "group_list_two", msg: goldenReply(groupsReply(l, both, committee.ID, "/one-to-one", groupPowers{})), check: goldenExpect{escaped: true}},
			// The committee's coordinator, who coordinates the workspace's group too.
			{name: "group_list_coordinator", msg: goldenReply(groupsReply(l, both, committee.ID, "/one-to-one", groupPowers{Create: true, Members: &committee})), check: goldenExpect{escaped: true}},
			{name: "group_switched", msg: goldenReply(groupSwitchReply(l, groupSwitched, "tenants' COMMITTEE", &committee, both, "/one-to-one")), check: goldenExpect{escaped: true}},
			{name: "group_already", msg: goldenReply(groupSwitchReply(l, groupAlready, "everyone in the workspace", &everyone, both, "/one-to-one"))},
			{name: "group_unknown", msg: goldenReply(groupSwitchReply(l, groupUnknown, goldenHostile, nil, both, "/one-to-one")), check: goldenExpect{escaped: true}},
			{name: "group_not_member", msg: goldenReply(groupSwitchReply(l, groupNotMember, "Housing", &models.Group{ID: 9, Name: "Housing"}, []models.Group{everyone}, "/one-to-one"))},
		}
	})
}

func TestGoldenGroupModals(t *testing.T) {
	everyone, committee := goldenGroups()
	def := models.Settings{Timezone: "America/Chicago", Ladder: DefaultLadder}.WithDefaults()
	settings := func(l catalog.Lang, g models.Group, groups int, canCreate, canManage bool) slack.ModalViewRequest {
		can := groupPowers{Create: canCreate}
		if canManage {
			can.Members = &g
		}
		return withGroupsSettings(settingsModal(l, def, def, []models.UserID{"UROBIN"}, true), groupsSettings(l, g, groups, can))
	}
	ny := goldenLoc(t, "America/New_York")
	const me = models.UserID("UALEX")
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			// One group in the workspace: its coordinator may start another.
			{name: "settings_groups_one", view: settings(l, everyone, 1, true, true)},
			// A committee's coordinator chooses its members; creating
			// groups is for the default group's coordinators.
			{name: "settings_groups_committee", view: settings(l, committee, 2, false, true), check: goldenExpect{escaped: true}},
			{name: "settings_groups_committee_both", view: settings(l, committee, 3, true, true), check: goldenExpect{escaped: true}},
			{name: "group_create_modal", view: groupCreateModal(l, me)},
			{name: "group_created", view: groupCreatedView(l, committee, []models.UserID{"UALEX", "UROBIN"}, "/one-to-one"), check: goldenExpect{escaped: true}},
			{name: "group_members_modal", view: groupMembersModal(l, committee, []models.UserID{"UALEX", "USAM", "UKIM"}), check: goldenExpect{escaped: true}},
			{name: "group_members_saved", view: groupMembersSavedView(l, committee, []models.UserID{"UKIM", "ULEE"}, []models.UserID{"USAM"}, "/one-to-one"), check: goldenExpect{escaped: true}},
			{name: "group_members_unchanged", view: groupMembersSavedView(l, committee, nil, nil, "/one-to-one"), check: goldenExpect{escaped: true}},
			// Home of a member of two groups: which it shows, and the menu.
			{name: "home_groups", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: ny, Groups: []models.Group{everyone, committee}, Group: committee.ID}), check: goldenExpect{escaped: true}},
		}
	})
}

// TestGroupMenu: one group shows no menu; past Slack's 100 options the
// menu still offers the group Home shows.
func TestGroupMenu(t *testing.T) {
	everyone, committee := goldenGroups()
	if got := groupMenu(catalog.English, []models.Group{everyone}, everyone.ID); len(got) != 0 {
		t.Errorf("a member of one group sees %d group blocks, want none", len(got))
	}
	many := []models.Group{everyone}
	for i := range 150 {
		many = append(many, models.Group{ID: models.GroupID(100 + i), Name: fmt.Sprintf("Group %03d", i)})
	}
	current := many[140].ID
	blocks := groupMenu(catalog.English, many, current)
	if len(blocks) != 1 {
		t.Fatalf("%d blocks, want the one section", len(blocks))
	}
	sel := blocks[0].(*slack.SectionBlock).Accessory.SelectElement
	if len(sel.Options) != groupsInMenu {
		t.Errorf("%d options, want Slack's %d", len(sel.Options), groupsInMenu)
	}
	if sel.InitialOption == nil || sel.InitialOption.Value != current.String() {
		t.Errorf("the menu does not show the current group %s: %+v", current, sel.InitialOption)
	}
	if err := slacktest.ValidateView(slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}); err != nil {
		t.Error(err)
	}
	if blocks := groupMenu(catalog.English, []models.Group{everyone, committee}, committee.ID); len(blocks) != 1 {
		t.Errorf("two groups: %d blocks, want 1", len(blocks))
	}
}
