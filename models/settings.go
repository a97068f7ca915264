package models

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
)

// Settings are how the bot works in one workspace: where and when the
// digest goes, its timezone, the timing of nudges, expiry and reflection
// prompts, the hours messages may arrive, and the engagement ladder.
//
// The operator's environment gives each one a default (cmd/onetoone);
// coordinators change them in /one-to-one settings, and only what they
// changed overrides the environment (SavedSettings). The bot and the
// scheduler act on SavedSettings.Effective, which always passes Validate.
//
// To add a setting: a field here, its rules in Validate, a column in
// SavedSettings with its lines in Effective, Choose and Reset (and a
// migration), and its input in the settings modal (bot/views_settings.go
// and bot/handlers_settings.go). Its Field name is the modal's block id, so
// Validate's errors land beside the input.
type Settings struct {
	// DigestChannel is where the weekly digest is posted; "" posts none.
	DigestChannel string
	// DigestCron is when, as cron in Timezone.
	DigestCron string
	// Timezone is the workspace's IANA zone: for the digest, and for
	// people whose Slack profile has none.
	Timezone string
	// NudgeAfter is how long a request may wait without a time before both
	// people get one nudge; ExpireAfter, before it closes. The nudge comes
	// first.
	NudgeAfter  time.Duration
	ExpireAfter time.Duration
	// ReflectionDelay is how long after a meeting ends its organizer is
	// asked how it went.
	ReflectionDelay time.Duration
	// DeliveryHours is when, in each person's own timezone, scheduled
	// messages go out.
	DeliveryHours Hours
	// Ladder names the engagement ladder's LadderSteps steps, lowest
	// first; nil keeps the bot's own.
	Ladder []string
	// DigestNames is who the public digest names: DigestNamesHeld (the
	// default, also "") or DigestNamesCounts.
	DigestNames string
	// UnaskedPerWeek is how many messages nobody asked for a person may get
	// in a week (budget.go); nil is DefaultUnaskedPerWeek, and 0 is none.
	UnaskedPerWeek *int
	// Language is the group's language, an ISO 639-1 code ("en", "es";
	// "" is DefaultLanguage):
	// the digest's and channel posts', and everyone's who chose none and
	// whose Slack speaks a language the bot does not. Which languages the
	// bot speaks is the bot's to say (bot/catalog): Validate checks only
	// the code's form, and whoever offers a choice checks it is one of
	// theirs (the settings modal, cmd/onetoone's loader).
	Language string
	// Welcome sends a welcome DM to each person who joins the digest
	// channel, once (welcome.go); off unless the coordinators turn it on.
	Welcome bool
	// GuideURL is the group's guide, linked from the welcome: an http or
	// https address, or "" for none.
	GuideURL string
	// IssueTags are the group's issue tags ("wages", "safety"), offered in
	// the reflection modal and counted in the team view; nil or empty is
	// none (settings_campaign.go).
	IssueTags []string
	// RosterFields name the roster's three fields (Person.Site,
	// Department, Shift) as the group calls them ("Ward", "Unit",
	// "Shift"); nil keeps the bot's own (Worksite, Department, Shift).
	RosterFields []string
}

// Settings' names, as Validate's FieldErrors, Reset and the settings modal
// call them.
const (
	FieldDigestChannel   = "digest_channel"
	FieldDigestCron      = "digest_cron"
	FieldTimezone        = "timezone"
	FieldNudgeAfter      = "nudge_after"
	FieldExpireAfter     = "expire_after"
	FieldReflectionDelay = "reflection_delay"
	FieldDeliveryHours   = "delivery_hours"
	FieldLadder          = "ladder"
	FieldDigestNames     = "digest_names"
	FieldUnaskedPerWeek  = "unasked_per_week"
	FieldLanguage        = "language"
	FieldWelcome         = "welcome"
	FieldGuideURL        = "guide_url"
	FieldIssueTags       = "issue_tags"
	FieldRosterFields    = "roster_fields"
)

// The product's own defaults, for what the environment leaves unset.
const (
	// DefaultNudgeAfter is the guide's "schedule it within 2 weeks".
	DefaultNudgeAfter = 14 * 24 * time.Hour
	// DefaultExpireAfter closes a request after six weeks without a time.
	DefaultExpireAfter = 42 * 24 * time.Hour
	// DefaultReflectionDelay leaves time to get home after the meeting.
	DefaultReflectionDelay = time.Hour
	// DefaultDigestCron posts the digest on Monday at 9:00.
	DefaultDigestCron = "0 9 * * 1"
	// DefaultTimezone is the workspace's zone when nobody names one.
	DefaultTimezone = "UTC"
	// DefaultLanguage is the group's language when nobody names one.
	DefaultLanguage = "en"
)

