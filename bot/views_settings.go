package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
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

// settingsModal lets a coordinator change the workspace's settings. What is
// shown is st, the settings in effect, environment defaults included; each
// text input says what emptying it returns to (def, the operator's). It
// tells coordinators when reflections are not encrypted. It is in l, the
// coordinator's language.
func settingsModal(l catalog.Lang, st, def models.Settings, coordinators []models.UserID, encrypted bool) slack.ModalViewRequest {
	var blocks []slack.Block
	if !encrypted {
		blocks = append(blocks, section(unencryptedNotice))
	}

	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Choose a channel"), "digest_channel")
	channel.InitialConversation = st.DigestChannel
	channel.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	ch := slack.NewInputBlock("digest_channel", plain("Weekly digest channel"), plain("The bot must be a member of a private channel."), channel)
	ch.Optional = true
	noDigest := slack.NewOptionBlockObject("off", plain("Post no weekly digest"), nil)
	offBox := slack.NewCheckboxGroupsBlockElement("digest_off", noDigest)
	if st.DigestChannel == "" {
		offBox.InitialOptions = []*slack.OptionBlockObject{noDigest}
	}
	off := slack.NewInputBlock("digest_off", plain("Turn the digest off"), nil, offBox)
	off.Optional = true

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
	timeIn := slack.NewInputBlock("digest_time", plain("Digest time"), plain("In the workspace timezone below. Pick neither day nor time for the default."), tp)
	timeIn.Optional = true

	coords := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Choose people"), "coordinators")
	for _, id := range coordinators {
		coords.InitialUsers = append(coords.InitialUsers, string(id))
	}
	coordIn := slack.NewInputBlock("coordinators", plain("Coordinators"), plain("Only they see the team's picture and read reflections (never one about themselves). Workspace admins can open settings but don't read unless named here."), coords)
	coordIn.Optional = true

	orDefault := func(hint, def string) string {
		return strings.TrimSpace(hint + " Leave it empty for the default, " + def + ".")
	}
	duration := models.FormatDuration
	blocks = append(blocks,
		ch, off, dayIn, timeIn,
		textInput(models.FieldTimezone, "Workspace timezone", "America/Chicago", st.Timezone, orDefault("For the digest and for people whose Slack profile has no timezone.", def.Timezone), false, true, 64),
		textInput(models.FieldNudgeAfter, "Nudge an unanswered request after", "14d", duration(st.NudgeAfter), orDefault("Like 14d, 36h or 90m. The guide asks to schedule within 2 weeks.", duration(def.NudgeAfter)), false, true, 16),
		textInput(models.FieldExpireAfter, "Close an unscheduled request after", "42d", duration(st.ExpireAfter), orDefault("Later than the nudge. The requester gets a kind note.", duration(def.ExpireAfter)), false, true, 16),
		textInput(models.FieldReflectionDelay, "Ask for a reflection after the meeting", "1h", duration(st.ReflectionDelay), orDefault("Like 1h or 30m after it ends, up to 3d.", duration(def.ReflectionDelay)), false, true, 16),
		textInput(models.FieldDeliveryHours, "Send reminders between (local hours)", "09-19", st.DeliveryHours.String(), orDefault("Like 09-19, or \"always\". Each person's own timezone.", def.DeliveryHours.String()), false, true, 10),
		textInput(models.FieldLadder, "Engagement ladder (5 lines, lowest first)", "", strings.Join(st.Ladder, "\n"), "Leave it empty for the default steps.", true, true, 500),
		digestNamesInput(st.DigestNames),
		textInput(models.FieldUnaskedPerWeek, "Unasked messages per person per week, at most", strconv.Itoa(models.DefaultUnaskedPerWeek), strconv.Itoa(st.UnaskedLimit()),
			orDefault(fmt.Sprintf("Nudges, reminders others send, a second ask to reflect. Past the number, scheduled ones wait for next week and a Remind them is kindly refused. Replies, invitations, news of one's own requests and a meeting's own messages don't count. 0 to %d.", models.MaxUnaskedPerWeek), strconv.Itoa(def.UnaskedLimit())), false, true, 2),
		groupLanguageInput(l, st.Language),
		coordIn,
	)
	return modal(catalog.English, viewSettings, "Settings", "Save", "", blocks...)
}

// digestNamesInput asks who the public digest names, showing the choice
// in effect (models.DigestNamesHeld when none was made).
func digestNamesInput(v string) *slack.InputBlock {
	held := slack.NewOptionBlockObject(models.DigestNamesHeld, plain("Name people"),
		plain("Who held one-to-ones in the last 4 weeks, with how many, and newcomers nobody has met yet."))
	counts := slack.NewOptionBlockObject(models.DigestNamesCounts, plain("Counts only"),
		plain("Nobody is named; coordinators see who in the team view."))
	radio := slack.NewRadioButtonsBlockElement(models.FieldDigestNames, held, counts)
	radio.InitialOption = held
	if !models.NamesInDigest(v) {
		radio.InitialOption = counts
	}
	return slack.NewInputBlock(models.FieldDigestNames, plain("Names in the weekly digest"), plain("Personal goals are never posted, whichever you choose."), radio)
}

// unencryptedNotice tells coordinators that reflections are stored as
// written, and how to change that (README, "Encryption and key rotation").
const unencryptedNotice = ":warning: *Reflections are stored without encryption.* Anyone with a copy of the database or a backup can read people's stories. " +
	"To turn encryption on, whoever runs the bot sets `ONETOONE_ENCRYPTION_KEY` and restarts it, then runs `onetoone reseal` for the reflections already written " +
	"(see \"Encryption and key rotation\" in the README)."
