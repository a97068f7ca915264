package models

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PersonAccess is how much of a person of the roster a viewer may see.
type PersonAccess int

// The levels of PersonAccess, from nothing to everything.
const (
	// PersonHidden: nothing, not even that the person exists.
	PersonHidden PersonAccess = iota
	// PersonShared: their name, the roster fields (worksite, department,
	// shift) and how to reach them: what an organizer needs to meet them.
	PersonShared
	// PersonFull: everything, coordinators' notes included.
	PersonFull
)

// PersonAccessOf is the one rule for reading a person of the group, applied
// by every read path of the store so every surface inherits it. assignee is
// the organizer the person is assigned to now ("" when nobody).
//
//   - The person themselves (linked to the viewer's Slack account) may not
//     read their own record, even as a coordinator: what the campaign
//     writes about someone stays with those who organize.
//   - The group's coordinators see everything.
//   - An organizer sees the name, roster fields and contact details of
//     the people assigned to them (they are to reach them) and of their
//     own contacts; never the coordinators' notes.
//   - Nobody else sees anything.
func PersonAccessOf(viewer *Member, p *Person, assignee UserID) PersonAccess {
	switch {
	case viewer == nil || p == nil:
		return PersonHidden
	case p.SlackID != "" && viewer.ID == p.SlackID:
		return PersonHidden
	case viewer.IsCoordinator():
		return PersonFull
	case p.OwnerID != "" && viewer.ID == p.OwnerID:
		return PersonShared
	case assignee != "" && viewer.ID == assignee:
		return PersonShared
	default:
		return PersonHidden
	}
}

// MayReadPerson reports whether viewer may see anything of p
// (PersonAccessOf).
func MayReadPerson(viewer *Member, p *Person, assignee UserID) bool {
	return PersonAccessOf(viewer, p, assignee) != PersonHidden
}

// MayEditRoster reports whether m may add people to the group's roster,
// change them, write notes about them and link them to Slack accounts: the
// group's coordinators only.
func MayEditRoster(m *Member) bool { return m.IsCoordinator() }

// personRefusal explains a refused read to viewer, kindly to the person the
// record is about.
func personRefusal(viewer *Member, p *Person) error {
	if viewer != nil && p != nil && p.SlackID != "" && viewer.ID == p.SlackID {
		return Errorf(EUNAUTHORIZED, "This is the campaign's record about you, so it stays with the group's coordinators.").Msg("roster.person.err_about_you")
	}
	return Errorf(EUNAUTHORIZED, "Only the group's coordinators, and the organizer someone is assigned to, can see that person.").Msg("roster.person.err_private")
}

// errRosterCoordinatorsOnly refuses a change to the roster by anyone but a
// coordinator.
func errRosterCoordinatorsOnly() error {
	return Errorf(EUNAUTHORIZED, "Only the group's coordinators can change the roster. Ask one of them to add or change this person.").Msg("roster.person.err_coordinators_only")
}

// Limits of a person's fields, as a coordinator types them: the import's
// (MaxRosterCell), so whoever an import brought can be saved as they are;
// notes as long as Slack's text input holds.
const (
	MaxEmailLen       = MaxRosterCell
	MaxPhoneLen       = MaxRosterCell
	MaxRosterValueLen = MaxRosterCell
	MaxNotesLen       = 3000
)

// Fields of a person, as a FieldError names them (and the bot's person
// modal its blocks).
const (
	PersonFieldName       = "person_name"
	PersonFieldEmail      = "person_email"
	PersonFieldPhone      = "person_phone"
	PersonFieldSite       = "person_site"
	PersonFieldDepartment = "person_department"
	PersonFieldShift      = "person_shift"
	PersonFieldNotes      = "person_notes"
	PersonFieldSlack      = "person_slack"
)

// Clean trims what a coordinator typed about p and checks it, returning
// the first field that cannot be kept as given: a name is required; an
// email must look like one; each field has a length.
func (p *Person) Clean() error {
	name, err := CleanName(p.Name)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return err
		}
		return &FieldError{Field: PersonFieldName, Err: e}
	}
	p.Name = name
	p.Email = strings.TrimSpace(p.Email)
	p.Phone = strings.Join(strings.Fields(p.Phone), " ")
	p.Site = strings.Join(strings.Fields(p.Site), " ")
	p.Department = strings.Join(strings.Fields(p.Department), " ")
	p.Shift = strings.Join(strings.Fields(p.Shift), " ")
	p.Notes = strings.TrimSpace(p.Notes)
	switch {
	case utf8.RuneCountInString(p.Email) > MaxEmailLen || (p.Email != "" && !emailLooksRight(p.Email)):
		return &FieldError{Field: PersonFieldEmail, Err: Errorf(EINVALID, "That doesn't look like an email address. Write it like maria@example.org, or leave it empty.").Msg("roster.person.err_email")}
	case utf8.RuneCountInString(p.Phone) > MaxPhoneLen || (p.Phone != "" && PhoneKey(p.Phone) == ""):
		return &FieldError{Field: PersonFieldPhone, Err: Errorf(EINVALID, "Write a phone number with its digits, up to %d characters, or leave it empty.", MaxPhoneLen).Msg("roster.person.err_phone", "Max", MaxPhoneLen)}
	}
	for field, v := range map[string]string{PersonFieldSite: p.Site, PersonFieldDepartment: p.Department, PersonFieldShift: p.Shift} {
		if utf8.RuneCountInString(v) > MaxRosterValueLen {
			return &FieldError{Field: field, Err: Errorf(EINVALID, "Please keep this under %d characters.", MaxRosterValueLen).Msg("roster.person.err_field_long", "Max", MaxRosterValueLen)}
		}
	}
	if n := utf8.RuneCountInString(p.Notes); n > MaxNotesLen {
		return &FieldError{Field: PersonFieldNotes, Err: Errorf(EINVALID, "Please keep the notes under %d characters (they have %d).", MaxNotesLen, n).Msg("roster.person.err_notes_long", "Max", MaxNotesLen, "Length", n)}
	}
	return nil
}

// emailLooksRight is a forgiving check of an address typed by hand: one @,
// something before it, a dot in the domain, no spaces.
func emailLooksRight(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return false
	}
	dot := strings.LastIndex(domain, ".")
	return dot > 0 && dot < len(domain)-1
}
