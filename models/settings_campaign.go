package models

import (
	"strings"
	"unicode/utf8"
)

// Limits of the campaign's settings.
const (
	// MaxIssueTags bounds a group's issue tags: enough for a campaign's
	// issues, few enough to choose from in a multi-select.
	MaxIssueTags = 30
	// MaxIssueTag bounds one tag, so it fits a select option and a chart's
	// label.
	MaxIssueTag = 40
	// RosterFieldCount is how many roster fields a group names: Person's
	// Site, Department and Shift.
	RosterFieldCount = 3
	// MaxRosterField bounds a roster field's name.
	MaxRosterField = 30
)

// validateCampaign returns the rules the issue tags and roster fields
// break, for Validate.
func (st Settings) validateCampaign() []*FieldError {
	var errs []*FieldError
	bad := func(field, format string, args ...any) *Error {
		e := Errorf(EINVALID, format, args...)
		errs = append(errs, &FieldError{Field: field, Err: e})
		return e
	}
	if len(st.IssueTags) > MaxIssueTags {
		bad(FieldIssueTags, "Keep it to %d tags at most, one per line.", MaxIssueTags).Msg("settings.err_tags_count", "Max", MaxIssueTags)
	} else if !labelsOK(st.IssueTags, MaxIssueTag) {
		bad(FieldIssueTags, "Give each tag a name of up to %d characters, one per line, each once.", MaxIssueTag).Msg("settings.err_tag_label", "Max", MaxIssueTag)
	}
	if st.RosterFields != nil {
		switch {
		case len(st.RosterFields) != RosterFieldCount:
			bad(FieldRosterFields, "Write exactly %d field names, one per line.", RosterFieldCount).Msg("settings.err_roster_fields_count", "Count", RosterFieldCount)
		case !labelsOK(st.RosterFields, MaxRosterField):
			bad(FieldRosterFields, "Give each field a name of up to %d characters, each once.", MaxRosterField).Msg("settings.err_roster_field_label", "Max", MaxRosterField)
		}
	}
	return errs
}

// labelsOK reports whether every label is a line of 1 to max characters,
// none repeated (in any case).
func labelsOK(labels []string, max int) bool {
	seen := map[string]bool{}
	for _, l := range labels {
		k := strings.ToLower(strings.TrimSpace(l))
		if k == "" || strings.Contains(l, "\n") || utf8.RuneCountInString(l) > max || seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// ParseLabels reads labels typed one per line in a settings box: trimmed,
// blank lines dropped; nil when none is left.
func ParseLabels(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}
