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
// tells coordinators when reflections are not encrypted. It is in l.
func settingsModal(l catalog.Lang, st, def models.Settings, coordinators []models.UserID, encrypted bool) slack.ModalViewRequest {
	t := func(id string) string { return catalog.T(l, id, nil) }
	var blocks []slack.Block
	if !encrypted {
		blocks = append(blocks, section(t("settings.unencrypted")))
	}

	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain(t("settings.choose_channel")), "digest_channel")
	channel.InitialConversation = st.DigestChannel
	channel.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	ch := slack.NewInputBlock("digest_channel", plain(t("settings.channel")), plain(t("settings.channel_hint")), channel)
	ch.Optional = true
	noDigest := slack.NewOptionBlockObject("off", plain(t("settings.no_digest")), nil)
	offBox := slack.NewCheckboxGroupsBlockElement("digest_off", noDigest)
	if st.DigestChannel == "" {
		offBox.InitialOptions = []*slack.OptionBlockObject{noDigest}
	}
	off := slack.NewInputBlock("digest_off", plain(t("settings.digest_off")), nil, offBox)
	off.Optional = true

	var days []*slack.OptionBlockObject
	var initialDay *slack.OptionBlockObject
	day, hour, minute, weekly := parseWeeklyCron(st.DigestCron)
	for _, d := range weekdays {
		opt := slack.NewOptionBlockObject(strconv.Itoa(int(d)), plain(catalog.Weekday(l, d)), nil)
		days = append(days, opt)
		if weekly && d == day {
			initialDay = opt
		}
	}
	daySel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(t("settings.day_placeholder")), "digest_day", days...)
	daySel.InitialOption = initialDay
	dayIn := slack.NewInputBlock("digest_day", plain(t("settings.day")), nil, daySel)
	dayIn.Optional = true
	tp := slack.NewTimePickerBlockElement("digest_time")
	if weekly {
		tp.InitialTime = fmt.Sprintf("%02d:%02d", hour, minute)
	}
	timeIn := slack.NewInputBlock("digest_time", plain(t("settings.time")), plain(t("settings.time_hint")), tp)
	timeIn.Optional = true

	coords := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain(t("common.choose_people")), "coordinators")
	for _, id := range coordinators {
		coords.InitialUsers = append(coords.InitialUsers, string(id))
	}
	coordIn := slack.NewInputBlock("coordinators", plain(t("settings.coordinators")), plain(t("settings.coordinators_hint")), coords)
	coordIn.Optional = true

	orDefault := func(hint, def string) string {
		if hint == "" {
			return catalog.T(l, "settings.or_default_bare", map[string]any{"Default": def})
		}
		return catalog.T(l, "settings.or_default", map[string]any{"Hint": hint, "Default": def})
	}
	duration := models.FormatDuration
	blocks = append(blocks,
		ch, off, dayIn, timeIn,
		textInput(inputField{ID: models.FieldTimezone, Label: t("settings.timezone"), Placeholder: "America/Chicago", Initial: st.Timezone, Hint: orDefault(t("settings.timezone_hint"), def.Timezone), Optional: true, MaxLen: 64}),
		textInput(inputField{ID: models.FieldNudgeAfter, Label: t("settings.nudge"), Placeholder: "14d", Initial: duration(st.NudgeAfter), Hint: orDefault(t("settings.nudge_hint"), duration(def.NudgeAfter)), Optional: true, MaxLen: 16}),
		textInput(inputField{ID: models.FieldExpireAfter, Label: t("settings.expire"), Placeholder: "42d", Initial: duration(st.ExpireAfter), Hint: orDefault(t("settings.expire_hint"), duration(def.ExpireAfter)), Optional: true, MaxLen: 16}),
		textInput(inputField{ID: models.FieldReflectionDelay, Label: t("settings.reflection_delay"), Placeholder: "1h", Initial: duration(st.ReflectionDelay), Hint: orDefault(t("settings.reflection_delay_hint"), duration(def.ReflectionDelay)), Optional: true, MaxLen: 16}),
		textInput(inputField{ID: models.FieldDeliveryHours, Label: t("settings.hours"), Placeholder: "09-19", Initial: st.DeliveryHours.String(), Hint: orDefault(t("settings.hours_hint"), def.DeliveryHours.String()), Optional: true, MaxLen: 10}),
		textInput(inputField{ID: models.FieldLadder, Label: t("settings.ladder"), Initial: strings.Join(st.Ladder, "\n"), Hint: t("settings.ladder_hint"), Multiline: true, Optional: true, MaxLen: 500}),
		digestNamesInput(l, st.DigestNames),
		textInput(inputField{ID: models.FieldUnaskedPerWeek, Label: t("settings.unasked"), Placeholder: strconv.Itoa(models.DefaultUnaskedPerWeek), Initial: strconv.Itoa(st.UnaskedLimit()), Hint: orDefault(catalog.T(l, "settings.unasked_hint", map[string]any{"Max": models.MaxUnaskedPerWeek}), strconv.Itoa(def.UnaskedLimit())), Optional: true, MaxLen: 2}),
		groupLanguageInput(l, st.Language),
		welcomeInput(l, st.Welcome),
		textInput(inputField{ID: models.FieldGuideURL, Label: t("settings.guide_url"), Placeholder: t("settings.guide_url_placeholder"), Initial: st.GuideURL, Hint: t("settings.guide_url_hint"), Optional: true, MaxLen: models.MaxGuideURL}),
		issueTagsInput(l, st.IssueTags),
		rosterFieldsInput(l, st),
		coordIn,
	)
	return modal(l, viewSettings, t("settings.title"), t("common.save"), "", blocks...)
}

