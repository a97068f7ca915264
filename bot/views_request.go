package bot

import (
	"strconv"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// personData is the placeholder data of a message about one person.
func personData(who string) map[string]any { return map[string]any{"Person": who} }

// inviteView is the DM the invitee gets: who asks, why, and two honest
// choices.
func inviteView(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "invite.text", personData(mention(string(o.RequesterID))))
	blocks := []slack.Block{section(":wave: " + text)}
	if o.Message != "" {
		blocks = append(blocks, quoteBlocks(o.Message)...)
	}
	blocks = append(blocks,
		contextLine(catalog.T(l, "invite.what_is_it", nil)),
		actions("invite",
			button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary),
			button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, ""),
		),
	)
	return text, blocks
}

// requesterCopyView is the requester's own DM about the request; updates
// about it arrive in its thread.
func requesterCopyView(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "invite.requester_copy", personData(mention(string(o.InviteeID))))
	blocks := []slack.Block{section(":envelope_with_arrow: " + text)}
	if o.Message != "" {
		blocks = append(blocks, quoteBlocks(o.Message)...)
	}
	blocks = append(blocks, actions("request",
		button(catalog.T(l, "common.cancel_request", nil), actCancel, o.ID, ""),
	))
	return text, blocks
}

// requestSentReply confirms a request to the requester, ephemerally.
func requestSentReply(l catalog.Lang, o *models.OneToOne) *reply {
	return textReply("%s", catalog.T(l, "invite.sent", personData(mention(string(o.InviteeID)))))
}

// pendingReply answers a second request for the same person: when the first
// was sent, and a way to nudge instead.
func pendingReply(l catalog.Lang, o *models.OneToOne, loc *time.Location) *reply {
	if o.Status == models.StatusScheduled && o.ScheduledAt != nil {
		return textReply("%s", catalog.T(l, "invite.already_meeting", map[string]any{"Person": mention(string(o.InviteeID)), "When": slackDate(l, *o.ScheduledAt, loc)}))
	}
	text := catalog.T(l, "invite.pending", map[string]any{"Person": mention(string(o.InviteeID)), "Day": slackDay(l, o.RequestedAt, loc)})
	return &reply{Text: text, Blocks: []slack.Block{
		section(text),
		actions("pending", button(catalog.T(l, "invite.send_reminder", nil), actNudge, o.ID, "")),
	}}
}

// reverseReply answers a request to someone who already asked you.
func reverseReply(l catalog.Lang, o *models.OneToOne, loc *time.Location) *reply {
	if o.Status == models.StatusScheduled && o.ScheduledAt != nil {
		return textReply("%s", catalog.T(l, "invite.already_meeting", map[string]any{"Person": mention(string(o.RequesterID)), "When": slackDate(l, *o.ScheduledAt, loc)}))
	}
	text := catalog.T(l, "invite.reverse", personData(mention(string(o.RequesterID))))
	return &reply{Text: text, Blocks: []slack.Block{
		section(text),
		actions("reverse", button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary)),
	}}
}

// scheduledFor is what the scheduled DM knows of its reader beyond the
// one-to-one: whether the time moved (Rescheduled) and whether the reader
// may get the meeting's reminder and prompt (Reachable, models.MayContact's
// answer).
type scheduledFor struct {
	Viewer                 models.UserID
	Loc                    *time.Location
	Rescheduled, Reachable bool
}

// scheduledView is the DM each person gets once a time is set. Slack's date
// formatting shows the time in each reader's own timezone. It promises the
// meeting's reminder and prompt only when the viewer may get them.
func scheduledView(l catalog.Lang, o *models.OneToOne, to scheduledFor) (string, []slack.Block) {
	viewer, loc, reachable := to.Viewer, to.Loc, to.Reachable
	id := "scheduled.text"
	if to.Rescheduled {
		id = "scheduled.text_moved"
	}
	text := catalog.T(l, id, map[string]any{"Person": otherOf(l, o, viewer), "When": slackDate(l, *o.ScheduledAt, loc), "Minutes": o.DurationMin})
	lines := ":calendar: " + text
	if o.Place != "" {
		lines += "\n:round_pushpin: " + esc(o.Place)
	}
	blocks := []slack.Block{section(lines)}
	switch {
	case !reachable:
		blocks = append(blocks, contextLine(catalog.T(l, "scheduled.unreachable", nil)))
	case viewer == o.RequesterID:
		blocks = append(blocks, contextLine(catalog.T(l, "scheduled.requester", nil)))
	default:
		blocks = append(blocks, contextLine(catalog.T(l, "scheduled.invitee", nil)))
	}
	blocks = append(blocks, actions("scheduled",
		button(catalog.T(l, "common.reschedule", nil), actReschedule, o.ID, ""),
		button(catalog.T(l, "common.cancel", nil), actCancel, o.ID, slack.StyleDanger),
	))
	return text, blocks
}

// closedView replaces a message whose buttons must no longer be pressed,
// saying what happened instead.
func closedView(l catalog.Lang, o *models.OneToOne, viewer models.UserID, loc *time.Location) (string, []slack.Block) {
	data := personData(otherOf(l, o, viewer))
	var id string
	switch o.Status {
	case models.StatusScheduled:
		id, data["When"] = "closed.scheduled", slackDate(l, *o.ScheduledAt, loc)
	case models.StatusDeclined:
		id = "closed.declined"
		if viewer == o.InviteeID {
			id = "closed.declined_invitee"
		}
	case models.StatusCancelled:
		id = "closed.cancelled"
		if viewer == o.ClosedBy {
			id = "closed.cancelled_by_me"
		}
	case models.StatusExpired:
		id = "closed.expired"
		if viewer == o.InviteeID {
			id = "closed.expired_invitee"
		}
	default:
		id = "closed.done"
	}
	text := catalog.T(l, id, data)
	return text, []slack.Block{section(text)}
}

