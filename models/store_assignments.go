package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Assign hands a person of the roster to organizer, with the coordinator's
// note: only the group's coordinators may (by's role in the store's
// group). The organizer must be in the group, in Slack, and reachable. The
// person's open assignment, if any, ends as handed on; they land on the
// organizer's list of ten, or its waiting list beyond ten; the DM to the
// organizer is stored with the change (Assigned.Delivery).
func (s *Store) Assign(ctx context.Context, by *Member, person PersonID, organizer UserID, note string) (*Assigned, error) {
	g, err := s.scope("assign")
	if err != nil {
		return nil, err
	}
	if err := s.mustCoordinate(ctx, by); err != nil {
		return nil, err
	}
	note = cleanNote(note)
	var out Assigned
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.organizerTx(tx, g, organizer); err != nil {
			return err
		}
		p, err := rosterPersonTx(tx, g, person)
		if err != nil {
			return err
		}
		a, err := s.handTx(tx, g, p, by.ID, organizer, note)
		if err != nil {
			return err
		}
		out.Assignments = []Assignment{*a}
		return s.queueAssignment(tx, &out)
	})
	if err != nil {
		return nil, translate("assign", err)
	}
	return &out, nil
}

// AssignMatching assigns every roster person the filter chooses to
// organizer, with one note and one DM, and returns what it stored; people
// already with organizer are left as they are. EINVALID when nobody
// matches, or more than MaxAssignBatch do. Coordinators only, like Assign.
func (s *Store) AssignMatching(ctx context.Context, by *Member, f AssignFilter, organizer UserID, note string) (*Assigned, error) {
	g, err := s.scope("assign matching")
	if err != nil {
		return nil, err
	}
	if err := s.mustCoordinate(ctx, by); err != nil {
		return nil, err
	}
	note = cleanNote(note)
	var out Assigned
	err = s.tx(ctx, func(tx *gorm.DB) error {
		out = Assigned{}
		if err := s.organizerTx(tx, g, organizer); err != nil {
			return err
		}
		ids, err := matchingTx(tx, g, f, organizer)
		if err != nil {
			return err
		}
		switch {
		case len(ids) == 0:
			return Errorf(EINVALID, "Nobody on the roster matches that, so I assigned nobody.").Msg("assign.err_nobody_matches")
		case len(ids) > MaxAssignBatch:
			return Errorf(EINVALID, "That's %d people; I assign at most %d at once. Narrow it down, say by one shift.", len(ids), MaxAssignBatch).Msg("assign.err_too_many", "Count", len(ids), "Max", MaxAssignBatch)
		}
		for _, id := range ids {
			p, err := rosterPersonTx(tx, g, id)
			if err != nil {
				return err
			}
			a, err := s.handTx(tx, g, p, by.ID, organizer, note)
			if err != nil {
				return err
			}
			out.Assignments = append(out.Assignments, *a)
		}
		return s.queueAssignment(tx, &out)
	})
	if err != nil {
		return nil, translate("assign matching", err)
	}
	return &out, nil
}

// HandBack ends organizer's assignment of person: they go back to the
// coordinators, and off the organizer's list. Only the organizer the
// person is assigned to may.
func (s *Store) HandBack(ctx context.Context, organizer UserID, person PersonID) error {
	g, err := s.scope("hand back")
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		p, err := rosterPersonTx(tx, g, person)
		if err != nil {
			return err
		}
		a, err := openAssignmentTx(tx, p.ID)
		if err != nil {
			return err
		}
		if a == nil || a.OrganizerID != organizer {
			return errNotYours(p.Name)
		}
		return s.endTx(tx, g, a, p, AssignmentHandedBack)
	})
	return translate("hand back", err)
}

// HandOn passes from's person to another organizer, with from's note: the
// same checks as Assign for to, and the DM to them stored with the change.
// Only the organizer the person is assigned to may.
func (s *Store) HandOn(ctx context.Context, from UserID, person PersonID, to UserID, note string) (*Assigned, error) {
	g, err := s.scope("hand on")
	if err != nil {
		return nil, err
	}
	if from == to {
		return nil, Errorf(EINVALID, "They're already yours. To pass them on, choose another organizer.").Msg("assign.err_hand_on_self")
	}
	note = cleanNote(note)
	var out Assigned
	err = s.tx(ctx, func(tx *gorm.DB) error {
		p, err := rosterPersonTx(tx, g, person)
		if err != nil {
			return err
		}
		a, err := openAssignmentTx(tx, p.ID)
		if err != nil {
			return err
		}
		if a == nil || a.OrganizerID != from {
			return errNotYours(p.Name)
		}
		if err := s.organizerTx(tx, g, to); err != nil {
			return err
		}
		na, err := s.handTx(tx, g, p, from, to, note)
		if err != nil {
			return err
		}
		out.Assignments = []Assignment{*na}
		return s.queueAssignment(tx, &out)
	})
	if err != nil {
		return nil, translate("hand on", err)
	}
	return &out, nil
}

