package models

import (
	"context"
	"sort"
	"time"

	"gorm.io/gorm"
)

// How a reflection was read by someone other than its author.
const (
	ReadOpened   = "opened"   // opened in Slack, from the team view or Home
	ReadExported = "exported" // included in a CSV export
)

// OperatorID stands for whoever runs `onetoone export` on the server. They
// act outside Slack, so their reads are recorded under this id.
const OperatorID UserID = "operator"

// ReflectionRead records one read of a reflection by someone other than its
// author: who, when and how. Its author sees the record, and coordinators see
// it in the team view and the export, so reading is never silent. Records go
// with the reflection, and with the reader when they are forgotten.
type ReflectionRead struct {
	ID           int64 `gorm:"primaryKey"`
	ReflectionID int64
	ReaderID     UserID
	Via          string // ReadOpened or ReadExported
	ReadAt       time.Time
}

// TableName pins the table name.
func (ReflectionRead) TableName() string { return "reflection_reads" }

// Reader sums up one person's reads of one reflection, for the people who
// may see the record.
type Reader struct {
	ID    UserID
	Name  string // as the bot last saw them; "" without a profile
	Times int
	Last  time.Time
	Via   string // how they read it last
}

// readersOf sums up the reads of each reflection, most recent reader first.
func readersOf(db *gorm.DB, reflectionIDs []int64) (map[int64][]Reader, error) {
	out := map[int64][]Reader{}
	if len(reflectionIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ReflectionID int64
		ReaderID     UserID
		Name         *string
		Via          string
		ReadAt       time.Time
	}
	err := db.Raw(`SELECT rr.reflection_id, rr.reader_id, m.name, rr.via, rr.read_at
		FROM reflection_reads rr LEFT JOIN members m ON m.id = rr.reader_id
		WHERE rr.reflection_id IN ?
		ORDER BY rr.reflection_id, rr.read_at, rr.id`, reflectionIDs).Scan(&rows).Error
	if err != nil {
		return nil, translate("reflection readers", err)
	}
	for _, row := range rows {
		rs := out[row.ReflectionID]
		i := 0
		for i < len(rs) && rs[i].ID != row.ReaderID {
			i++
		}
		if i == len(rs) {
			rs = append(rs, Reader{ID: row.ReaderID})
		}
		rs[i].Name, rs[i].Times, rs[i].Last, rs[i].Via = deref(row.Name), rs[i].Times+1, row.ReadAt, row.Via
		out[row.ReflectionID] = rs
	}
	for _, rs := range out {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Last.After(rs[j].Last) })
	}
	return out, nil
}

// AuthoredReflection is one of a person's own reflections as they look back
// on it: the one-to-one it is on, when they last saved it, and who else has
// read it. Its text stays sealed.
type AuthoredReflection struct {
	OneToOne OneToOne // PersonName is filled for someone outside Slack
	SavedAt  time.Time
	Readers  []Reader
}

// ReflectionsBy returns author's newest reflections, up to limit, with who
// else has read each: the author's own record of who read what they wrote.
func (s *Store) ReflectionsBy(ctx context.Context, author UserID, limit int) ([]AuthoredReflection, error) {
	g, err := s.scope("reflections by")
	if err != nil {
		return nil, err
	}
	db := s.conn(ctx)
	var rs []Reflection
	if err := db.Where("group_id = ?", g).Select("id, one_to_one_id, author_id, updated_at").Where("author_id = ?", author).
		Order("updated_at DESC, id DESC").Limit(limit).Find(&rs).Error; err != nil {
		return nil, translate("reflections by", err)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	var ids []int64
	var oids []OneToOneID
	for _, r := range rs {
		ids = append(ids, r.ID)
		oids = append(oids, r.OneToOneID)
	}
	var os []OneToOne
	if err := db.Where("id IN ?", oids).Find(&os).Error; err != nil {
		return nil, translate("reflections by", err)
	}
	byID := map[OneToOneID]OneToOne{}
	for _, o := range os {
		if err := withPerson(db, &o); err != nil {
			return nil, translate("reflections by", err)
		}
		byID[o.ID] = o
	}
	readers, err := readersOf(db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]AuthoredReflection, 0, len(rs))
	for _, r := range rs {
		out = append(out, AuthoredReflection{OneToOne: byID[r.OneToOneID], SavedAt: r.UpdatedAt, Readers: readers[r.ID]})
	}
	return out, nil
}
