package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdGroup is `/one-to-one group`: the groups the member is in, the
// current one marked; `group NAME` makes NAME the group they act in from
// then on. A name that is of no use is answered kindly, and nothing changes.
func (b *Bot) cmdGroup(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	m, err := b.member(ctx, me) // stores them: their choice needs their row
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	mine, err := b.store.GroupsOf(ctx, b.teamFor(ctx), me)
	if err != nil {
		return nil, err
	}
	cur, err := b.store.CurrentGroup(ctx, b.teamFor(ctx), me)
	if err != nil {
		return nil, err
	}
	typed := typedGroup(c)
	if typed == "" {
		can, err := b.groupPowersOf(ctx, m.ID, cur)
		if err != nil {
			return nil, err
		}
		return groupsReply(l, mine, cur.ID, b.command, can), nil
	}
	to := findGroup(mine, typed)
	switch {
	case to == nil:
		all, err := b.store.Groups(ctx, b.teamFor(ctx))
		if err != nil {
			return nil, err
		}
		if other := findGroup(all, typed); other != nil {
			return groupSwitchReply(l, groupNotMember, typed, other, mine, b.command), nil
		}
		return groupSwitchReply(l, groupUnknown, typed, nil, mine, b.command), nil
	case to.ID == cur.ID:
		return groupSwitchReply(l, groupAlready, typed, to, mine, b.command), nil
	}
	if err := b.store.SetCurrentGroup(ctx, b.teamFor(ctx), me, to.ID); err != nil {
		return nil, err
	}
	b.log.Info("group switched", "user", me, "group", to.ID)
	b.refreshHome(ctx, me)
	return groupSwitchReply(l, groupSwitched, typed, to, mine, b.command), nil
}

// actChooseGroup is Home's group menu: the member acts in the group they
// picked from then on, and Home is drawn again for it. Home is redrawn
// even when the choice is refused, so the menu shows the truth again.
func (b *Bot) actChooseGroup(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	defer b.refreshHome(ctx, me)
	g, err := models.ParseGroupID(act.SelectedOption.Value)
	if err != nil {
		return errStale
	}
	if _, err := b.member(ctx, me); err != nil {
		return err
	}
	if err := b.store.SetCurrentGroup(ctx, b.teamFor(ctx), me, g); err != nil {
		return err
	}
	b.log.Info("group switched", "user", me, "group", g)
	return nil
}

// homeGroups are the groups of a member, for Home to show a member of
// several which one it shows. On a failure Home is drawn without the menu
// rather than not at all.
func (b *Bot) homeGroups(ctx context.Context, me models.UserID) []models.Group {
	mine, err := b.store.GroupsOf(ctx, b.teamFor(ctx), me)
	if err != nil {
		b.log.Warn("home without the group menu", "user", me, "err", err)
		return nil
	}
	return mine
}

// groupPowersOf are the group buttons user may press while acting in
// group cur.
func (b *Bot) groupPowersOf(ctx context.Context, user models.UserID, cur *models.Group) (groupPowers, error) {
	var can groupPowers
	var err error
	if can.Create, err = b.mayCreateGroups(ctx, user); err != nil || cur.IsDefault {
		return can, err
	}
	manage, err := b.mayManageMembers(ctx, cur, user)
	if manage {
		can.Members = cur
	}
	return can, err
}

// settingsWithGroups is the settings modal v, opened by user for the
// settings of group id, with the groups' part at its end: whose settings
// these are, and the buttons user may press.
func (b *Bot) settingsWithGroups(ctx context.Context, l catalog.Lang, user models.UserID, id models.GroupID, v slack.ModalViewRequest) (slack.ModalViewRequest, error) {
	g, err := b.store.GroupByID(ctx, id)
	if err != nil {
		return v, err
	}
	all, err := b.store.Groups(ctx, b.teamFor(ctx))
	if err != nil {
		return v, err
	}
	can, err := b.groupPowersOf(ctx, user, g)
	if err != nil {
		return v, err
	}
	return withGroupsSettings(v, groupsSettings(l, *g, len(all), can)), nil
}