// AssignmentsOf returns organizer's open assignments with their people,
// oldest first: the order they move up from the waiting list.
func (s *Store) AssignmentsOf(ctx context.Context, organizer UserID) ([]AssignedPerson, error) {
	db, _, err := s.gconn(ctx, "assignments of")
	if err != nil {
		return nil, err
	}
	var as []Assignment
	if err := db.Where("organizer_id = ? AND ended_at IS NULL", organizer).Order("created_at, id").Find(&as).Error; err != nil {
		return nil, translate("assignments of", err)
	}
	return s.withPeople(ctx, as)
}

// AssignmentsByID returns the assignments with these ids, in the store's
// group, with their people, in id order; ended ones included (Open).
func (s *Store) AssignmentsByID(ctx context.Context, ids []int64) ([]AssignedPerson, error) {
	db, _, err := s.gconn(ctx, "assignments by id")
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var as []Assignment
	if err := db.Where("id IN ?", ids).Order("id").Find(&as).Error; err != nil {
		return nil, translate("assignments by id", err)
	}
	return s.withPeople(ctx, as)
}

// OpenAssignment returns the person's open assignment, or nil.
func (s *Store) OpenAssignment(ctx context.Context, person PersonID) (*Assignment, error) {
	db, _, err := s.gconn(ctx, "open assignment")
	if err != nil {
		return nil, err
	}
	a, err := openAssignmentTx(db, person)
	return a, translate("open assignment", err)
}

// PersonAssignments is the person's story of assignments, oldest first:
// who had them, from when, until when and why it ended.
func (s *Store) PersonAssignments(ctx context.Context, person PersonID) ([]Assignment, error) {
	db, _, err := s.gconn(ctx, "person assignments")
	if err != nil {
		return nil, err
	}
	var as []Assignment
	err = db.Where("person_id = ?", person).Order("created_at, id").Find(&as).Error
	return as, translate("person assignments", err)
}

// RosterEntry returns the roster person with this id in the store's group,
// their notes sealed; ENOTFOUND for anyone else (an organizer's own
// contact included). It is for the assignment flows, which check who asks
// themselves (Assign, HandBack, HandOn); anyone reading a person goes
// through RosterPerson's rule.
func (s *Store) RosterEntry(ctx context.Context, id PersonID) (*Person, error) {
	g, err := s.scope("roster person")
	if err != nil {
		return nil, err
	}
	p, err := rosterPersonTx(s.conn(ctx), g, id)
	return p, translate("roster person", err)
}

// RosterNamed returns the roster people of this name, in any case, by id.
func (s *Store) RosterNamed(ctx context.Context, name string) ([]Person, error) {
	db, _, err := s.gconn(ctx, "roster named")
	if err != nil {
		return nil, err
	}
	var ps []Person
	err = db.Where("owner_id = '' AND name_key = ?", NameKey(name)).Order("id").Limit(MaxRosterMatches + 1).Find(&ps).Error
	return ps, translate("roster named", err)
}

// MaxRosterMatches bounds the people of one name a reply lists.
const MaxRosterMatches = 10

// AddToRoster adds a person of this name to the group's roster, as a
// coordinator naming someone new does (`assign @organizer "Name"`).
// Coordinators only.
func (s *Store) AddToRoster(ctx context.Context, by *Member, name string) (*Person, error) {
	g, err := s.scope("add to roster")
	if err != nil {
		return nil, err
	}
	name, err = CleanName(name)
	if err != nil {
		return nil, err
	}
	if err := s.mustCoordinate(ctx, by); err != nil {
		return nil, err
	}
	p := Person{GroupID: g, Name: name}
	return &p, translate("add to roster", s.conn(ctx).Create(&p).Error)
}

