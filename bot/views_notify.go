package bot

import (
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Messages the scheduler sends, as pure functions of the one-to-one, the
// reader's timezone (for fallback text) and the time. Slack's date
// formatting shows every time in each reader's own zone.

// reminderTips are the guide's best practices for the hour before a
// one-to-one: open questions, listening, depth, and an ask to follow up
// (catalog ids, in the order shown).
var reminderTips = []string{"reminder.tip.questions", "reminder.tip.listen", "reminder.tip.deep", "reminder.tip.next_steps"}

// askExcerpt bounds the ask quoted in a follow-up: escaped and quoted, it
// must stay well inside one section.
const askExcerpt = 400

// meetingLine is when and how long, then where on a line of its own.
func meetingLine(l catalog.Lang, lead string, o *models.OneToOne, loc *time.Location) string {
	line := catalog.N(l, "reminder.meeting", o.DurationMin, map[string]any{"Lead": lead, "When": slackDate(l, *o.ScheduledAt, loc)})
	if o.Place != "" {
		line += "\n:round_pushpin: " + esc(truncate(o.Place, models.MaxPlaceLen))
	}
	return line
}

// reminderView reminds the organizer of a meeting ahead, with tips.
func reminderView(l catalog.Lang, o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	other := otherOf(l, o, o.RequesterID)
	text := catalog.T(l, "reminder.text", map[string]any{"Person": other, "When": slackDate(l, *o.ScheduledAt, loc)})
	var tips strings.Builder
	tips.WriteString(catalog.T(l, "reminder.tips_title", nil))
	for _, id := range reminderTips {
		tips.WriteString("\n• " + catalog.T(l, id, nil))
	}
	return text, []slack.Block{
		section(meetingLine(l, catalog.T(l, "reminder.lead", personData(other)), o, loc)),
		section(tips.String()),
		contextLine(catalog.T(l, "reminder.footer", nil)),
		actions("reminder", button(catalog.T(l, "common.reschedule", nil), actReschedule, o.ID, "")),
	}
}

// reminderInviteeView is the short note to the person the organizer asked.
func reminderInviteeView(l catalog.Lang, o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	other := mention(string(o.RequesterID))
	text := catalog.T(l, "reminder.invitee_text", map[string]any{"Person": other, "When": slackDate(l, *o.ScheduledAt, loc)})
	return text, []slack.Block{
		section(meetingLine(l, catalog.T(l, "reminder.invitee_lead", personData(other)), o, loc)),
		contextLine(catalog.T(l, "reminder.invitee_footer", nil)),
		actions("reminder", button(catalog.T(l, "common.reschedule", nil), actReschedule, o.ID, "")),
	}
}

// reflectionPromptView asks one of the two people (viewer) how the meeting
// went, with the way out when it didn't happen. again is the one gentle
// reminder, two days on; after it the bot says nothing more.
func reflectionPromptView(l catalog.Lang, o *models.OneToOne, viewer models.UserID, loc *time.Location, again bool) (string, []slack.Block) {
	data := map[string]any{"Person": otherOf(l, o, viewer), "When": slackDate(l, *o.ScheduledAt, loc)}
	text, body, note := "prompt.text", "prompt.body", "prompt.private"
	if again {
		text, body, note = "prompt.again_text", "prompt.again_body", "prompt.again_note"
	}
	return catalog.T(l, text, data), []slack.Block{
		section(catalog.T(l, body, data)),
		contextLine(catalog.T(l, note, nil)),
		actions("reflection",
			button(catalog.T(l, "common.reflect", nil), actReflect, o.ID, slack.StylePrimary),
			button(catalog.T(l, "prompt.didnt_happen", nil), actNoShow, o.ID, ""),
			button(catalog.T(l, "common.reschedule", nil), actReschedule, o.ID, ""),
		),
	}
}

// nudgeRequesterView follows up a request nobody scheduled, with what the
// requester can do about it. alsoNudged says the other person hears from
// the bot too.
func nudgeRequesterView(l catalog.Lang, o *models.OneToOne, loc *time.Location, alsoNudged bool) (string, []slack.Block) {
	data := map[string]any{"Person": otherOf(l, o, o.RequesterID), "Day": slackDay(l, o.RequestedAt, loc)}
	blocks := []slack.Block{section(catalog.T(l, "nudge.requester_body", data))}
	if alsoNudged {
		blocks = append(blocks, contextLine(catalog.T(l, "nudge.also_nudged", nil)))
	}
	return catalog.T(l, "nudge.requester_text", data), append(blocks, actions("nudge_requester",
		button(catalog.T(l, "nudge.remind_them", nil), actNudge, o.ID, ""),
		button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary),
		button(catalog.T(l, "common.cancel_request", nil), actCancel, o.ID, ""),
	))
}