// asker is user as the group rules in models read them
// (models.Store.MayCreateGroups): with the role they hold in the
// workspace's default group, the environment's first coordinators
// counted while they count.
func (b *Bot) asker(ctx context.Context, user models.UserID) (*models.Member, error) {
	def, err := b.store.DefaultGroup(ctx, b.teamFor(ctx))
	if err != nil {
		return nil, err
	}
	st := b.store.In(def.ID)
	m, err := st.Member(ctx, user)
	if models.ErrorCode(err) == models.ENOTFOUND {
		m, err = &models.Member{ID: user}, nil
	}
	if err != nil {
		return nil, err
	}
	return b.withBootstrap(ctx, st, true, m)
}

// mayCreateGroups reports whether user may create groups (models'
// rule: the default group's coordinators).
func (b *Bot) mayCreateGroups(ctx context.Context, user models.UserID) (bool, error) {
	a, err := b.asker(ctx, user)
	if err != nil {
		return false, err
	}
	return b.store.MayCreateGroups(ctx, b.teamFor(ctx), a)
}

// mayManageMembers reports whether user may choose g's members (models'
// rule: its coordinators, and the default group's).
func (b *Bot) mayManageMembers(ctx context.Context, g *models.Group, user models.UserID) (bool, error) {
	a, err := b.asker(ctx, user)
	if err != nil {
		return false, err
	}
	return b.store.MayManageMembers(ctx, g, a)
}

// pushOrOpen shows v on top of the modal the click came from, or opens it
// when the click came from a message or Home.
func (b *Bot) pushOrOpen(ctx context.Context, cb *slack.InteractionCallback, v slack.ModalViewRequest) error {
	if cb.View.Type != slack.VTModal {
		return b.openModal(ctx, cb.TriggerID, v)
	}
	_, err := b.slack.PushViewContext(ctx, cb.TriggerID, v)
	b.metrics.slackCall("views.push", err)
	return err
}

// actCreateGroup opens the form of a new group, for a coordinator of the
// default group.
func (b *Bot) actCreateGroup(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	m, err := b.member(ctx, me)
	if err != nil {
		return err
	}
	if ok, err := b.mayCreateGroups(ctx, me); err != nil || !ok {
		return orRefuse(err, userError(models.EUNAUTHORIZED, "group.err_create_only", nil))
	}
	return b.pushOrOpen(ctx, cb, groupCreateModal(b.langOfMember(ctx, m), me))
}

// orRefuse is err when there is one, else refusal: a check that failed
// says why, one that said no says no kindly.
func orRefuse(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// submitCreateGroup creates the group with its first coordinators, who
// become its members too. A name taken or unusable, or a bot among the
// coordinators, keeps the form open with what was typed and the reason
// beside the field.
func (b *Bot) submitCreateGroup(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	me := models.UserID(cb.User.ID)
	m, err := b.member(ctx, me)
	if err != nil {
		return nil, err
	}
	if ok, err := b.mayCreateGroups(ctx, me); err != nil || !ok {
		return nil, orRefuse(err, userError(models.EUNAUTHORIZED, "group.err_create_only", nil))
	}
	l := b.langOfMember(ctx, m)
	fail := func(field, id string) (*slack.ViewSubmissionResponse, error) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{field: catalog.T(l, id, nil)}), nil
	}
	coords, bad, err := b.people(ctx, stateOf(cb, fieldGroupCoordinators).SelectedUsers)
	switch {
	case err != nil:
		return nil, &models.FieldError{Field: fieldGroupCoordinators, Err: asError(err)}
	case bad:
		return fail(fieldGroupCoordinators, "group.err_bot")
	case len(coords) == 0:
		return fail(fieldGroupCoordinators, "group.err_no_coordinator")
	}
	// Created without the creator: they coordinate it only if they
	// chose themselves.
	a, err := b.asker(ctx, me)
	if err != nil {
		return nil, err
	}
	g, err := b.store.StartGroup(ctx, b.teamFor(ctx), a, stateOf(cb, fieldGroupName).Value, coords)
	switch models.ErrorCode(err) {
	case "":
	case models.ECONFLICT:
		return fail(fieldGroupName, "group.err_name_taken")
	case models.EINVALID:
		return fail(fieldGroupName, "group.err_name")
	default:
		return nil, err
	}
	b.log.Info("group created", "user", me, "group", g.ID)
	b.refreshHome(ctx, coords...)
	return slack.NewUpdateViewSubmissionResponse(ptr(groupCreatedView(l, *g, coords, b.command))), nil
}

