package models

import (
	"strings"
	"time"
)

// SavedSettings is a group's row of settings: the choices its coordinators
// made in /one-to-one settings, and a mark. Each choice is nil until a
// coordinator changes that setting; from then on it overrides the
// environment's default, and until then a change to the environment shows
// through.
type SavedSettings struct {
	GroupID GroupID `gorm:"primaryKey"`

	DigestChannel      *string // "" posts no digest, whatever the environment names
	DigestCron         *string
	Timezone           *string
	NudgeAfterSec      *int64
	ExpireAfterSec     *int64
	ReflectionDelaySec *int64
	DeliveryHours      *string // as Hours.String writes it
	LadderLabels       *string // LadderSteps lines
	DigestNames        *string // DigestNamesHeld or DigestNamesCounts
	UnaskedPerWeek     *int    // the weekly budget of unasked messages
	Language           *string // the group's language, an ISO 639-1 code
	WelcomeEnabled     *bool   // welcome newcomers to the digest channel (Settings.Welcome)
	GuideURL           *string // the group's guide, linked from the welcome
	IssueTags          *string // the group's issue tags, one per line; "" is none
	RosterFields       *string // RosterFieldCount lines

	// CoordinatorsSavedAt is when coordinators first saved the list of
	// coordinators in settings. From then on that list is the whole list:
	// the environment's first coordinators no longer count.
	CoordinatorsSavedAt *time.Time
	UpdatedAt           time.Time
}

// TableName pins the table name.
func (SavedSettings) TableName() string { return "group_settings" }

// FirstCoordinatorsCount reports whether the environment's first
// coordinators (ONETOONE_COORDINATORS) still count: only until coordinators
// save the list in settings.
func (sv *SavedSettings) FirstCoordinatorsCount() bool {
	return sv == nil || sv.CoordinatorsSavedAt == nil
}

// Effective is the settings in effect: the saved choices over def, the
// environment's. The bot and the scheduler both act on it. A choice that
// breaks a rule with the others, like a nudge that the environment's new
// expiry now comes after, gives way to the environment's value, so what
// Validate refuses is never acted on (def is valid: the loader checks it).
func (sv *SavedSettings) Effective(def Settings) Settings {
	if sv == nil {
		return def
	}
	st := sv.over(def)
	for errs := st.Validate(); len(errs) > 0; errs = st.Validate() {
		kept := *sv
		gaveWay := false
		for _, fe := range errs {
			gaveWay = kept.Reset(fe.Field) || gaveWay
		}
		if !gaveWay {
			return st // def itself breaks the rule: nothing better to offer
		}
		sv = &kept
		st = sv.over(def)
	}
	return st
}

// over lays the saved choices over def.
func (sv *SavedSettings) over(def Settings) Settings {
	st := def
	pick(&st.DigestChannel, sv.DigestChannel)
	pick(&st.DigestCron, sv.DigestCron)
	pick(&st.Timezone, sv.Timezone)
	pickSeconds(&st.NudgeAfter, sv.NudgeAfterSec)
	pickSeconds(&st.ExpireAfter, sv.ExpireAfterSec)
	pickSeconds(&st.ReflectionDelay, sv.ReflectionDelaySec)
	if v := sv.DeliveryHours; v != nil {
		st.DeliveryHours, _ = ParseHours(*v) // zero when unreadable, which Validate refuses
	}
	if v := sv.LadderLabels; v != nil {
		st.Ladder = strings.Split(*v, "\n")
	}
	pick(&st.DigestNames, sv.DigestNames)
	if sv.UnaskedPerWeek != nil {
		st.UnaskedPerWeek = sv.UnaskedPerWeek
	}
	pick(&st.Language, sv.Language)
	pick(&st.Welcome, sv.WelcomeEnabled)
	pick(&st.GuideURL, sv.GuideURL)
	if v := sv.IssueTags; v != nil {
		st.IssueTags = nil
		if *v != "" {
			st.IssueTags = strings.Split(*v, "\n")
		}
	}
	if v := sv.RosterFields; v != nil {
		st.RosterFields = strings.Split(*v, "\n")
	}
	return st
}

// Choose records a coordinator's edit: each setting of next that differs
// from shown, the settings in effect when they opened the modal, becomes
// their choice. The others keep what they followed before, the
// environment or an earlier choice.
func (sv *SavedSettings) Choose(shown, next Settings) {
	choose(&sv.DigestChannel, shown.DigestChannel, next.DigestChannel)
	choose(&sv.DigestCron, shown.DigestCron, next.DigestCron)
	choose(&sv.Timezone, shown.Timezone, next.Timezone)
	choose(&sv.NudgeAfterSec, seconds(shown.NudgeAfter), seconds(next.NudgeAfter))
	choose(&sv.ExpireAfterSec, seconds(shown.ExpireAfter), seconds(next.ExpireAfter))
	choose(&sv.ReflectionDelaySec, seconds(shown.ReflectionDelay), seconds(next.ReflectionDelay))
	choose(&sv.DeliveryHours, shown.DeliveryHours.String(), next.DeliveryHours.String())
	choose(&sv.LadderLabels, strings.Join(shown.Ladder, "\n"), strings.Join(next.Ladder, "\n"))
	choose(&sv.DigestNames, shown.DigestNames, next.DigestNames)
	choose(&sv.UnaskedPerWeek, shown.UnaskedLimit(), next.UnaskedLimit())
	choose(&sv.Language, shown.Language, next.Language)
	choose(&sv.WelcomeEnabled, shown.Welcome, next.Welcome)
	choose(&sv.GuideURL, shown.GuideURL, next.GuideURL)
	choose(&sv.IssueTags, strings.Join(shown.IssueTags, "\n"), strings.Join(next.IssueTags, "\n"))
	choose(&sv.RosterFields, strings.Join(shown.RosterFields, "\n"), strings.Join(next.RosterFields, "\n"))
}

// Reset makes the setting named field (a Field constant) follow the
// environment again, and reports whether it had been chosen.
func (sv *SavedSettings) Reset(field string) bool {
	switch field {
	case FieldDigestChannel:
		return unset(&sv.DigestChannel)
	case FieldDigestCron:
		return unset(&sv.DigestCron)
	case FieldTimezone:
		return unset(&sv.Timezone)
	case FieldNudgeAfter:
		return unset(&sv.NudgeAfterSec)
	case FieldExpireAfter:
		return unset(&sv.ExpireAfterSec)
	case FieldReflectionDelay:
		return unset(&sv.ReflectionDelaySec)
	case FieldDeliveryHours:
		return unset(&sv.DeliveryHours)
	case FieldLadder:
		return unset(&sv.LadderLabels)
	case FieldDigestNames:
		return unset(&sv.DigestNames)
	case FieldUnaskedPerWeek:
		return unset(&sv.UnaskedPerWeek)
	case FieldLanguage:
		return unset(&sv.Language)
	case FieldWelcome:
		return unset(&sv.WelcomeEnabled)
	case FieldGuideURL:
		return unset(&sv.GuideURL)
	case FieldIssueTags:
		return unset(&sv.IssueTags)
	case FieldRosterFields:
		return unset(&sv.RosterFields)
	}
	return false
}

func pick[T any](to *T, chosen *T) {
	if chosen != nil {
		*to = *chosen
	}
}

func pickSeconds(to *time.Duration, chosen *int64) {
	if chosen != nil {
		*to = time.Duration(*chosen) * time.Second
	}
}

func choose[T comparable](to **T, shown, next T) {
	if next != shown {
		*to = &next
	}
}

func unset[T any](p **T) bool {
	was := *p != nil
	*p = nil
	return was
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }
