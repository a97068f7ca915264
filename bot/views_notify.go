package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Messages the scheduler sends, as pure functions of the one-to-one, the
// reader's timezone (for fallback text) and the time. Slack's date
// formatting shows every time in each reader's own zone.

// reminderTips are the guide's best practices for the hour before a
// one-to-one: open questions, listening, depth, and an ask to follow up.
var reminderTips = []string{
	"*Ask open-ended questions:* “Why were you interested?” “What was that like?” “Why did that matter to you?” “Tell me more about that.”",
	"*Listen more than you talk.* Put your phone away, make eye contact, and try not to interrupt.",
	"*Go deep, not broad.* Listen for the stories behind their facts and opinions.",
	"*Leave with next steps.* Offer a few options and make an ask that lets you follow up.",
}

// askExcerpt bounds the ask quoted in a follow-up: escaped and quoted, it
// must stay well inside one section.
const askExcerpt = 400

// meetingLine is when and how long, then where on a line of its own.
func meetingLine(lead string, o *models.OneToOne, loc *time.Location) string {
	line := fmt.Sprintf("%s %s, for %d minutes.", lead, slackDate(*o.ScheduledAt, loc), o.DurationMin)
	if o.Place != "" {
		line += "\n:round_pushpin: " + esc(truncate(o.Place, models.MaxPlaceLen))
	}
	return line
}

// reminderView reminds the organizer of a meeting ahead, with tips.
func reminderView(o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	other := otherOf(o, o.RequesterID)
	text := fmt.Sprintf("Reminder: your one-to-one with %s is on %s.", other, slackDate(*o.ScheduledAt, loc))
	var tips strings.Builder
	tips.WriteString("*A few tips from the guide*")
	for _, t := range reminderTips {
		tips.WriteString("\n• " + t)
	}
	return text, []slack.Block{
		section(meetingLine(fmt.Sprintf(":alarm_clock: Your one-to-one with %s is coming up:", other), o, loc)),
		section(tips.String()),
		contextLine("It doesn't need to be perfect. The important thing is simply to have the conversation."),
		actions("reminder", button("Reschedule", actReschedule, o.ID, "")),
	}
}

// reminderInviteeView is the short note to the person the organizer asked.
func reminderInviteeView(o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	other := mention(string(o.RequesterID))
	text := fmt.Sprintf("Reminder: you're meeting %s on %s.", other, slackDate(*o.ScheduledAt, loc))
	return text, []slack.Block{
		section(meetingLine(fmt.Sprintf(":wave: A reminder: you're meeting %s for a one-to-one,", other), o, loc)),
		contextLine("Nothing to prepare: it's a conversation to get to know each other."),
		actions("reminder", button("Reschedule", actReschedule, o.ID, "")),
	}
}

// reflectionPromptView asks one of the two people (viewer) how the meeting
// went, with the way out when it didn't happen. again is the one gentle
// reminder, two days on; after it the bot says nothing more.
func reflectionPromptView(o *models.OneToOne, viewer models.UserID, loc *time.Location, again bool) (string, []slack.Block) {
	other := otherOf(o, viewer)
	text := fmt.Sprintf("How did your one-to-one with %s go?", other)
	body := fmt.Sprintf(":seedling: How did your one-to-one with %s go (%s)? Take a few minutes while it's fresh: what you learned about them, and what you'd do differently next time.", other, slackDate(*o.ScheduledAt, loc))
	note := ":lock: Only you and the group's coordinators can read your reflection."
	if again {
		text = fmt.Sprintf("A gentle reminder to reflect on your one-to-one with %s.", other)
		body = fmt.Sprintf(":hourglass_flowing_sand: A gentle reminder: you haven't reflected on your one-to-one with %s (%s) yet. Even a line or two helps you remember what matters to them.", other, slackDate(*o.ScheduledAt, loc))
		note = "If it didn't happen, that's okay: tell me, and you can pick a new time. This is my last reminder about it."
	}
	return text, []slack.Block{
		section(body),
		contextLine(note),
		actions("reflection",
			button("Reflect", actReflect, o.ID, slack.StylePrimary),
			button("It didn't happen", actNoShow, o.ID, ""),
			button("Reschedule", actReschedule, o.ID, ""),
		),
	}
}

