package models

import (
	"context"
	"encoding/json"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SaveReflection stores one person's reflection on a one-to-one (r.AuthorID:
// either of the two, see OneToOne.Reflect) and moves the one-to-one to
// reflected, both or neither. Saving again replaces the author's own
// answers, never the other person's: people come back to add what they
// remembered later.
func (s *Store) SaveReflection(ctx context.Context, r *Reflection) (*OneToOne, error) {
	body, err := s.seal(r)
	if err != nil {
		return nil, err
	}
	g, err := s.scope("save reflection")
	if err != nil {
		return nil, err
	}
	var o OneToOne
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("group_id = ?", g).First(&o, r.OneToOneID).Error; err != nil {
			return err
		}
		return s.reflectTx(tx, &o, r, body)
	})
	if err != nil {
		return nil, translate("save reflection", err)
	}
	return &o, nil
}

// LogOneToOne records a one-to-one that already happened together with its
// reflection, in one transaction: a failed save leaves nothing behind, so
// the organizer can simply submit again. personName, when set, names
// someone outside Slack.
func (s *Store) LogOneToOne(ctx context.Context, o *OneToOne, personName string, r *Reflection) error {
	body, err := s.seal(r)
	if err != nil {
		return err
	}
	if personName != "" {
		if personName, err = CleanName(personName); err != nil {
			return err
		}
	}
	g, err := s.scope("log one-to-one")
	if err != nil {
		return err
	}
	o.GroupID = g
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if personName != "" {
			p, err := personTx(tx, g, o.RequesterID, personName)
			if err != nil {
				return err
			}
			o.PersonID = &p.ID
		}
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		r.OneToOneID = o.ID
		return s.reflectTx(tx, o, r, body)
	})
	return translate("log one-to-one", err)
}

func (s *Store) seal(r *Reflection) ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	plain, err := json.Marshal(r.Answers)
	if err != nil {
		return nil, translate("encode reflection", err)
	}
	body, err := s.sealer.Seal(plain)
	if err != nil {
		return nil, translate("seal reflection", err)
	}
	return body, nil
}

func (s *Store) reflectTx(tx *gorm.DB, o *OneToOne, r *Reflection, body []byte) error {
	if err := o.Reflect(r.AuthorID, s.now()); err != nil {
		return err
	}
	if err := saveVersioned(tx, o); err != nil {
		return err
	}
	row := *r
	row.Body, row.GroupID = body, o.GroupID
	err := tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "one_to_one_id"}, {Name: "author_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"body", "engagement", "follow_up_on", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return err
	}
	return saveTagsTx(tx, o.GroupID, r)
}

// Reflection returns author's reflection on a one-to-one to a viewer
// allowed to read it (MayReadReflection): its author, or a coordinator it is
// not about. Everyone else gets EUNAUTHORIZED, whatever surface asked. No
// such reflection gives ENOTFOUND.
//
// A read by anyone but the author is recorded before the text is returned,
// and a read that cannot be recorded is refused: no read goes unseen. The
// reflection comes back with its Readers, this read included.
func (s *Store) Reflection(ctx context.Context, oneToOneID OneToOneID, author UserID, viewer *Member) (*Reflection, error) {
	g, err := s.scope("reflection")
	if err != nil {
		return nil, err
	}
	if viewer, err = s.viewerIn(ctx, viewer); err != nil {
		return nil, err
	}
	db := s.conn(ctx)
	var r Reflection
	if err := db.Where("group_id = ? AND one_to_one_id = ? AND author_id = ?", g, oneToOneID, author).First(&r).Error; err != nil {
		return nil, translate("reflection", err)
	}
	subject, err := reflectionSubject(db, &r)
	if err != nil {
		return nil, err
	}
	if !MayReadReflection(viewer, r.AuthorID, subject) {
		return nil, readRefusal(viewer, subject)
	}
	if err := s.open(&r); err != nil {
		return nil, err
	}
	if viewer.ID != r.AuthorID {
		read := ReflectionRead{ReflectionID: r.ID, ReaderID: viewer.ID, Via: ReadOpened, ReadAt: s.now()}
		if err := db.Create(&read).Error; err != nil {
			return nil, translate("record a reflection read", err)
		}
	}
	readers, err := readersOf(db, []int64{r.ID})
	if err != nil {
		return nil, err
	}
	r.Readers = readers[r.ID]
	tags, err := tagsOf(db, []int64{r.ID})
	if err != nil {
		return nil, err
	}
	r.Tags = tags[r.ID]
	return &r, nil
}

// HasReflected reports whether author wrote a reflection on a one-to-one,
// so a prompt to reflect goes only to someone who hasn't. It reads no
// answers.
func (s *Store) HasReflected(ctx context.Context, oneToOneID OneToOneID, author UserID) (bool, error) {
	db, _, err := s.gconn(ctx, "has reflected")
	if err != nil {
		return false, err
	}
	var n int64
	err = db.Model(&Reflection{}).Where("one_to_one_id = ? AND author_id = ?", oneToOneID, author).Count(&n).Error
	return n > 0, translate("has reflected", err)
}

func (s *Store) open(r *Reflection) error {
	plain, err := s.sealer.Open(r.Body)
	if err != nil {
		return translate("open reflection", err)
	}
	r.Answers = map[string]string{}
	if len(plain) > 0 {
		if err := json.Unmarshal(plain, &r.Answers); err != nil {
			return translate("decode reflection", err)
		}
	}
	return nil
}