// declinedNote tells the requester, kindly and without pressure, that the
// other person can't now.
func declinedNote(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "closed.declined_note", personData(mention(string(o.InviteeID))))
	blocks := []slack.Block{section(text)}
	if o.Reason != "" {
		blocks = append(blocks, section(catalog.T(l, "closed.they_said", nil)+"\n"+quote(o.Reason)))
	}
	return text, blocks
}

// cancelledNote tells the other person a one-to-one is off.
func cancelledNote(l catalog.Lang, o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	text := catalog.T(l, "closed.cancelled_note", personData(mention(string(o.ClosedBy))))
	if o.ScheduledAt != nil {
		text = catalog.T(l, "closed.cancelled_note_when", map[string]any{"Person": mention(string(o.ClosedBy)), "When": slackDate(l, *o.ScheduledAt, loc)})
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
// The datetimepicker shows in the viewer's own timezone. An option's value
// is its number of minutes, whatever the language of its label.
func scheduleModal(l catalog.Lang, o *models.OneToOne, viewer models.UserID, now time.Time, loc *time.Location) slack.ModalViewRequest {
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
		opt := slack.NewOptionBlockObject(strconv.Itoa(d), plain(catalog.N(l, "schedule.minutes", d, nil)), nil)
		opts = append(opts, opt)
		if d == cur {
			initial = opt
		}
	}
	howLong := catalog.T(l, "schedule.how_long", nil)
	dur := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(howLong), "duration", opts...)
	dur.InitialOption = initial
	title := catalog.T(l, "schedule.title", nil)
	if o.Status == models.StatusScheduled {
		title = catalog.T(l, "schedule.title_moved", nil)
	}
	return modal(l, viewSchedule, title, catalog.T(l, "common.save", nil), o.ID.String(),
		section(catalog.T(l, "schedule.intro", personData(otherOf(l, o, viewer)))),
		slack.NewInputBlock("when", plain(catalog.T(l, "schedule.when", nil)), nil, when),
		slack.NewInputBlock("duration", plain(howLong), plain(catalog.T(l, "schedule.how_long_hint", nil)), dur),
		textInput(inputField{ID: "place", Label: catalog.T(l, "schedule.where", nil), Placeholder: catalog.T(l, "schedule.where_placeholder", nil), Initial: o.Place, Hint: catalog.T(l, "schedule.where_hint", nil), Optional: true, MaxLen: models.MaxPlaceLen}),
	)
}

// declineModal lets the invitee say not now, with an optional word for
// the requester, when the requester may hear it (reachable,
// models.MayContact's answer).
func declineModal(l catalog.Lang, o *models.OneToOne, reachable bool) slack.ModalViewRequest {
	requester := personData(mention(string(o.RequesterID)))
	if !reachable {
		return modal(l, viewDecline, catalog.T(l, "decline.title", nil), catalog.T(l, "decline.close_it", nil), o.ID.String(),
			section(catalog.T(l, "decline.unreachable", requester)),
			contextLine(catalog.T(l, "consent.cannot_pass_on", nil)),
		)
	}
	return modal(l, viewDecline, catalog.T(l, "decline.title", nil), catalog.T(l, "common.send", nil), o.ID.String(),
		section(catalog.T(l, "decline.body", requester)),
		textInput(inputField{ID: "reason", Label: catalog.T(l, "cancel.reason_label", nil), Placeholder: catalog.T(l, "decline.reason_placeholder", nil), Multiline: true, Optional: true, MaxLen: models.MaxReasonLen}),
	)
}

// requestModal is the invitation form behind a bare /one-to-one, or the
// Ask button of someone on my list (initialUser). The invitation starts as
// the guide's sample script (invite.sample), in the language of whoever
// opens the form: they send it as they leave it.
func requestModal(l catalog.Lang, initialUser string) slack.ModalViewRequest {
	who := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(catalog.T(l, "request_modal.choose", nil)), "who")
	who.InitialUser = initialUser
	blocks := []slack.Block{
		section(catalog.T(l, "invite.what_is_it", nil)),
		slack.NewInputBlock("who", plain(catalog.T(l, "request_modal.who", nil)), nil, who),
		textInput(inputField{ID: "message", Label: catalog.T(l, "request_modal.message", nil), Initial: catalog.T(l, "invite.sample", nil), Hint: catalog.T(l, "request_modal.message_hint", nil), Multiline: true, MaxLen: models.MaxMessageLen}),
	}
	blocks = append(blocks, proposedPickers(l)...)
	blocks = append(blocks,
		textInput(inputField{ID: "times", Label: catalog.T(l, "request_modal.times", nil), Placeholder: catalog.T(l, "request_modal.times_placeholder", nil), Hint: catalog.T(l, "request_modal.times_hint", nil), Optional: true, MaxLen: 300}),
	)
	return modal(l, viewRequest, catalog.T(l, "request_modal.title", nil), catalog.T(l, "common.send", nil), "", blocks...)
}

// nudgeInviteeView is the gentle reminder of an open request, sent when the
// requester asks for it (the scheduler's own is nudgeInviteeAutoView).
func nudgeInviteeView(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "nudge.manual", personData(mention(string(o.RequesterID))))
	return text, []slack.Block{
		section(text),
		actions("nudge",
			button(catalog.T(l, "common.pick_time", nil), actPickTime, o.ID, slack.StylePrimary),
			button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, ""),
		),
	}
}