// nudgeRequesterView follows up a request nobody scheduled, with what the
// requester can do about it. alsoNudged says the other person hears from
// the bot too.
func nudgeRequesterView(o *models.OneToOne, loc *time.Location, alsoNudged bool) (string, []slack.Block) {
	other := otherOf(o, o.RequesterID)
	text := fmt.Sprintf("%s hasn't picked a time for your one-to-one yet.", other)
	blocks := []slack.Block{
		section(fmt.Sprintf(":hourglass: You asked %s for a one-to-one on %s, and they haven't picked a time yet. People get busy: a friendly word often helps, and asking in person works best.", other, slackDay(o.RequestedAt, loc))),
	}
	if alsoNudged {
		blocks = append(blocks, contextLine("I'm sending them a gentle reminder too, and I won't remind them again on my own. If another would help later, *Remind them* sends one, once a day at most."))
	}
	return text, append(blocks, actions("nudge_requester",
		button("Remind them", actNudge, o.ID, ""),
		button("Pick a time", actPickTime, o.ID, slack.StylePrimary),
		button("Cancel request", actCancel, o.ID, ""),
	))
}

// nudgeInviteeAutoView is the one gentle reminder to the person asked, in
// the thread of the invitation.
func nudgeInviteeAutoView(o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	other := mention(string(o.RequesterID))
	text := fmt.Sprintf("%s asked you for a one-to-one and would still love to meet.", other)
	return text, []slack.Block{
		section(fmt.Sprintf(":wave: %s asked you for a one-to-one on %s and would still love to meet. Would you like to pick a time? If now isn't good, that's fine: just say so.", other, slackDay(o.RequestedAt, loc))),
		actions("nudge",
			button("Pick a time", actPickTime, o.ID, slack.StylePrimary),
			button("Not now", actNotNow, o.ID, ""),
		),
	}
}

// followUpView recalls the ask the organizer made, on the day they chose.
// who is how to name the other person; day is the chosen date (a calendar
// date, stored as midnight UTC) and today the reader's date. The ask is
// private: it appears in the blocks, never in the notification text a lock
// screen shows.
func followUpView(o *models.OneToOne, who, ask string, day, today time.Time) (string, []slack.Block) {
	text := fmt.Sprintf("Time to follow up with %s.", who)
	lead := fmt.Sprintf(":mag: Today's the day you chose to follow up with %s.", who)
	if day.Format(time.DateOnly) != today.Format(time.DateOnly) {
		lead = fmt.Sprintf(":mag: You chose %s to follow up with %s.", day.Format("Monday, January 2"), who)
	}
	blocks := []slack.Block{section(lead)}
	if ask = strings.TrimSpace(ask); ask != "" {
		blocks = append(blocks, section("*What you asked of them:*\n"+quote(truncate(ask, askExcerpt))))
	} else {
		blocks = append(blocks, section("You didn't note an ask. Your reflection may remind you what you talked about."))
	}
	return text, append(blocks,
		contextLine(":lock: Only you can see this."),
		actions("follow_up", button("Open my reflection", actReflect, o.ID, "")),
	)
}

// expiredView tells the requester, kindly, that a request closed after a
// long wait.
func expiredView(o *models.OneToOne, loc *time.Location, command string) (string, []slack.Block) {
	other := otherOf(o, o.RequesterID)
	text := fmt.Sprintf("Your request to meet %s has closed.", other)
	return text, []slack.Block{
		section(fmt.Sprintf(":fallen_leaf: Your request to meet %s, sent on %s, has closed after a long wait without a time. That's okay: timing matters, and people's lives get full.", other, slackDay(o.RequestedAt, loc))),
		contextLine(fmt.Sprintf("You can ask again later with `%s`, or say hello in person.", command)),
	}
}

// missedView is what each person sees once a meeting is marked as not
// having happened: the one who said so (clicked) and the other.
func missedView(o *models.OneToOne, viewer models.UserID, clicked bool) (string, []slack.Block) {
	other := otherOf(o, viewer)
	var text, body string
	if clicked {
		text = fmt.Sprintf("Noted: your one-to-one with %s didn't happen.", other)
		body = fmt.Sprintf(":arrows_counterclockwise: No problem, it happens. I've reopened your one-to-one with %s so you can pick a new time together.", other)
		if o.InviteeID == "" {
			body = fmt.Sprintf(":arrows_counterclockwise: No problem, it happens. I've reopened your one-to-one with %s so you can pick a new time when you've spoken.", other)
		}
	} else {
		text = fmt.Sprintf("%s let me know your one-to-one didn't happen.", other)
		body = fmt.Sprintf(":arrows_counterclockwise: %s let me know your one-to-one didn't happen as planned. No problem: pick a new time when it suits you.", other)
	}
	last := button("Cancel request", actCancel, o.ID, "")
	switch {
	case viewer == o.InviteeID:
		last = button("Not now", actNotNow, o.ID, "")
	case o.InviteeID == "":
		// Someone outside Slack: there is nobody to tell; the cancel
		// window only confirms.
		last = button("Cancel", actCancel, o.ID, "")
	}
	return text, []slack.Block{
		section(body),
		actions("missed", button("Pick a time", actPickTime, o.ID, slack.StylePrimary), last),
	}
}
