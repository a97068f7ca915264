package bot

import (
	"context"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Action ids of the calendar link buttons. Slack opens their URL itself;
// it still sends the click, which the bot acknowledges and ignores
// (actCalendarLink).
const (
	actCalendarGoogle  = "calendar_google"
	actCalendarOutlook = "calendar_outlook"
)

// maxButtonURL is Slack's limit on a link button's url (docs/slack.md).
const maxButtonURL = 3000

// calendarButtons are the two link buttons that put e in Google Calendar
// or Outlook. A link that would pass Slack's limit is left out (it cannot,
// with a place of at most models.MaxPlaceLen).
func calendarButtons(l catalog.Lang, e calendarEvent) *slack.ActionBlock {
	var elems []slack.BlockElement
	for _, b := range []struct{ id, label, url string }{
		{actCalendarGoogle, "calendar.add_google", googleCalendarLink(e)},
		{actCalendarOutlook, "calendar.add_outlook", outlookCalendarLink(e)},
	} {
		if len(b.url) > maxButtonURL {
			continue
		}
		btn := slack.NewButtonBlockElement(b.id, "", plain(catalog.T(l, b.label, nil)))
		btn.URL = b.url
		elems = append(elems, btn)
	}
	return actions("calendar", elems...)
}

// scheduledCalendarView is the scheduled DM with its calendar buttons,
// just above the buttons to move or cancel.
func scheduledCalendarView(l catalog.Lang, o *models.OneToOne, to scheduledFor, e calendarEvent) (string, []slack.Block) {
	text, blocks := scheduledView(l, o, to)
	last := len(blocks) - 1
	out := append(append(append([]slack.Block{}, blocks[:last]...), calendarButtons(l, e)), blocks[last])
	return text, out
}

// calendarFileComment is the line that comes with the .ics file in the
// DM: open it to add or update the entry, or to remove it.
func calendarFileComment(l catalog.Lang, e calendarEvent) string {
	if e.Cancelled {
		return catalog.T(l, "calendar.file_cancelled", nil)
	}
	return catalog.T(l, "calendar.file", nil)
}

// actCalendarLink answers a click on a calendar link button: Slack already
// opened the link; there is nothing more to do.
func (b *Bot) actCalendarLink(context.Context, *slack.InteractionCallback, *slack.BlockAction) error {
	return nil
}
