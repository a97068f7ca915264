package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// parseWeeklyCron reads the simple weekly form "M H * * D" the settings
// modal writes; ok is false for any other schedule.
func parseWeeklyCron(spec string) (day time.Weekday, hour, minute int, ok bool) {
	f := strings.Fields(spec)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" {
		return 0, 0, 0, false
	}
	m, err1 := strconv.Atoi(f[0])
	h, err2 := strconv.Atoi(f[1])
	d, err3 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil || err3 != nil || m < 0 || m > 59 || h < 0 || h > 23 || d < 0 || d > 7 {
		return 0, 0, 0, false
	}
	return time.Weekday(d % 7), h, m, true
}

// settingsModal lets a coordinator change the workspace's choices; what is
// shown is what is in effect, environment defaults included.
func settingsModal(st models.Settings, coordinators []models.Member, ladder []string) slack.ModalViewRequest {
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Choose a channel"), "digest_channel")
	channel.InitialConversation = st.DigestChannel
	channel.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	ch := slack.NewInputBlock("digest_channel", plain("Weekly digest channel"), plain("The bot must be a member of a private channel."), channel)
	ch.Optional = true

	var days []*slack.OptionBlockObject
	var initialDay *slack.OptionBlockObject
	day, hour, minute, weekly := parseWeeklyCron(st.DigestCron)
	for _, d := range weekdays {
		opt := slack.NewOptionBlockObject(strconv.Itoa(int(d)), plain(d.String()), nil)
		days = append(days, opt)
		if weekly && d == day {
			initialDay = opt
		}
	}
	daySel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Day"), "digest_day", days...)
	daySel.InitialOption = initialDay
	dayIn := slack.NewInputBlock("digest_day", plain("Digest day"), nil, daySel)
	dayIn.Optional = true
	tp := slack.NewTimePickerBlockElement("digest_time")
	if weekly {
		tp.InitialTime = fmt.Sprintf("%02d:%02d", hour, minute)
	}
	timeIn := slack.NewInputBlock("digest_time", plain("Digest time"), plain("In the workspace timezone below."), tp)
	timeIn.Optional = true

	coords := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Choose people"), "coordinators")
	for _, m := range coordinators {
		coords.InitialUsers = append(coords.InitialUsers, string(m.ID))
	}
	coordIn := slack.NewInputBlock("coordinators", plain("Coordinators"), plain("They can see the team's picture and read reflections. Workspace admins always can."), coords)
	coordIn.Optional = true

	days14 := ""
	if st.NudgeAfterSec > 0 {
		days14 = strconv.FormatInt(st.NudgeAfterSec/86400, 10)
	}
	hours := ""
	if st.ReflectionDelaySec > 0 {
		hours = strconv.FormatInt(st.ReflectionDelaySec/3600, 10)
	}
	return modal(viewSettings, "Settings", "Save", "",
		ch, dayIn, timeIn,
		textInput("timezone", "Workspace timezone", "America/Chicago", st.Timezone, "For the digest and for people whose Slack profile has no timezone.", false, true, 64),
		textInput("nudge_days", "Nudge an unanswered request after (days)", "14", days14, "The guide asks to schedule within 2 weeks.", false, true, 3),
		textInput("reflection_hours", "Ask for a reflection after the meeting (hours)", "1", hours, "", false, true, 3),
		textInput("delivery_hours", "Send reminders between (local hours)", "09-19", st.DeliveryHours, "Like 09-19, or \"always\". Each person's own timezone.", false, true, 10),
		textInput("unasked_per_week", "Unasked messages per person per week, at most", strconv.Itoa(models.DefaultUnaskedPerWeek), strconv.Itoa(st.UnaskedLimit()),
			fmt.Sprintf("Nudges, reminders others send, notes that a request closed; beyond the number they wait for the next week. Replies, invitations and a meeting's own reminders don't count. 0 to %d.", models.MaxUnaskedPerWeek), false, true, 2),
		textInput("ladder", "Engagement ladder (5 lines, lowest first)", "", strings.Join(ladder, "\n"), "", true, true, 500),
		coordIn,
	)
}
