package bot

import (
	"slices"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The ids of the groups' menu, buttons and modals (see ids.go for why they
// are stable). They live here, with the views of groups, so the groups
// capability is one pair of files.
const (
	// actChooseGroup is Home's group menu, in the block blockGroup: a
	// member of several groups switches the one they act in.
	actChooseGroup = "choose_group"
	blockGroup     = "group"
	// actCreateGroup and actGroupMembers are the settings modal's buttons:
	// a new group, and the members of the group being set.
	actCreateGroup  = "create_group"
	actGroupMembers = "group_members"

	viewGroupCreate  = "group_create"
	viewGroupMembers = "group_members"

	// The group modals' inputs, by block id (also their action id).
	fieldGroupName         = "group_name"
	fieldGroupCoordinators = "group_coordinators"
	fieldGroupMembers      = "group_members"
)

// Slack's limits on a static menu (docs/slack.md): a group's name, up to
// models.MaxGroupName long, shows at most optionTextMax of it, and a menu
// offers at most groupsInMenu groups.
const (
	optionTextMax = 75
	groupsInMenu  = 100
)

// groupName is how l names g: its own name, or for a workspace's default
// group that has none, the catalog's words for everyone in the workspace.
// It is plain text: escape it (esc) before putting it in mrkdwn.
func groupName(l catalog.Lang, g models.Group) string {
	if g.Name == "" {
		return catalog.T(l, "group.default_name", nil)
	}
	return g.Name
}

// groupNames lists groups by name in l, bold and escaped, for mrkdwn.
func groupNames(l catalog.Lang, groups []models.Group) string {
	var names []string
	for _, g := range groups {
		names = append(names, "*"+esc(groupName(l, g))+"*")
	}
	return catalog.And(l, names)
}

// groupPowers are the group buttons a member may press where their
// groups are listed: Create a group (a coordinator of the default group),
// and choose the members of Members (one of its coordinators; nil when
// they coordinate no group with chosen members).
type groupPowers struct {
	Create  bool
	Members *models.Group
}

// groupsReply answers `/one-to-one group`, in l: the groups the member is
// in, the current one marked, and how to switch. Someone in one group
// hears which it is, and that there is nothing to choose. Coordinators get
// the buttons of what they may do (can).
func groupsReply(l catalog.Lang, mine []models.Group, current models.GroupID, command string, can groupPowers) *reply {
	cmd := map[string]any{"Command": command}
	var text string
	if len(mine) < 2 {
		name := catalog.T(l, "group.default_name", nil)
		if len(mine) == 1 {
			name = groupName(l, mine[0])
		}
		text = catalog.T(l, "group.only_one", map[string]any{"Command": command, "Name": esc(name)})
	} else {
		text = catalog.T(l, "group.list_head", nil)
		for _, g := range mine {
			id := "group.list_other"
			if g.ID == current {
				id = "group.list_current"
			}
			text += "\n" + catalog.T(l, id, map[string]any{"Name": esc(groupName(l, g))})
		}
		text += "\n\n" + catalog.T(l, "group.list_switch", cmd)
	}
	r := &reply{Text: text}
	if buttons := groupButtons(l, can); len(buttons) > 0 {
		r.Blocks = []slack.Block{section(text), actions("groups", buttons...)}
	}
	return r
}

// groupButtons are the buttons of what a coordinator may do with groups,
// in l: choose the members of can.Members, create a group.
func groupButtons(l catalog.Lang, can groupPowers) []slack.BlockElement {
	var buttons []slack.BlockElement
	if g := can.Members; g != nil && !g.IsDefault {
		label := catalog.T(l, "group.members_of", map[string]any{"Name": truncate(groupName(l, *g), 40)})
		buttons = append(buttons, slack.NewButtonBlockElement(actGroupMembers, g.ID.String(), plain(label)))
	}
	if can.Create {
		buttons = append(buttons, slack.NewButtonBlockElement(actCreateGroup, "new", plain(catalog.T(l, "group.create_button", nil))))
	}
	return buttons
}

// groupSwitch is what became of `/one-to-one group NAME`.
type groupSwitch int

const (
	groupSwitched  groupSwitch = iota // now in the group asked for
	groupAlready                      // already in it: nothing changed
	groupUnknown                      // no group has that name
	groupNotMember                    // a group of the workspace they are not in
)

// groupSwitchReply answers `/one-to-one group NAME`, in l. typed is the
// name as the person wrote it, to is the group it names (nil when none
// does) and mine the groups they may switch to, listed when the name was
// of no use.
func groupSwitchReply(l catalog.Lang, outcome groupSwitch, typed string, to *models.Group, mine []models.Group, command string) *reply {
	data := map[string]any{"Command": command, "Groups": groupNames(l, mine), "Typed": esc(truncate(typed, models.MaxGroupName))}
	if to != nil {
		data["Name"] = esc(groupName(l, *to))
	}
	id := map[groupSwitch]string{
		groupSwitched:  "group.switched",
		groupAlready:   "group.already",
		groupUnknown:   "group.unknown",
		groupNotMember: "group.not_member",
	}[outcome]
	return &reply{Text: catalog.T(l, id, data)}
}

// groupMenu is the top of Home for a member of several groups, in l: which
// group Home shows, with a menu to switch (actChooseGroup). A member of one
// group gets nothing: groups stay out of the way of those who have no
// choice to make. At most groupsInMenu groups are offered, the current one
// always among them.
func groupMenu(l catalog.Lang, mine []models.Group, current models.GroupID) []slack.Block {
	if len(mine) < 2 {
		return nil
	}
	shown := mine
	if len(mine) > groupsInMenu {
		shown = slices.Clone(mine[:groupsInMenu])
		if i := slices.IndexFunc(mine, func(g models.Group) bool { return g.ID == current }); i >= groupsInMenu {
			shown[groupsInMenu-1] = mine[i]
		}
	}
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	var name string
	for _, g := range shown {
		opt := slack.NewOptionBlockObject(g.ID.String(), plain(truncate(groupName(l, g), optionTextMax)), nil)
		if g.ID == current {
			initial, name = opt, groupName(l, g)
		}
		opts = append(opts, opt)
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "group.choose", nil)), actChooseGroup, opts...)
	sel.InitialOption = initial
	s := slack.NewSectionBlock(mdText(catalog.T(l, "group.home_showing", map[string]any{"Name": esc(name)})), nil, slack.NewAccessory(sel))
	s.BlockID = blockGroup
	return []slack.Block{s}
}