// nudgeInviteeAutoView is the one gentle reminder to the person asked, in
// the thread of the invitation.
func nudgeInviteeAutoView(l catalog.Lang, o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	data := map[string]any{"Person": mention(string(o.RequesterID)), "Day": slackDay(l, o.RequestedAt, loc)}
	return catalog.T(l, "nudge.invitee_text", data), []slack.Block{
		section(catalog.T(l, "nudge.invitee_body", data)),
		actions("nudge",
			button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary),
			button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, ""),
		),
	}
}

// followUpView recalls the ask the organizer made, on the day they chose.
// who is how to name the other person; day is the chosen date (a calendar
// date, stored as midnight UTC) and today the reader's date. The ask is
// private: it appears in the blocks, never in the notification text a lock
// screen shows.
func followUpView(l catalog.Lang, o *models.OneToOne, who, ask string, day, today time.Time) (string, []slack.Block) {
	lead := catalog.T(l, "follow_up.today", personData(who))
	if day.Format(time.DateOnly) != today.Format(time.DateOnly) {
		lead = catalog.T(l, "follow_up.other_day", map[string]any{"Person": who, "Day": catalog.Day(l, day)})
	}
	blocks := []slack.Block{section(lead)}
	if ask = strings.TrimSpace(ask); ask != "" {
		blocks = append(blocks, section(catalog.T(l, "follow_up.ask", nil)+"\n"+quote(truncate(ask, askExcerpt))))
	} else {
		blocks = append(blocks, section(catalog.T(l, "follow_up.no_ask", nil)))
	}
	return catalog.T(l, "follow_up.text", personData(who)), append(blocks,
		contextLine(catalog.T(l, "follow_up.private", nil)),
		actions("follow_up", button(catalog.T(l, "follow_up.open", nil), actReflect, o.ID, "")),
	)
}

// expiredView tells the requester, kindly, that a request closed after a
// long wait.
func expiredView(l catalog.Lang, o *models.OneToOne, loc *time.Location, command string) (string, []slack.Block) {
	data := map[string]any{"Person": otherOf(l, o, o.RequesterID), "Day": slackDay(l, o.RequestedAt, loc)}
	return catalog.T(l, "expired.text", data), []slack.Block{
		section(catalog.T(l, "expired.body", data)),
		contextLine(catalog.T(l, "expired.again", map[string]any{"Command": command})),
	}
}

// missedView is what each person sees once a meeting is marked as not
// having happened: the one who said so (clicked) and the other.
func missedView(l catalog.Lang, o *models.OneToOne, viewer models.UserID, clicked bool) (string, []slack.Block) {
	other := personData(otherOf(l, o, viewer))
	text, body := "missed.text_other", "missed.body_other"
	if clicked {
		text, body = "missed.text_clicked", "missed.body_clicked"
		if o.InviteeID == "" {
			body = "missed.body_clicked_outside"
		}
	}
	last := button(catalog.T(l, "common.cancel_request", nil), actCancel, o.ID, "")
	switch {
	case viewer == o.InviteeID:
		last = button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, "")
	case o.InviteeID == "":
		// Someone outside Slack: there is nobody to tell; the cancel
		// window only confirms.
		last = button(catalog.T(l, "common.cancel", nil), actCancel, o.ID, "")
	}
	return catalog.T(l, text, other), []slack.Block{
		section(catalog.T(l, body, other)),
		actions("missed", button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary), last),
	}
}