// people reads the members picked in a users menu, storing those the bot
// did not know yet; bad reports a bot or a deactivated account among them.
func (b *Bot) people(ctx context.Context, picked []string) (ids []models.UserID, bad bool, err error) {
	for _, u := range picked {
		m, err := b.member(ctx, models.UserID(u))
		if err != nil {
			return nil, false, err
		}
		if m.IsBot || m.Deleted {
			return nil, true, nil
		}
		ids = append(ids, m.ID)
	}
	return ids, false, nil
}

// actGroupMembers opens the members of a group for one of its
// coordinators (or the default group's).
func (b *Bot) actGroupMembers(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	g, err := models.ParseGroupID(act.Value)
	if err != nil {
		return errStale
	}
	m, grp, err := b.membersManager(ctx, models.UserID(cb.User.ID), g)
	if err != nil {
		return err
	}
	ms, err := b.store.GroupMembers(ctx, g)
	if err != nil {
		return err
	}
	var ids []models.UserID
	for _, x := range ms {
		ids = append(ids, x.ID)
	}
	return b.pushOrOpen(ctx, cb, groupMembersModal(b.langOfMember(ctx, m), *grp, ids))
}

// membersManager returns user and group g when user may choose g's
// members, else a kind refusal. The default group holds everyone: its
// members are not chosen.
func (b *Bot) membersManager(ctx context.Context, user models.UserID, g models.GroupID) (*models.Member, *models.Group, error) {
	m, err := b.member(ctx, user)
	if err != nil {
		return nil, nil, err
	}
	grp, err := b.store.GroupByID(ctx, g)
	if err != nil || grp.TeamID != b.teamFor(ctx) || grp.IsDefault {
		return nil, nil, orRefuse(err, errStale)
	}
	if ok, err := b.mayManageMembers(ctx, grp, user); err != nil || !ok {
		return nil, nil, orRefuse(err, userError(models.EUNAUTHORIZED, "group.err_members_only", nil))
	}
	return m, grp, nil
}

// submitGroupMembers saves who is in a group: those added join it, those
// left out leave it. Its coordinators stay: the form says so beside the
// field and keeps what was picked.
func (b *Bot) submitGroupMembers(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	g, err := models.ParseGroupID(cb.View.PrivateMetadata)
	if err != nil {
		return nil, errStale
	}
	m, grp, err := b.membersManager(ctx, models.UserID(cb.User.ID), g)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	picked, bad, err := b.people(ctx, stateOf(cb, fieldGroupMembers).SelectedUsers)
	switch {
	case err != nil:
		return nil, &models.FieldError{Field: fieldGroupMembers, Err: asError(err)}
	case bad:
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldGroupMembers: catalog.T(l, "group.err_bot", nil)}), nil
	}
	a, err := b.asker(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	added, removed, err := b.store.SetGroupMembers(ctx, a, g, picked)
	var stay *models.CoordinatorsStay
	if errors.As(err, &stay) {
		var who []string
		for _, id := range stay.IDs {
			who = append(who, mention(string(id)))
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldGroupMembers: catalog.T(l, "group.err_coordinator_removed", map[string]any{"People": catalog.And(l, who)})}), nil
	}
	if err != nil {
		return nil, err
	}
	b.log.Info("group members saved", "user", m.ID, "group", g, "added", len(added), "removed", len(removed))
	b.refreshHome(ctx, append(added, removed...)...)
	return slack.NewUpdateViewSubmissionResponse(ptr(groupMembersSavedView(l, *grp, added, removed, b.command))), nil
}

// typedGroup is the group name after `/one-to-one group`, quoted or not:
// `group Tenants' committee` and `group "Tenants' committee"` name the same
// group. "" when nothing follows.
func typedGroup(c command) string {
	parts := append(append([]string{}, c.Names...), c.Words...)
	parts = append(parts, c.Bare...)
	for _, u := range c.Users {
		parts = append(parts, mention(string(u)))
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// sameGroupName compares group names as people type them: case and runs
// of spaces don't matter, as the store's name_key ignores case.
func sameGroupName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// findGroup is the group of groups that typed names, or nil. A default
// group without a name of its own answers to its name in every language
// the bot speaks ("Everyone in the workspace", "Todo el espacio de
// trabajo").
func findGroup(groups []models.Group, typed string) *models.Group {
	for i, g := range groups {
		if g.Name != "" && sameGroupName(g.Name, typed) {
			return &groups[i]
		}
		if g.Name == "" {
			for _, l := range catalog.Langs() {
				if sameGroupName(groupName(l, g), typed) {
					return &groups[i]
				}
			}
		}
	}
	return nil
}