// Limits of the settings' values.
const (
	// MaxReflectionDelay: a prompt days after the meeting finds it
	// forgotten, and the scheduler stops looking for meetings a week old.
	MaxReflectionDelay = 72 * time.Hour
	// LadderSteps is the number of steps of the engagement ladder, one per
	// engagement level.
	LadderSteps = MaxEngagement - MinEngagement + 1
	// MaxLadderLabel bounds a step's name, so it fits a select option.
	MaxLadderLabel = 60
)

// WithDefaults fills what st leaves zero with the product's defaults. A
// zero DigestChannel stays zero (no digest), and so does Ladder (the bot's
// own).
func (st Settings) WithDefaults() Settings {
	if st.DigestCron == "" {
		st.DigestCron = DefaultDigestCron
	}
	if st.Timezone == "" {
		st.Timezone = DefaultTimezone
	}
	if st.NudgeAfter == 0 {
		st.NudgeAfter = DefaultNudgeAfter
	}
	if st.ExpireAfter == 0 {
		st.ExpireAfter = DefaultExpireAfter
	}
	if st.ReflectionDelay == 0 {
		st.ReflectionDelay = DefaultReflectionDelay
	}
	if st.DeliveryHours == (Hours{}) {
		st.DeliveryHours = DefaultHours
	}
	if st.DigestNames == "" {
		st.DigestNames = DigestNamesHeld
	}
	if st.Language == "" {
		st.Language = DefaultLanguage
	}
	return st
}

// Validate returns every rule st breaks, at most one per field, in the
// order of Settings' fields; nil when the bot can work with st. The
// settings modal shows each beside its input; the environment's loader
// names the variable of the first. Each message is written for the person
// who chose the value.
func (st Settings) Validate() []*FieldError {
	var errs []*FieldError
	bad := func(field, format string, args ...any) *Error {
		e := Errorf(EINVALID, format, args...)
		errs = append(errs, &FieldError{Field: field, Err: e})
		return e
	}
	if st.DigestChannel != "" && !validChannelID(st.DigestChannel) {
		bad(FieldDigestChannel, "Name the channel by its id, like C012AB3CD (right-click the channel, View channel details).").Msg("settings.err_channel")
	}
	if _, err := cron.ParseStandard(st.DigestCron); err != nil || strings.TrimSpace(st.DigestCron) == "" {
		bad(FieldDigestCron, "Write the schedule as cron, like \"0 9 * * 1\" for Mondays at 9:00.")
	}
	if _, err := time.LoadLocation(st.Timezone); err != nil || st.Timezone == "" {
		bad(FieldTimezone, "That isn't a timezone I know. Use a name like America/Chicago or Europe/Paris.").Msg("settings.err_timezone")
	}
	// The nudge must come before the request closes, or nobody is ever
	// nudged; each side says so, since either may be what changed.
	nudgeOK, expireOK := st.NudgeAfter > 0, st.ExpireAfter > 0
	switch {
	case !nudgeOK:
		bad(FieldNudgeAfter, "Choose how long a request may wait before the nudge, like 14d.").Msg("settings.err_nudge")
	case expireOK && st.NudgeAfter >= st.ExpireAfter:
		bad(FieldNudgeAfter, "The nudge must come before the request closes, after %s: choose less than that.", FormatDuration(st.ExpireAfter)).Msg("settings.err_nudge_after_expire", "Expire", FormatDuration(st.ExpireAfter))
	}
	switch {
	case !expireOK:
		bad(FieldExpireAfter, "Choose how long a request stays open, like 42d.").Msg("settings.err_expire")
	case nudgeOK && st.NudgeAfter >= st.ExpireAfter:
		bad(FieldExpireAfter, "A request must stay open longer than the nudge, %s, or nobody is ever nudged.", FormatDuration(st.NudgeAfter)).Msg("settings.err_expire_before_nudge", "Nudge", FormatDuration(st.NudgeAfter))
	}
	if st.ReflectionDelay <= 0 || st.ReflectionDelay > MaxReflectionDelay {
		bad(FieldReflectionDelay, "Choose a delay of up to %s after the meeting, like 1h or 30m.", FormatDuration(MaxReflectionDelay)).Msg("settings.err_reflection_delay", "Max", FormatDuration(MaxReflectionDelay))
	}
	if e := ValidateGuideURL(st.GuideURL); e != nil {
		errs = append(errs, &FieldError{Field: FieldGuideURL, Err: e})
	}
	if !st.DeliveryHours.valid() {
		bad(FieldDeliveryHours, hoursHelp).Msg("settings.err_hours")
	}
	if st.Ladder != nil {
		switch {
		case len(st.Ladder) != LadderSteps:
			bad(FieldLadder, "Write exactly %d steps, one per line.", LadderSteps).Msg("settings.err_ladder_steps", "Steps", LadderSteps)
		case !ladderLabelsOK(st.Ladder):
			bad(FieldLadder, "Give every step a name of up to %d characters.", MaxLadderLabel).Msg("settings.err_ladder_label", "Max", MaxLadderLabel)
		}
	}
	if err := CheckDigestNames(st.DigestNames); err != nil {
		errs = append(errs, err.(*FieldError))
	}
	if st.UnaskedPerWeek != nil {
		if err := ValidateUnaskedPerWeek(*st.UnaskedPerWeek); err != nil {
			errs = append(errs, err.(*FieldError))
		}
	}
	if st.Language != "" && !ValidLanguage(st.Language) {
		bad(FieldLanguage, "Name the language by its two-letter code, like en or es.")
	}
	errs = append(errs, st.validateCampaign()...)
	return errs
}

