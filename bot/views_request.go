package bot

import (
	"fmt"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// sampleInvitation follows the guide's sample script: interest in the
// person, an hour over coffee, face to face, soon.
const sampleInvitation = "Hi! I'd love to get to know you better: what brought you here, what matters to you, and a bit about what we're working on. Would you be up for an hour over coffee sometime in the next two weeks?"

// whatIsAOneToOne explains the ask in plain words, for people who have never
// had one.
const whatIsAOneToOne = "A one-to-one is an unhurried conversation, ideally face to face, to get to know each other: what you care about and why. Plan on 45 minutes to an hour. No agenda, no sales pitch."

// inviteView is the DM the invitee gets: who asks, why, and two honest
// choices.
func inviteView(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("%s would like to have a one-to-one with you.", mention(string(o.RequesterID)))
	blocks := []slack.Block{section(":wave: " + text)}
	if o.Message != "" {
		blocks = append(blocks, quoteBlocks(o.Message)...)
	}
	blocks = append(blocks,
		contextLine(whatIsAOneToOne),
		actions("invite",
			button("Pick a time", actPickTime, o.ID, slack.StylePrimary),
			button("Not now", actNotNow, o.ID, ""),
		),
	)
	return text, blocks
}

// requesterCopyView is the requester's own DM about the request; updates
// about it arrive in its thread.
func requesterCopyView(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("I sent your invitation to %s. I'll tell you here when they answer.", mention(string(o.InviteeID)))
	blocks := []slack.Block{section(":envelope_with_arrow: " + text)}
	if o.Message != "" {
		blocks = append(blocks, quoteBlocks(o.Message)...)
	}
	blocks = append(blocks, actions("request",
		button("Cancel request", actCancel, o.ID, ""),
	))
	return text, blocks
}

// requestSentReply confirms a request to the requester, ephemerally.
func requestSentReply(o *models.OneToOne) *reply {
	return textReply(":white_check_mark: Invitation sent to %s. I'll DM you when they pick a time.", mention(string(o.InviteeID)))
}

// pendingReply answers a second request for the same person: when the first
// was sent, and a way to nudge instead.
func pendingReply(o *models.OneToOne, loc *time.Location) *reply {
	var text string
	if o.Status == models.StatusScheduled && o.ScheduledAt != nil {
		text = fmt.Sprintf("You're already meeting %s on %s. No need to ask again!", mention(string(o.InviteeID)), slackDate(*o.ScheduledAt, loc))
		return textReply("%s", text)
	}
	text = fmt.Sprintf("You already asked %s on %s, and they haven't answered yet. Want me to send a gentle reminder?", mention(string(o.InviteeID)), slackDay(o.RequestedAt, loc))
	return &reply{Text: text, Blocks: []slack.Block{
		section(text),
		actions("pending", button("Send a gentle reminder", actNudge, o.ID, "")),
	}}
}

// reverseReply answers a request to someone who already asked you.
func reverseReply(o *models.OneToOne, loc *time.Location) *reply {
	if o.Status == models.StatusScheduled && o.ScheduledAt != nil {
		return textReply("You're already meeting %s on %s. No need to ask again!", mention(string(o.RequesterID)), slackDate(*o.ScheduledAt, loc))
	}
	text := fmt.Sprintf("Good news: %s already asked you for a one-to-one! Pick a time that works for you both.", mention(string(o.RequesterID)))
	return &reply{Text: text, Blocks: []slack.Block{
		section(text),
		actions("reverse", button("Pick a time", actPickTime, o.ID, slack.StylePrimary)),
	}}
}

// scheduledView is the DM each person gets once a time is set. Slack's date
// formatting shows the time in each reader's own timezone. It promises the
// meeting's reminder and prompt only when the viewer may get them
// (reachable, models.MayContact's answer).
func scheduledView(o *models.OneToOne, viewer models.UserID, loc *time.Location, rescheduled, reachable bool) (string, []slack.Block) {
	other := otherOf(o, viewer)
	verb := "is set:"
	if rescheduled {
		verb = "has moved to"
	}
	when := slackDate(*o.ScheduledAt, loc)
	text := fmt.Sprintf("Your one-to-one with %s %s %s, for %d minutes.", other, verb, when, o.DurationMin)
	lines := ":calendar: " + text
	if o.Place != "" {
		lines += "\n:round_pushpin: " + esc(o.Place)
	}
	blocks := []slack.Block{section(lines)}
	switch {
	case !reachable:
		blocks = append(blocks, contextLine("You've asked me not to send you messages, so I won't remind you beforehand or ask afterwards how it went. It may help to put it in your calendar."))
	case viewer == o.RequesterID:
		blocks = append(blocks, contextLine("I'll remind you beforehand with a few tips, and ask afterwards how it went."))
	default:
		blocks = append(blocks, contextLine("I'll send a short reminder beforehand, and ask afterwards how it went."))
	}
	blocks = append(blocks, actions("scheduled",
		button("Reschedule", actReschedule, o.ID, ""),
		button("Cancel", actCancel, o.ID, slack.StyleDanger),
	))
	return text, blocks
}

// closedView replaces a message whose buttons must no longer be pressed,
// saying what happened instead.
func closedView(o *models.OneToOne, viewer models.UserID, loc *time.Location) (string, []slack.Block) {
	other := otherOf(o, viewer)
	var text string
	switch o.Status {
	case models.StatusScheduled:
		text = fmt.Sprintf(":calendar: Scheduled with %s for %s. The details are below.", other, slackDate(*o.ScheduledAt, loc))
	case models.StatusDeclined:
		if viewer == o.InviteeID {
			text = fmt.Sprintf("You let %s know this isn't a good time. Thanks for saying so.", other)
		} else {
			text = fmt.Sprintf("Not this time with %s.", other)
		}
	case models.StatusCancelled:
		if viewer == o.ClosedBy {
			text = fmt.Sprintf("You cancelled the one-to-one with %s.", other)
		} else {
			text = fmt.Sprintf("%s cancelled the one-to-one.", other)
		}
	case models.StatusExpired:
		if viewer == o.InviteeID {
			text = fmt.Sprintf("%s's request has closed after a long wait.", other)
		} else {
			text = fmt.Sprintf("Your request to meet %s has closed after a long wait.", other)
		}
	default:
		text = fmt.Sprintf("Your one-to-one with %s is done.", other)
	}
	return text, []slack.Block{section(text)}
}

// declinedNote tells the requester, kindly and without pressure, that the
// other person can't now.
func declinedNote(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("%s can't meet right now. That's okay: timing matters, and you can always ask again later.", mention(string(o.InviteeID)))
	blocks := []slack.Block{section(text)}
	if o.Reason != "" {
		blocks = append(blocks, section("They said:\n"+quote(o.Reason)))
	}
	return text, blocks
}

// cancelledNote tells the other person a one-to-one is off.
func cancelledNote(o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	text := fmt.Sprintf("%s cancelled your one-to-one.", mention(string(o.ClosedBy)))
	if o.ScheduledAt != nil {
		text = fmt.Sprintf("%s cancelled your one-to-one on %s.", mention(string(o.ClosedBy)), slackDate(*o.ScheduledAt, loc))
	}
	blocks := []slack.Block{section(text)}
	if o.Reason != "" {
		blocks = append(blocks, section(quote(o.Reason)))
	}
	return text, blocks
}

// Durations offered in the schedule modal; the guide asks for at least 30
// minutes, ideally 45 to 60.
var durations = []int{30, 45, 60, 90}

// scheduleModal lets either person pick or move the time, length and place.
// The datetimepicker shows in the viewer's own timezone.
func scheduleModal(o *models.OneToOne, viewer models.UserID, now time.Time, loc *time.Location) slack.ModalViewRequest {
	when := slack.NewDateTimePickerBlockElement("when")
	if o.ScheduledAt != nil && o.ScheduledAt.After(now) {
		when.InitialDateTime = o.ScheduledAt.Unix()
	} else {
		// Tomorrow at noon, in the viewer's own day.
		y, m, d := now.In(loc).AddDate(0, 0, 1).Date()
		when.InitialDateTime = time.Date(y, m, d, 12, 0, 0, 0, loc).Unix()
	}
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	cur := o.DurationMin
	if cur == 0 {
		cur = int(models.DefaultDuration / time.Minute)
	}
	for _, d := range durations {
		opt := slack.NewOptionBlockObject(strconv.Itoa(d), plain(fmt.Sprintf("%d minutes", d)), nil)
		opts = append(opts, opt)
		if d == cur {
			initial = opt
		}
	}
	dur := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("How long"), "duration", opts...)
	dur.InitialOption = initial
	title := "Pick a time"
	if o.Status == models.StatusScheduled {
		title = "Reschedule"
	}
	return modal(viewSchedule, title, "Save", o.ID.String(),
		section(fmt.Sprintf("Your one-to-one with %s. Times are in your own timezone.", otherOf(o, viewer))),
		slack.NewInputBlock("when", plain("When"), nil, when),
		slack.NewInputBlock("duration", plain("How long"), plain("The guide suggests 45 to 60 minutes."), dur),
		textInput("place", "Where", "A café, a walk, a break room…", o.Place, "Face to face is best: it's how trust is built.", false, true, models.MaxPlaceLen),
	)
}

