package models

import (
	"context"

	"gorm.io/gorm"
)

// Plan entry statuses, derived from the one-to-ones between the owner and
// the person: the list moves along by itself as people ask and meet.
const (
	PlanNotAsked  = "not asked"
	PlanRequested = "requested"
	PlanScheduled = "scheduled"
	PlanMet       = "met"
	PlanNotNow    = "not now"
)

// PlanItem is a list entry with where it stands.
type PlanItem struct {
	PlanEntry
	Status     string
	OneToOneID OneToOneID // the latest one-to-one with them, 0 if none
}

// PlanOutcome says what happened to one person asked to be added.
type PlanOutcome struct {
	Entry  PlanEntry
	Reason string // "" when added
	// ReasonID names Reason in the bot's catalog, so it is said in the
	// reader's language (Error.Msg); "" for a reason the bot wrote.
	ReasonID string
}

// AddToPlan adds people to the owner's list of ten. Each entry that can't
// be added comes back with the reason, in words for the owner.
func (s *Store) AddToPlan(ctx context.Context, owner UserID, entries []PlanEntry) ([]PlanOutcome, error) {
	g, err := s.scope("add to plan")
	if err != nil {
		return nil, err
	}
	out := make([]PlanOutcome, 0, len(entries))
	err = s.tx(ctx, func(tx *gorm.DB) error {
		out = out[:0]
		var open []PlanEntry
		if err := tx.Where("group_id = ? AND owner_id = ? AND removed_at IS NULL", g, owner).Find(&open).Error; err != nil {
			return err
		}
		for _, e := range entries {
			e.GroupID, e.OwnerID, e.AddedAt = g, owner, s.now()
			switch {
			case onPlan(open, e):
				out = append(out, PlanOutcome{Entry: e, Reason: "already on your list", ReasonID: "plan.already_listed"})
			case len(open) >= MaxPlanEntries:
				out = append(out, PlanOutcome{Entry: e, Reason: "your list already has 10 people", ReasonID: "plan.list_full"})
			default:
				if e.InviteeID == "" {
					p, err := personTx(tx, g, owner, e.Name)
					if err != nil {
						return err
					}
					e.PersonID = &p.ID
				}
				if err := tx.Create(&e).Error; err != nil {
					return err
				}
				open = append(open, e)
				out = append(out, PlanOutcome{Entry: e})
			}
		}
		return nil
	})
	return out, translate("add to plan", err)
}

func onPlan(open []PlanEntry, e PlanEntry) bool {
	for _, o := range open {
		if (e.InviteeID != "" && o.InviteeID == e.InviteeID) || (e.InviteeID == "" && o.InviteeID == "" && NameKey(o.Name) == NameKey(e.Name)) {
			return true
		}
	}
	return false
}

// RemoveFromPlan takes a Slack member or a named person off the list. It
// reports whether anyone was removed.
func (s *Store) RemoveFromPlan(ctx context.Context, owner, invitee UserID, name string) (bool, error) {
	g, err := s.scope("remove from plan")
	if err != nil {
		return false, err
	}
	q := s.conn(ctx).Model(&PlanEntry{}).Where("group_id = ? AND owner_id = ? AND removed_at IS NULL", g, owner)
	if invitee != "" {
		q = q.Where("invitee_id = ?", invitee)
	} else {
		q = q.Where("invitee_id = '' AND (LOWER(name) = LOWER(?) OR person_id IN (SELECT id FROM people WHERE group_id = ? AND owner_id IN (?, '') AND name_key = ?))", name, g, owner, NameKey(name))
	}
	res := q.Update("removed_at", s.now())
	return res.RowsAffected > 0, translate("remove from plan", res.Error)
}

// Plan returns the owner's open list, oldest first, each with its status.
func (s *Store) Plan(ctx context.Context, owner UserID) ([]PlanItem, error) {
	db, _, err := s.gconn(ctx, "plan")
	if err != nil {
		return nil, err
	}
	var entries []PlanEntry
	if err := db.Where("owner_id = ? AND removed_at IS NULL", owner).Order("added_at, id").Find(&entries).Error; err != nil {
		return nil, translate("plan", err)
	}
	if len(entries) == 0 {
		return nil, nil
	}
	// Only the one-to-ones with people on the list: at most ten people,
	// however long the owner's history (BENCHMARKS.md §3).
	var users []UserID
	var people []PersonID
	for _, e := range entries {
		if e.InviteeID != "" {
			users = append(users, e.InviteeID)
		} else if e.PersonID != nil {
			people = append(people, *e.PersonID)
		}
	}
	var os []OneToOne
	db, _, _ = s.gconn(ctx, "plan")
	err = db.Where(
		"(requester_id = ? AND invitee_id IN ?) OR (invitee_id = ? AND requester_id IN ?) OR (requester_id = ? AND person_id IN ?)",
		owner, append(users, ""), owner, append(users, ""), owner, append(people, 0)).Order("id").Find(&os).Error
	if err != nil {
		return nil, translate("plan one-to-ones", err)
	}
	items := make([]PlanItem, len(entries))
	for i, e := range entries {
		items[i] = PlanItem{PlanEntry: e, Status: PlanNotAsked}
		for _, o := range os { // ascending id: the latest wins
			if !entryMatches(e, o, owner) {
				continue
			}
			items[i].OneToOneID = o.ID
			items[i].Status = planStatus(o.Status)
		}
	}
	return items, nil
}

func entryMatches(e PlanEntry, o OneToOne, owner UserID) bool {
	if e.InviteeID != "" {
		return o.Involves(e.InviteeID) && o.Involves(owner)
	}
	return e.PersonID != nil && o.PersonID != nil && *e.PersonID == *o.PersonID
}

func planStatus(st Status) string {
	switch st {
	case StatusRequested:
		return PlanRequested
	case StatusScheduled:
		return PlanScheduled
	case StatusHeld, StatusReflected:
		return PlanMet
	case StatusDeclined:
		return PlanNotNow
	}
	return PlanNotAsked
}