// digestNamesInput asks who the public digest names, showing the choice
// in effect (models.DigestNamesHeld when none was made), in l.
func digestNamesInput(l catalog.Lang, v string) *slack.InputBlock {
	t := func(id string) string { return catalog.T(l, id, nil) }
	held := slack.NewOptionBlockObject(models.DigestNamesHeld, plain(t("settings.names_held")),
		plain(t("settings.names_held_hint")))
	counts := slack.NewOptionBlockObject(models.DigestNamesCounts, plain(t("settings.names_counts")),
		plain(t("settings.names_counts_hint")))
	radio := slack.NewRadioButtonsBlockElement(models.FieldDigestNames, held, counts)
	radio.InitialOption = held
	if !models.NamesInDigest(v) {
		radio.InitialOption = counts
	}
	return slack.NewInputBlock(models.FieldDigestNames, plain(t("settings.names")), plain(t("settings.names_hint")), radio)
}

// issueTagsInput asks for the group's issue tags, one per line, which the
// reflection modal offers (models.Settings.IssueTags), in l.
func issueTagsInput(l catalog.Lang, tags []string) *slack.InputBlock {
	return textInput(inputField{ID: models.FieldIssueTags, Label: catalog.T(l, "settings.issue_tags", nil), Placeholder: catalog.T(l, "settings.issue_tags_placeholder", nil), Initial: strings.Join(tags, "\n"),
		Hint: catalog.T(l, "settings.issue_tags_hint", map[string]any{"Max": models.MaxIssueTags}), Multiline: true, Optional: true, MaxLen: models.MaxIssueTags * (models.MaxIssueTag + 1)})
}

// rosterFieldsInput asks what the group calls the roster's three fields,
// one per line; empty while the group keeps the bot's own names, which the
// hint gives, in l.
func rosterFieldsInput(l catalog.Lang, st models.Settings) *slack.InputBlock {
	var initial string
	if len(st.RosterFields) == models.RosterFieldCount {
		initial = strings.Join(st.RosterFields, "\n")
	}
	own := rosterFields(l, models.Settings{})
	return textInput(inputField{ID: models.FieldRosterFields, Label: catalog.T(l, "settings.roster_fields", nil), Initial: initial,
		Hint: catalog.T(l, "settings.roster_fields_hint", map[string]any{"Fields": strings.Join(own[:], ", ")}), Multiline: true, Optional: true, MaxLen: models.RosterFieldCount * (models.MaxRosterField + 1)})
}
