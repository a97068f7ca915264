package bot

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func init() {
	goldenCovered = append(goldenCovered,
		"calendarButtons", "scheduledCalendarView", // views_calendar.go
		"inviteProposedView", "requesterCopyProposedView", "proposedPickers", // views_proposed.go
	)
}

// goldenEvent is goldenScheduled's calendar event as Sam reads it.
func goldenEvent(l catalog.Lang, o *models.OneToOne) calendarEvent {
	return calendarEventOf(l, o, "Alex Rivera", "T0001")
}

// TestGoldenCalendarMessages: the scheduled DM with its calendar buttons,
// for each reader, and the buttons alone for a meeting without a place.
func TestGoldenCalendarMessages(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		o := goldenScheduled()
		noPlace := goldenWith(goldenScheduled(), func(o *models.OneToOne) { o.Place = "" })
		return []goldenMessageCase{
			{name: "scheduled_calendar_organizer", msg: goldenMsg(scheduledCalendarView(l, o, scheduledFor{Viewer: "UALEX", Loc: ny, Reachable: true}, calendarEventOf(l, o, "Sam Okafor", "T0001"))),
				check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
			{name: "scheduled_calendar_invitee_moved", msg: goldenMsg(scheduledCalendarView(l, o, scheduledFor{Viewer: "USAM", Loc: paris, Rescheduled: true, Reachable: true}, goldenEvent(l, o))),
				check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
			{name: "calendar_buttons_no_place", msg: goldenMsg(calendarFileComment(l, goldenEvent(l, noPlace)), []slack.Block{calendarButtons(l, goldenEvent(l, noPlace))})},
		}
	})
}

// TestGoldenProposedMessages: the invitation with proposed times, in the
// invitee's timezone, and once some have passed; the requester's copy
// naming them.
func TestGoldenProposedMessages(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	times := models.ProposedTimes{goldenAt, goldenAt.Add(24 * time.Hour), goldenAt.Add(48*time.Hour + 30*time.Minute)}
	proposing := func() *models.OneToOne {
		return goldenWith(goldenRequest(), func(o *models.OneToOne) { o.Proposed = times })
	}
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "invite_proposed_three", msg: goldenMsg(inviteProposedView(l, proposing(), paris, goldenNow)), check: goldenExpect{escaped: true}},
			{name: "invite_proposed_one_left", msg: goldenMsg(inviteProposedView(l, proposing(), paris, times[1]))},
			{name: "invite_proposed_all_passed", msg: goldenMsg(inviteProposedView(l, proposing(), paris, times[2]))},
			{name: "request_copy_proposed", msg: goldenMsg(requesterCopyProposedView(l, proposing(), ny)), check: goldenExpect{escaped: true, dates: times}},
		}
	})
}

// TestGoldenRequestModalPickers: the request form's time pickers alone
// (the whole form is request_modal).
func TestGoldenRequestModalPickers(t *testing.T) {
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{{name: "request_modal_pickers", view: modal(l, viewRequest, catalog.T(l, "request_modal.title", nil), catalog.T(l, "common.send", nil), "", proposedPickers(l)...)}}
	})
}
