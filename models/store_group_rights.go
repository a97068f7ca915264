package models

import (
	"context"
	"fmt"
	"slices"
)

// Who may shape the groups of a workspace, decided here once: the
// coordinators of its default group create groups and choose any group's
// members; a group's own coordinators choose its members. The bot asks
// these before it opens a form, and the changes below ask again.
//
// asker is the member as read in the workspace's default group, or built
// by hand with the role they hold there (the environment's first
// coordinators count as coordinators until the group saves its list:
// SavedSettings.FirstCoordinatorsCount, which the bot applies).

// MayCreateGroups reports whether asker may create groups in team: a
// coordinator of its default group.
func (s *Store) MayCreateGroups(ctx context.Context, team TeamID, asker *Member) (bool, error) {
	if asker == nil {
		return false, nil
	}
	def, err := s.DefaultGroup(ctx, team)
	if err != nil {
		return false, err
	}
	v, err := s.In(def.ID).viewerIn(ctx, asker)
	if err != nil {
		return false, err
	}
	return v.IsCoordinator(), nil
}

// MayManageMembers reports whether asker may choose g's members: g's
// coordinators and the default group's. Nobody chooses the default
// group's: everyone in the workspace is in it.
func (s *Store) MayManageMembers(ctx context.Context, g *Group, asker *Member) (bool, error) {
	if asker == nil || g.IsDefault {
		return false, nil
	}
	if ok, err := s.In(g.ID).IsCoordinator(ctx, asker.ID); ok || err != nil {
		return ok, err
	}
	return s.MayCreateGroups(ctx, g.TeamID, asker)
}

// StartGroup creates a group in team for asker, who must be allowed to
// (MayCreateGroups), with these members as its first coordinators (they
// become its members too; asker only if among them). EUNAUTHORIZED when
// asker may not, and CreateGroup's errors for the name.
func (s *Store) StartGroup(ctx context.Context, team TeamID, asker *Member, name string, coordinators []UserID) (*Group, error) {
	ok, err := s.MayCreateGroups(ctx, team, asker)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(EUNAUTHORIZED, "Only coordinators of the whole workspace's group can create groups.").Msg("group.err_create_only")
	}
	if len(coordinators) == 0 {
		return nil, &FieldError{Field: "coordinators", Err: Errorf(EINVALID, "Choose at least one coordinator.")}
	}
	g, err := s.CreateGroup(ctx, team, name, "")
	if err != nil {
		return nil, err
	}
	if err := s.In(g.ID).SetCoordinators(ctx, coordinators); err != nil {
		return nil, err
	}
	return g, nil
}

// CoordinatorsStay refuses to take a group's coordinators out of it: they
// coordinate it, so they stay members until its settings name others.
type CoordinatorsStay struct{ IDs []UserID }

func (e *CoordinatorsStay) Error() string {
	return fmt.Sprintf("%d coordinators of the group were left out of its members", len(e.IDs))
}

// SetGroupMembers makes picked the members of group g, for asker, who
// must be allowed to (MayManageMembers): those added join it, those left
// out leave it. It returns who joined and who left. A coordinator left out
// refuses the whole change with *CoordinatorsStay; asker not allowed, with
// EUNAUTHORIZED; the default group, with EINVALID.
func (s *Store) SetGroupMembers(ctx context.Context, asker *Member, g GroupID, picked []UserID) (added, removed []UserID, err error) {
	grp, err := s.GroupByID(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	if grp.IsDefault {
		return nil, nil, errDefaultGroup()
	}
	ok, err := s.MayManageMembers(ctx, grp, asker)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, Errorf(EUNAUTHORIZED, "Only this group's coordinators can choose its members.").Msg("group.err_members_only")
	}
	was, err := s.GroupMembers(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	var stay []UserID
	for _, x := range was {
		if slices.Contains(picked, x.ID) {
			continue
		}
		if x.IsCoordinator() {
			stay = append(stay, x.ID)
		}
		removed = append(removed, x.ID)
	}
	if len(stay) > 0 {
		return nil, nil, &CoordinatorsStay{IDs: stay}
	}
	for _, id := range picked {
		if !slices.ContainsFunc(was, func(x Member) bool { return x.ID == id }) {
			added = append(added, id)
		}
	}
	if err := s.AddGroupMembers(ctx, g, added); err != nil {
		return nil, nil, err
	}
	for _, id := range removed {
		if err := s.RemoveGroupMember(ctx, g, id); err != nil {
			return nil, nil, err
		}
	}
	return added, removed, nil
}