// groupsSettings is what the settings modal adds about groups, in l: whose
// settings these are (g's) when the workspace has several groups, and the
// buttons of what the reader may do (can; the default group holds
// everyone, so it has no members to choose).
func groupsSettings(l catalog.Lang, g models.Group, groups int, can groupPowers) []slack.Block {
	name := map[string]any{"Name": esc(groupName(l, g))}
	text := catalog.T(l, "group.settings_one", nil)
	if groups > 1 {
		text = catalog.T(l, "group.settings_of", name)
	}
	blocks := []slack.Block{slack.NewDividerBlock(), header(catalog.T(l, "group.settings_title", nil)), section(text)}
	buttons := groupButtons(l, can)
	if len(buttons) > 0 {
		blocks = append(blocks, actions("groups", buttons...))
	}
	return blocks
}

// groupCreateModal asks a coordinator of the default group, in l, for a new
// group's name and first coordinators, the creator me among them to begin
// with.
func groupCreateModal(l catalog.Lang, me models.UserID) slack.ModalViewRequest {
	t := func(id string) string { return catalog.T(l, id, nil) }
	coords := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain(t("common.choose_people")), fieldGroupCoordinators)
	coords.InitialUsers = []string{string(me)}
	coordIn := slack.NewInputBlock(fieldGroupCoordinators, plain(t("group.create_coordinators")), plain(t("group.create_coordinators_hint")), coords)
	return modal(l, viewGroupCreate, t("group.create_title"), t("group.create_submit"), "",
		section(t("group.create_intro")),
		textInput(inputField{ID: fieldGroupName, Label: t("group.create_name"), Placeholder: t("group.create_name_placeholder"), Hint: t("group.create_name_hint"), MaxLen: models.MaxGroupName}),
		coordIn,
	)
}

// groupCreatedView replaces the create modal once g exists, in l: who
// coordinates it, how members come in and switch to it, and a button to
// choose them now.
func groupCreatedView(l catalog.Lang, g models.Group, coordinators []models.UserID, command string) slack.ModalViewRequest {
	var who []string
	for _, id := range coordinators {
		who = append(who, mention(string(id)))
	}
	text := catalog.T(l, "group.created", map[string]any{"Name": esc(groupName(l, g)), "Coordinators": catalog.And(l, who), "Command": command})
	s := section(text)
	s.Accessory = slack.NewAccessory(slack.NewButtonBlockElement(actGroupMembers, g.ID.String(), plain(catalog.T(l, "group.members_choose", nil))))
	return modal(l, viewGroupCreate, catalog.T(l, "group.created_title", nil), "", "", s)
}

// groupMembersModal lets g's coordinators choose its members, in l,
// starting from those it has. The group's id travels in private_metadata.
func groupMembersModal(l catalog.Lang, g models.Group, members []models.UserID) slack.ModalViewRequest {
	t := func(id string) string { return catalog.T(l, id, nil) }
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain(t("common.choose_people")), fieldGroupMembers)
	for _, id := range members {
		sel.InitialUsers = append(sel.InitialUsers, string(id))
	}
	in := slack.NewInputBlock(fieldGroupMembers, plain(t("group.members_label")), plain(t("group.members_hint")), sel)
	in.Optional = true
	intro := catalog.T(l, "group.members_intro", map[string]any{"Name": esc(groupName(l, g))})
	return modal(l, viewGroupMembers, t("group.members_title"), t("common.save"), g.ID.String(), section(intro), in)
}

// groupMembersSavedView replaces the members modal once saved, in l: who
// came in and who left g.
func groupMembersSavedView(l catalog.Lang, g models.Group, added, removed []models.UserID, command string) slack.ModalViewRequest {
	mentions := func(ids []models.UserID) string {
		var out []string
		for _, id := range ids {
			out = append(out, mention(string(id)))
		}
		return catalog.And(l, out)
	}
	name := esc(groupName(l, g))
	var blocks []slack.Block
	if len(added) > 0 {
		blocks = append(blocks, section(catalog.T(l, "group.members_added", map[string]any{"Name": name, "People": mentions(added), "Command": command})))
	}
	if len(removed) > 0 {
		blocks = append(blocks, section(catalog.T(l, "group.members_removed", map[string]any{"Name": name, "People": mentions(removed)})))
	}
	if len(blocks) == 0 {
		blocks = append(blocks, section(catalog.T(l, "group.members_unchanged", map[string]any{"Name": name})))
	}
	return modal(l, viewGroupMembers, catalog.T(l, "group.members_title", nil), "", "", blocks...)
}

// withGroupsSettings is the settings modal v with the groups' part
// (groupsSettings) at its end, after the group's own choices.
func withGroupsSettings(v slack.ModalViewRequest, groups []slack.Block) slack.ModalViewRequest {
	v.Blocks.BlockSet = append(slices.Clone(v.Blocks.BlockSet), groups...)
	return v
}
