package bot

import (
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

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