// ValidLanguage reports whether code has the form of an ISO 639-1 code,
// two lowercase letters, as language choices are stored. Whether the bot
// speaks it is bot/catalog's to say.
func ValidLanguage(code string) bool {
	return len(code) == 2 && 'a' <= code[0] && code[0] <= 'z' && 'a' <= code[1] && code[1] <= 'z'
}

func ladderLabelsOK(labels []string) bool {
	for _, l := range labels {
		if strings.TrimSpace(l) == "" || strings.Contains(l, "\n") || utf8.RuneCountInString(l) > MaxLadderLabel {
			return false
		}
	}
	return true
}

// Location is the workspace's timezone, UTC when Timezone names none this
// machine knows (Effective never returns such settings).
func (st Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(st.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// validChannelID accepts a Slack channel id: C or G, then capitals and
// digits.
func validChannelID(id string) bool {
	if len(id) < 3 || (id[0] != 'C' && id[0] != 'G') {
		return false
	}
	for _, r := range id[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Hours is the daily window, in each person's own timezone, in which the
// bot sends messages nobody asked for just now: [From:00, To:00). The
// scheduler does the clock arithmetic on it (scheduler.Hours).
type Hours struct{ From, To int }

// DefaultHours is 09:00 to 19:00, every day.
var DefaultHours = Hours{9, 19}

// AllDay turns quiet hours off ("always").
var AllDay = Hours{0, 24}

const hoursHelp = "Write two hours like 09-19 (from 9 in the morning to 7 in the evening, the first before the second), or always."

// ParseHours reads "09-19" (from 09:00 to 19:00) or "always".
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "always") {
		return AllDay, nil
	}
	from, to, ok := strings.Cut(s, "-")
	f, err1 := strconv.Atoi(strings.TrimSpace(from))
	t, err2 := strconv.Atoi(strings.TrimSpace(to))
	h := Hours{f, t}
	if !ok || err1 != nil || err2 != nil || !h.valid() {
		return Hours{}, Errorf(EINVALID, hoursHelp).Msg("settings.err_hours")
	}
	return h, nil
}

func (h Hours) valid() bool { return h.From >= 0 && h.To <= 24 && h.From < h.To }

// String is the window as ParseHours reads it.
func (h Hours) String() string {
	if h == AllDay {
		return "always"
	}
	return fmt.Sprintf("%02d-%02d", h.From, h.To)
}

// maxDays is the most days a time.Duration holds (about 292 years).
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// ParseDuration reads a duration as people write one in settings and in
// the environment: Go's form ("90m", "1h30m") or whole days ("14d"). It
// must be positive.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days > 0 && days <= maxDays && strconv.Itoa(days) == n {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, Errorf(EINVALID, "Write a time like 90m, 2h or 14d.").Msg("settings.err_duration")
	}
	return d, nil
}

// FormatDuration writes d as ParseDuration reads it: whole days as "14d",
// the rest in Go's form without trailing zero units ("36h", "30m", "1h30m").
func FormatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
