package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// A scheduled one-to-one reaches people's own calendars two ways, neither
// needing a calendar scope (issue 16): link buttons that open Google
// Calendar or Outlook with the event filled in, and an .ics file uploaded
// into the DM, which any calendar imports. Neither carries private text:
// no invitation, reason or reflection, only who, when, where and a short
// description from the catalog.

// calendarEvent is what both calendars are told, for one reader.
type calendarEvent struct {
	// UID names the one-to-one in every calendar, the same across
	// reschedules and cancellation, so a newer file updates the entry.
	UID string
	// Sequence is the one-to-one's version: it rises with every change,
	// so a calendar keeps the newest file it is given.
	Sequence   int
	Title      string
	Details    string
	Location   string
	Start, End time.Time
	// Stamp is when the one-to-one last changed: the file is the same
	// however often it is sent (DTSTAMP).
	Stamp time.Time
	// Cancelled makes the file a cancellation (METHOD:CANCEL).
	Cancelled bool
}

// calendarUID is the stable UID of one-to-one id in team's calendars.
func calendarUID(id models.OneToOneID, team models.TeamID) string {
	if team == "" {
		team = "onetoone"
	}
	return fmt.Sprintf("one-to-one-%s@%s", id, team)
}

// calendarEventOf is o's event for a reader in l, who meets other (a name,
// "" when unknown). o must have a time.
func calendarEventOf(l catalog.Lang, o *models.OneToOne, other string, team models.TeamID) calendarEvent {
	title := catalog.T(l, "calendar.title_plain", nil)
	if other = strings.TrimSpace(other); other != "" {
		title = catalog.T(l, "calendar.title", map[string]any{"Name": other})
	}
	return calendarEvent{
		UID: calendarUID(o.ID, team), Sequence: o.Version,
		Title: title, Details: catalog.T(l, "calendar.details", nil), Location: oneLine(o.Place),
		Start: o.ScheduledAt.UTC(), End: o.EndsAt().UTC(), Stamp: o.UpdatedAt.UTC(),
		Cancelled: o.Status == models.StatusCancelled || o.Status == models.StatusDeclined,
	}
}

// oneLine keeps a calendar field on one line, whatever was typed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// icsFile renders e as an RFC 5545 calendar: CRLF line ends, lines folded
// at 75 octets, text escaped, times in UTC. It is METHOD:PUBLISH for a
// meeting that stands and METHOD:CANCEL, STATUS:CANCELLED for one that is
// off, with the same UID and a higher SEQUENCE.
func icsFile(e calendarEvent) []byte {
	cal := ics.NewCalendarFor("onetoone")
	cal.SetProductId("-//onetoone//onetoone//EN")
	cal.SetCalscale("GREGORIAN")
	method, status := ics.MethodPublish, ics.ObjectStatusConfirmed
	if e.Cancelled {
		method, status = ics.MethodCancel, ics.ObjectStatusCancelled
	}
	cal.SetMethod(method)
	ev := cal.AddEvent(e.UID)
	ev.SetDtStampTime(e.Stamp)
	ev.SetSequence(e.Sequence)
	ev.SetStartAt(e.Start)
	ev.SetEndAt(e.End)
	ev.SetSummary(e.Title)
	ev.SetDescription(e.Details)
	if e.Location != "" {
		ev.SetLocation(e.Location)
	}
	ev.SetStatus(status)
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// calendarLayout is the compact UTC form Google's links take.
const calendarLayout = "20060102T150405Z"

// googleCalendarLink opens Google Calendar's new-event page filled in
// with e.
func googleCalendarLink(e calendarEvent) string {
	return "https://calendar.google.com/calendar/render?" + query(
		"action", "TEMPLATE",
		"text", e.Title,
		"dates", e.Start.UTC().Format(calendarLayout)+"/"+e.End.UTC().Format(calendarLayout),
		"details", e.Details,
		"location", e.Location,
	)
}

// outlookCalendarLink opens Outlook on the web's new-event page filled in
// with e.
func outlookCalendarLink(e calendarEvent) string {
	return "https://outlook.live.com/calendar/0/deeplink/compose?" + query(
		"subject", e.Title,
		"startdt", e.Start.UTC().Format(time.RFC3339),
		"enddt", e.End.UTC().Format(time.RFC3339),
		"body", e.Details,
		"location", e.Location,
	)
}

// query encodes key, value pairs in order, leaving out empty values, with
// spaces as %20: Outlook shows a "+" as it is.
func query(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		parts = append(parts, kv[i]+"="+strings.ReplaceAll(url.QueryEscape(kv[i+1]), "+", "%20"))
	}
	return strings.Join(parts, "&")
}
