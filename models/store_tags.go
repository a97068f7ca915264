package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// TagCount is how many reflections of a group carry one of its issue tags.
type TagCount struct {
	Tag string
	N   int64
}

// groupTagsTx is the group's issue tags as its coordinators saved them;
// none until they do.
func groupTagsTx(tx *gorm.DB, g GroupID) ([]string, error) {
	var rows []SavedSettings
	if err := tx.Select("issue_tags").Where("group_id = ?", g).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 || rows[0].IssueTags == nil || *rows[0].IssueTags == "" {
		return nil, nil
	}
	return strings.Split(*rows[0].IssueTags, "\n"), nil
}

// KeepTags is chosen among the group's tags, spelled as the group spells
// them, each once and in the group's order: a tag no longer on the list,
// or never on it (a forged payload), is dropped.
func KeepTags(chosen, group []string) []string {
	want := map[string]bool{}
	for _, t := range chosen {
		want[strings.ToLower(strings.TrimSpace(t))] = true
	}
	var out []string
	for _, t := range group {
		if want[strings.ToLower(t)] {
			out = append(out, t)
			delete(want, strings.ToLower(t))
		}
	}
	return out
}

// saveTagsTx replaces the tags of the reflection by author on one-to-one
// with r.Tags, those on the group's list only. An edit that chose none
// leaves none.
func saveTagsTx(tx *gorm.DB, g GroupID, r *Reflection) error {
	var ids []int64
	if err := tx.Model(&Reflection{}).Where("one_to_one_id = ? AND author_id = ?", r.OneToOneID, r.AuthorID).Pluck("id", &ids).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if err := tx.Where("reflection_id = ?", ids[0]).Delete(&ReflectionTag{}).Error; err != nil {
		return err
	}
	group, err := groupTagsTx(tx, g)
	if err != nil {
		return err
	}
	r.Tags = KeepTags(r.Tags, group)
	if len(r.Tags) == 0 {
		return nil
	}
	rows := make([]ReflectionTag, 0, len(r.Tags))
	for _, t := range r.Tags {
		rows = append(rows, ReflectionTag{ReflectionID: ids[0], GroupID: g, Tag: t})
	}
	return tx.Create(&rows).Error
}

// tagsOf returns the tags of each of the reflections ids, alphabetically.
func tagsOf(db *gorm.DB, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []ReflectionTag
	if err := db.Where("reflection_id IN ?", ids).Order("reflection_id, tag").Find(&rows).Error; err != nil {
		return nil, translate("reflection tags", err)
	}
	for _, r := range rows {
		out[r.ReflectionID] = append(out[r.ReflectionID], r.Tag)
	}
	return out, nil
}

// TagCounts counts the group's issue tags on reflections written since
// then, most used first: what the people the group meets care about. The
// counts say nothing of who wrote what, yet they come from reflections, so
// only the group's coordinators see them.
func (s *Store) TagCounts(ctx context.Context, viewer *Member, since time.Time) ([]TagCount, error) {
	db, g, err := s.gconn(ctx, "tag counts")
	if err != nil {
		return nil, err
	}
	if _, err = s.coordinatorOnly(ctx, viewer); err != nil {
		return nil, err
	}
	var out []TagCount
	err = db.Table("reflection_tags").Select("tag, COUNT(*) AS n").
		Where("reflection_id IN (?)", s.conn(ctx).Model(&Reflection{}).Select("id").Where("group_id = ? AND created_at >= ?", g, since)).
		Group("tag").Order("n DESC, tag").Scan(&out).Error
	return out, translate("tag counts", err)
}
