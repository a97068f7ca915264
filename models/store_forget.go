package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// PeopleNamed returns the contacts outside Slack called name, whatever its
// case and spacing, that by may forget: their own, or everyone's for a
// coordinator. Names are compared here rather than in SQL, whose LOWER
// folds only ASCII on SQLite: "MARÍA" is "María" too.
func (s *Store) PeopleNamed(ctx context.Context, by *Member, name string) ([]Person, error) {
	name, err := CleanName(name)
	if err != nil {
		return nil, err
	}
	g, err := s.scope("people named")
	if err != nil {
		return nil, err
	}
	if by, err = s.viewerIn(ctx, by); err != nil {
		return nil, err
	}
	var all []Person
	if err := s.forgettable(s.conn(ctx), g, by).Order("id").Find(&all).Error; err != nil {
		return nil, translate("people named", err)
	}
	var ps []Person
	for _, p := range all {
		if strings.EqualFold(strings.Join(strings.Fields(p.Name), " "), name) {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// forgettable narrows a query on people to those by may forget in group g.
func (s *Store) forgettable(db *gorm.DB, g GroupID, by *Member) *gorm.DB {
	db = db.Model(&Person{}).Where("group_id = ?", g)
	if !by.IsCoordinator() {
		db = db.Where("owner_id = ?", by.ID)
	}
	return db
}

// ForgetPeople deletes contacts outside Slack and people of the roster as
// ForgetMember deletes a member: the person, every one-to-one with them
// (whoever held it) and the reflections on them with their issue tags and
// the record of who read them, their scheduled messages, their places on
// lists and their assignments. Only an organizer's own contact's owner or
// a coordinator may; only a coordinator forgets a person of the roster:
// ids that by may not forget are left alone. It returns the people
// deleted and how many rows went; ENOTFOUND when none of ids was left to
// forget. Nothing is kept: the bot never messages someone outside Slack,
// so there is nobody to suppress.
func (s *Store) ForgetPeople(ctx context.Context, by *Member, ids []PersonID) ([]Person, int64, error) {
	g, err := s.scope("forget people")
	if err != nil {
		return nil, 0, err
	}
	if by, err = s.viewerIn(ctx, by); err != nil {
		return nil, 0, err
	}
	var gone []Person
	var n int64
	err = s.tx(ctx, func(tx *gorm.DB) error {
		gone, n = gone[:0], 0
		if err := s.forgettable(tx, g, by).Where("id IN ?", append(ids, 0)).Order("id").Find(&gone).Error; err != nil {
			return err
		}
		if len(gone) == 0 {
			return Errorf(ENOTFOUND, "I couldn't find that person any more: they may have been forgotten already.").Msg("error.forgotten_already")
		}
		pids := []PersonID{}
		for _, p := range gone {
			pids = append(pids, p.ID)
		}
		var err error
		n, err = forgetPeopleTx(tx, pids)
		return err
	})
	if err != nil {
		return nil, 0, translate("forget people", err)
	}
	return gone, n, nil
}

// forgetPeopleTx deletes people by id with everything about them (see
// ForgetPeople), and returns how many rows went.
func forgetPeopleTx(tx *gorm.DB, pids []PersonID) (int64, error) {
	pids = append(pids, 0)
	var oids []OneToOneID
	if err := tx.Model(&OneToOne{}).Where("person_id IN ?", pids).Pluck("id", &oids).Error; err != nil {
		return 0, err
	}
	var steps []*gorm.DB
	if len(oids) > 0 {
		var rids []int64
		if err := tx.Model(&Reflection{}).Where("one_to_one_id IN ?", oids).Pluck("id", &rids).Error; err != nil {
			return 0, err
		}
		steps = append(steps,
			tx.Where("reflection_id IN ?", append(rids, 0)).Delete(&ReflectionTag{}),
			tx.Where("reflection_id IN ?", append(rids, 0)).Delete(&ReflectionRead{}),
			tx.Where("one_to_one_id IN ?", oids).Delete(&Reflection{}),
			tx.Where("one_to_one_id IN ?", oids).Delete(&Delivery{}),
			tx.Where("id IN ?", oids).Delete(&OneToOne{}),
		)
	}
	steps = append(steps,
		tx.Where("person_id IN ?", pids).Delete(&PlanEntry{}),
		tx.Where("person_id IN ?", pids).Delete(&Assignment{}),
		tx.Where("id IN ?", pids).Delete(&Person{}),
	)
	return deleted(steps)
}
