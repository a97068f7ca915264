package bot

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// The scheduler's builders have their golden cases here, beside their own
// file, rather than in views_golden_test.go.
func init() {
	goldenCovered = append(goldenCovered, "reminderView", "reminderInviteeView", "reflectionPromptView",
		"nudgeRequesterView", "nudgeInviteeAutoView", "followUpView", "expiredView", "missedView")
}

func TestGoldenNotify(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	noPlace := func(o *models.OneToOne) { o.Place = "" }
	followUp := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // goldenNow's date
	today := dayOf(goldenNow, ny)
	missed := func() *models.OneToOne {
		return goldenWith(goldenRequest(), func(o *models.OneToOne) { o.RequestedAt = goldenNow })
	}
	dana := models.PersonID(9)
	missedOutside := goldenWith(missed(), func(o *models.OneToOne) {
		o.InviteeID, o.PersonID, o.PersonName = "", &dana, "Dana "+goldenHostile
	})
	expired := goldenWith(goldenRequest(), func(o *models.OneToOne) { o.Status = models.StatusExpired })
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "notify_reminder", msg: goldenMsg(reminderView(l, goldenScheduled(), ny)), check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
			{name: "notify_reminder_no_place", msg: goldenMsg(reminderView(l, goldenWith(goldenScheduled(), noPlace), ny)), check: goldenExpect{dates: []time.Time{goldenAt}}},
			{name: "notify_reminder_invitee", msg: goldenMsg(reminderInviteeView(l, goldenScheduled(), paris)), check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
			{name: "notify_reflection_prompt", msg: goldenMsg(reflectionPromptView(l, goldenScheduled(), "UALEX", ny, false)), check: goldenExpect{dates: []time.Time{goldenAt}}},
			{name: "notify_reflection_reminder", msg: goldenMsg(reflectionPromptView(l, goldenScheduled(), "UALEX", ny, true)), check: goldenExpect{dates: []time.Time{goldenAt}}},
			// The other person is asked too, about the organizer.
			{name: "notify_reflection_prompt_invitee", msg: goldenMsg(reflectionPromptView(l, goldenScheduled(), "USAM", paris, false)), check: goldenExpect{dates: []time.Time{goldenAt}}},
			{name: "notify_nudge_requester", msg: goldenMsg(nudgeRequesterView(l, goldenRequest(), ny, true)), check: goldenExpect{dates: []time.Time{goldenAsked}}},
			{name: "notify_nudge_requester_invitee_opted_out", msg: goldenMsg(nudgeRequesterView(l, goldenRequest(), ny, false)), check: goldenExpect{dates: []time.Time{goldenAsked}}},
			{name: "notify_nudge_invitee", msg: goldenMsg(nudgeInviteeAutoView(l, goldenRequest(), paris)), check: goldenExpect{dates: []time.Time{goldenAsked}}},
			{name: "notify_follow_up_today", msg: goldenMsg(followUpView(l, goldenScheduled(), mention("USAM"), "Come to Thursday's meeting. "+goldenHostile, followUp, today)), check: goldenExpect{escaped: true}},
			{name: "notify_follow_up_late_no_ask", msg: goldenMsg(followUpView(l, goldenScheduled(), mention("USAM"), "  ", followUp.AddDate(0, 0, -3), today))},
			{name: "notify_follow_up_person", msg: goldenMsg(followUpView(l, goldenScheduled(), "*"+esc(goldenHostile)+"*", "Join the housing working group", followUp, today)), check: goldenExpect{escaped: true}},
			{name: "notify_expired", msg: goldenMsg(expiredView(l, expired, ny, "/one-to-one")), check: goldenExpect{dates: []time.Time{goldenAsked}}},
			{name: "missed_organizer_clicked", msg: goldenMsg(missedView(l, missed(), "UALEX", true))},
			{name: "missed_invitee_told", msg: goldenMsg(missedView(l, missed(), "USAM", false))},
			{name: "missed_invitee_clicked", msg: goldenMsg(missedView(l, missed(), "USAM", true))},
			{name: "missed_organizer_told", msg: goldenMsg(missedView(l, missed(), "UALEX", false))},
			{name: "missed_person_outside_slack", msg: goldenMsg(missedView(l, missedOutside, "UALEX", true)), check: goldenExpect{escaped: true}},
		}
	})
}

// TestFollowUpKeepsTheAskOutOfNotifications: the notification text shows on
// lock screens; the ask, private to its author, stays in the blocks.
func TestFollowUpKeepsTheAskOutOfNotifications(t *testing.T) {
	text, _ := followUpView(catalog.English, goldenScheduled(), mention("USAM"), "a private ask", goldenNow, dayOf(goldenNow, time.UTC))
	if want := "Time to follow up with <@USAM>."; text != want {
		t.Errorf("notification text = %q, want %q", text, want)
	}
}
