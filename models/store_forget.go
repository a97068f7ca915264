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

// ForgetPeople deletes contacts outside Slack as ForgetMember deletes a
// member: the contact, every one-to-one with them and the reflections on
// them, their scheduled messages and their places on lists. Only the
// contact's owner or a coordinator may: ids that by may not forget are left
// alone. It returns the contacts deleted and how many rows went; ENOTFOUND
// when none of ids was left to forget. Nothing is kept: the bot never
// messages someone outside Slack, so there is nobody to suppress.
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
		var oids []OneToOneID
		if err := tx.Model(&OneToOne{}).Where("person_id IN ?", pids).Pluck("id", &oids).Error; err != nil {
			return err
		}
		var steps []*gorm.DB
		if len(oids) > 0 {
			steps = append(steps,
				tx.Where("reflection_id IN (?)", tx.Model(&Reflection{}).Select("id").Where("one_to_one_id IN ?", oids)).Delete(&ReflectionTag{}),
				tx.Where("one_to_one_id IN ?", oids).Delete(&Reflection{}),
				tx.Where("one_to_one_id IN ?", oids).Delete(&Delivery{}),
				tx.Where("id IN ?", oids).Delete(&OneToOne{}),
			)
		}
		steps = append(steps,
			tx.Where("person_id IN ?", pids).Delete(&PlanEntry{}),
			tx.Where("id IN ?", pids).Delete(&Person{}),
		)
		var err error
		n, err = deleted(steps)
		return err
	})
	if err != nil {
		return nil, 0, translate("forget people", err)
	}
	return gone, n, nil
}