// mustCoordinate refuses anyone but the store's group's coordinators (by
// the viewer's role in the store's group, as the privacy rules read it).
func (s *Store) mustCoordinate(ctx context.Context, by *Member) error {
	v, err := s.viewerIn(ctx, by)
	if err != nil {
		return err
	}
	if !v.IsCoordinator() {
		return Errorf(EUNAUTHORIZED, "Assigning people is for the group's coordinators. If you think you should be one, ask a coordinator.").Msg("assign.err_coordinators_only")
	}
	return nil
}

// organizerTx refuses an organizer the group cannot hand people to: not a
// member of the group, not in Slack (a bot, deactivated, unknown), or who
// asked not to be contacted.
func (s *Store) organizerTx(tx *gorm.DB, g GroupID, id UserID) error {
	var ms []Member
	if err := tx.Where("id = ?", id).Limit(1).Find(&ms).Error; err != nil {
		return err
	}
	if len(ms) == 0 || ms[0].IsBot || ms[0].Deleted {
		return Errorf(EINVALID, "I can only assign people to an organizer who is in Slack with us, and that one isn't.").Msg("assign.err_not_in_slack")
	}
	if ms[0].OptedOut {
		return Errorf(EINVALID, "That organizer asked not to get messages from me, so I can't assign them anyone.").Msg("assign.err_opted_out")
	}
	if out, err := suppressed(tx, id); err != nil || out {
		if err == nil {
			err = Errorf(EINVALID, "That organizer asked not to get messages from me, so I can't assign them anyone.").Msg("assign.err_opted_out")
		}
		return err
	}
	var grp Group
	if err := tx.First(&grp, g).Error; err != nil {
		return err
	}
	in := grp.IsDefault && ms[0].TeamID == grp.TeamID
	if !grp.IsDefault {
		var n int64
		if err := tx.Model(&GroupMember{}).Where("group_id = ? AND user_id = ?", g, id).Count(&n).Error; err != nil {
			return err
		}
		in = n > 0
	}
	if !in {
		return Errorf(EINVALID, "That organizer isn't a member of this group. Add them to the group first.").Msg("assign.err_not_member")
	}
	return nil
}

// rosterPersonTx reads and locks a roster person of group g: two
// assignments at once take turns on the person's row.
func rosterPersonTx(tx *gorm.DB, g GroupID, id PersonID) (*Person, error) {
	var ps []Person
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ? AND group_id = ? AND owner_id = ''", id, g).Limit(1).Find(&ps).Error
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, Errorf(ENOTFOUND, "That person isn't on the group's roster any more.").Msg("assign.err_no_person")
	}
	return &ps[0], nil
}

func openAssignmentTx(tx *gorm.DB, person PersonID) (*Assignment, error) {
	var as []Assignment
	if err := tx.Where("person_id = ? AND ended_at IS NULL", person).Limit(1).Find(&as).Error; err != nil || len(as) == 0 {
		return nil, err
	}
	return &as[0], nil
}

// handTx gives p to organizer: their open assignment, if any, ends as
// handed on (nothing changes when it is organizer's already), and the new
// one puts them on organizer's list or waiting list.
func (s *Store) handTx(tx *gorm.DB, g GroupID, p *Person, by, organizer UserID, note string) (*Assignment, error) {
	prev, err := openAssignmentTx(tx, p.ID)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		if prev.OrganizerID == organizer {
			return nil, Errorf(ECONFLICT, "%s is already assigned to that organizer.", p.Name).Msg("assign.err_already", "Name", p.Name)
		}
		if err := s.endTx(tx, g, prev, p, AssignmentHandedOn); err != nil {
			return nil, err
		}
	}
	a := Assignment{GroupID: g, PersonID: p.ID, OrganizerID: organizer, AssignedBy: by, Note: note, CreatedAt: s.now()}
	if err := tx.Create(&a).Error; err != nil {
		return nil, err
	}
	return &a, s.fillPlanTx(tx, g, organizer)
}

// endTx ends a, takes its person off the organizer's list, and moves the
// organizer's next waiting person up.
func (s *Store) endTx(tx *gorm.DB, g GroupID, a *Assignment, p *Person, reason string) error {
	now := s.now()
	res := tx.Model(&Assignment{}).Where("id = ? AND ended_at IS NULL", a.ID).Updates(map[string]any{"ended_at": now, "end_reason": reason})
	if res.Error != nil {
		return res.Error
	}
	if err := tx.Model(&PlanEntry{}).Where("group_id = ? AND owner_id = ? AND person_id = ? AND removed_at IS NULL", g, a.OrganizerID, p.ID).
		Update("removed_at", now).Error; err != nil {
		return err
	}
	return s.fillPlanTx(tx, g, a.OrganizerID)
}