// declineModal lets the invitee say not now, with an optional word for
// the requester, when the requester may hear it (reachable,
// models.MayContact's answer).
func declineModal(o *models.OneToOne, reachable bool) slack.ModalViewRequest {
	if !reachable {
		return modal(viewDecline, "Not now", "Close it", o.ID.String(),
			section(fmt.Sprintf("No problem. This closes %s's request.", mention(string(o.RequesterID)))),
			contextLine(cannotPassOn),
		)
	}
	return modal(viewDecline, "Not now", "Send", o.ID.String(),
		section(fmt.Sprintf("No problem. I'll let %s know this isn't a good time, kindly.", mention(string(o.RequesterID)))),
		textInput("reason", "Anything you'd like them to know?", "Busy until the spring, but ask me again!", "", "", true, true, models.MaxReasonLen),
	)
}

// cannotPassOn says, in a modal, why nothing will reach the other person.
const cannotPassOn = "They've asked not to get messages from me, so I can't pass this on. If it matters, let them know yourself."

// requestModal is the invitation form behind a bare /one-to-one, or the
// Ask button of someone on my list (initialUser).
func requestModal(initialUser string) slack.ModalViewRequest {
	who := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Choose someone"), "who")
	who.InitialUser = initialUser
	return modal(viewRequest, "Ask for a one-to-one", "Send", "",
		section(whatIsAOneToOne),
		slack.NewInputBlock("who", plain("Who would you like to meet?"), nil, who),
		textInput("message", "Your invitation", "", sampleInvitation, "Say why you'd like to meet them. Be yourself: honest beats polished.", true, false, models.MaxMessageLen),
		textInput("times", "Times that work for you", "Tuesday or Wednesday evening next week", "", "Optional: a couple of suggestions makes it easy to say yes.", false, true, 300),
	)
}

// nudgeInviteeView is the gentle reminder of an open request, sent when the
// requester asks for it (the scheduler's own is nudgeInviteeAutoView).
func nudgeInviteeView(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("A gentle reminder: %s would still love to meet you for a one-to-one.", mention(string(o.RequesterID)))
	return text, []slack.Block{
		section(text),
		actions("nudge",
			button("Pick a time", actPickTime, o.ID, slack.StylePrimary),
			button("Not now", actNotNow, o.ID, ""),
		),
	}
}
