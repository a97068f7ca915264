package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// rosterFields names the roster's three fields (models.Person's Site,
// Department and Shift) as the group calls them in settings, or, while it
// names none, as the bot does in l.
func rosterFields(l catalog.Lang, st models.Settings) [models.RosterFieldCount]string {
	if len(st.RosterFields) == models.RosterFieldCount {
		return [models.RosterFieldCount]string(st.RosterFields)
	}
	return [models.RosterFieldCount]string{
		catalog.T(l, "roster.field.site", nil),
		catalog.T(l, "roster.field.department", nil),
		catalog.T(l, "roster.field.shift", nil),
	}
}