// matchingTx lists the roster people f chooses, by id, leaving out those
// already with organizer; one more than MaxAssignBatch at most.
func matchingTx(tx *gorm.DB, g GroupID, f AssignFilter, organizer UserID) ([]PersonID, error) {
	q := tx.Model(&Person{}).Where("group_id = ? AND owner_id = ''", g)
	for col, v := range map[string]string{"site": f.Site, "department": f.Department, "shift": f.Shift} {
		if v = strings.TrimSpace(v); v != "" {
			q = q.Where("LOWER("+col+") = ?", strings.ToLower(v))
		}
	}
	open := tx.Model(&Assignment{}).Select("person_id").Where("group_id = ? AND ended_at IS NULL", g)
	if f.Unassigned {
		q = q.Where("id NOT IN (?)", open)
	} else {
		q = q.Where("id NOT IN (?)", open.Where("organizer_id = ?", organizer))
	}
	if f.NotMet {
		met := []Status{StatusHeld, StatusReflected}
		q = q.Where("id NOT IN (?)", tx.Model(&OneToOne{}).Select("person_id").Where("group_id = ? AND person_id IS NOT NULL AND status IN ?", g, met)).
			Where("(slack_id = '' OR slack_id NOT IN (?))", tx.Model(&OneToOne{}).Select("invitee_id").Where("group_id = ? AND status IN ?", g, met)).
			Where("(slack_id = '' OR slack_id NOT IN (?))", tx.Model(&OneToOne{}).Select("requester_id").Where("group_id = ? AND status IN ?", g, met))
	}
	var ids []PersonID
	err := q.Order("name_key, id").Limit(MaxAssignBatch+1).Pluck("id", &ids).Error
	return ids, err
}

// queueAssignment stores the DM about out's assignments, in tx.
func (s *Store) queueAssignment(tx *gorm.DB, out *Assigned) error {
	out.Delivery = assignmentDelivery(out.Assignments, s.now())
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&out.Delivery).Error
}

// withPeople pairs each assignment with its person.
func (s *Store) withPeople(ctx context.Context, as []Assignment) ([]AssignedPerson, error) {
	if len(as) == 0 {
		return nil, nil
	}
	ids := make([]PersonID, len(as))
	for i, a := range as {
		ids[i] = a.PersonID
	}
	var ps []Person
	if err := s.conn(ctx).Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, translate("assigned people", err)
	}
	byID := make(map[PersonID]Person, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]AssignedPerson, 0, len(as))
	for _, a := range as {
		if p, ok := byID[a.PersonID]; ok {
			out = append(out, AssignedPerson{Assignment: a, Person: p})
		}
	}
	return out, nil
}

func errNotYours(name string) error {
	return Errorf(EUNAUTHORIZED, "%s isn't assigned to you any more, so there's nothing to hand on.", name).Msg("assign.err_not_yours", "Name", name)
}

// MaxAssignNote bounds the note that goes with an assignment.
const MaxAssignNote = 500

// cleanNote trims a note and cuts it to MaxAssignNote runes.
func cleanNote(note string) string {
	note = strings.TrimSpace(note)
	if r := []rune(note); len(r) > MaxAssignNote {
		note = string(r[:MaxAssignNote])
	}
	return note
}

// GroupOfPerson returns the group a person belongs to, whatever group the
// store is scoped to: a click about a person acts in the person's group
// (In). ENOTFOUND when there is no such person.
func (s *Store) GroupOfPerson(ctx context.Context, id PersonID) (*Group, error) {
	var gs []Group
	err := s.conn(ctx).Where("id = (?)", s.conn(ctx).Model(&Person{}).Select("group_id").Where("id = ?", id)).Limit(1).Find(&gs).Error
	if err != nil {
		return nil, translate("group of person", err)
	}
	if len(gs) == 0 {
		return nil, Errorf(ENOTFOUND, "That person isn't on the group's roster any more.").Msg("assign.err_no_person")
	}
	return &gs[0], nil
}
