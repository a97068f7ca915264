package bot

import (
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// tagWeeks is the team view's period for counting issue tags: the last
// 12 weeks, the span of the team's trends.
const tagWeeks = 12

// reflectTagsInput offers the group's issue tags in a reflection, those
// of existing chosen; nil when the group has none. An option's value is
// the tag itself: the store keeps only tags on the group's list.
func reflectTagsInput(l catalog.Lang, tags []string, existing *models.Reflection) *slack.InputBlock {
	if len(tags) == 0 {
		return nil
	}
	var chosen []string
	if existing != nil {
		chosen = models.KeepTags(existing.Tags, tags)
	}
	var opts, initial []*slack.OptionBlockObject
	for _, tag := range tags {
		opt := slack.NewOptionBlockObject(truncate(tag, 150), plain(truncate(tag, 75)), nil)
		opts = append(opts, opt)
		for _, c := range chosen {
			if c == tag {
				initial = append(initial, opt)
			}
		}
	}
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain(catalog.T(l, "tags.placeholder", nil)), blockReflectTags, opts...)
	sel.InitialOptions = initial
	in := slack.NewInputBlock(blockReflectTags, plain(catalog.T(l, "tags.label", nil)), plain(catalog.T(l, "tags.hint", nil)), sel)
	in.Optional = true
	return in
}

// reflectionTagsBlocks shows a reflection's tags as it is read; none when
// it has none.
func reflectionTagsBlocks(l catalog.Lang, tags []string) []slack.Block {
	if len(tags) == 0 {
		return nil
	}
	var ts []string
	for _, t := range tags {
		ts = append(ts, esc(t))
	}
	return []slack.Block{section(catalog.T(l, "tags.on_reflection", map[string]any{"Tags": strings.Join(ts, " · ")}))}
}

// tagCountsBlocks is the team view's count of the group's issue tags over
// its period, most used first; none when no reflection carries one.
func tagCountsBlocks(l catalog.Lang, counts []models.TagCount) []slack.Block {
	if len(counts) == 0 {
		return nil
	}
	var parts []string
	for _, c := range counts {
		parts = append(parts, esc(c.Tag)+" *"+strconv.FormatInt(c.N, 10)+"*")
	}
	return []slack.Block{
		header(catalog.T(l, "tags.team_title", nil)),
		section(truncateBytes(strings.Join(parts, " · "), sectionLimit)),
		contextLine(catalog.N(l, "tags.team_period", tagWeeks, nil)),
	}
}
