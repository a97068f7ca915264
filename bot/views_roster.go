package bot

import (
	"strconv"
	"unicode/utf8"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The ids of the roster's buttons and modals (see ids.go for why they are
// stable). The person modal's inputs are named by models' PersonField…
// names, so a models.FieldError lands beside its field.
const (
	// actPersonEdit opens the add/edit person modal; its value is the
	// person's id, or "" for someone new. Other views (the People list,
	// a person's card) carry it too.
	actPersonEdit = "person_edit"
	viewPerson    = "roster_person"
	// fieldPersonUnlink is the person modal's box to unlink someone from
	// their Slack account: Slack's users menu cannot be emptied.
	fieldPersonUnlink = "person_unlink"
)

// personValue is the value of a button about person id: its id in
// decimal, "" for someone new.
func personValue(id models.PersonID) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(int64(id), 10)
}

// personModal is the form a coordinator adds or changes a person of the
// roster with, in l: name, contact details, the three roster fields under
// the group's names for them (fields), notes only coordinators read, and
// the Slack account the person is, to link them. p is the person as they
// are (ID 0 for someone new); their id travels in private_metadata.
func personModal(l catalog.Lang, p models.Person, fields [models.RosterFieldCount]string) slack.ModalViewRequest {
	t := func(id string) string { return catalog.T(l, id, nil) }
	title, intro := t("roster.person.add_title"), t("roster.person.add_intro")
	if p.ID != 0 {
		title, intro = t("roster.person.edit_title"), catalog.T(l, "roster.person.edit_intro", map[string]any{"Name": esc(p.Name)})
	}
	slackSel := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(t("roster.person.slack_placeholder")), models.PersonFieldSlack)
	slackSel.InitialUser = string(p.SlackID)
	slackIn := slack.NewInputBlock(models.PersonFieldSlack, plain(t("roster.person.slack")), plain(t("roster.person.slack_hint")), slackSel)
	slackIn.Optional = true
	values := [models.RosterFieldCount]string{p.Site, p.Department, p.Shift}
	ids := [models.RosterFieldCount]string{models.PersonFieldSite, models.PersonFieldDepartment, models.PersonFieldShift}
	blocks := []slack.Block{
		section(intro),
		textInput(inputField{ID: models.PersonFieldName, Label: t("roster.person.name"), Placeholder: t("roster.person.name_placeholder"), Initial: p.Name, MaxLen: models.MaxNameLen}),
		textInput(inputField{ID: models.PersonFieldEmail, Label: t("roster.person.email"), Initial: p.Email, Optional: true, MaxLen: models.MaxEmailLen}),
		textInput(inputField{ID: models.PersonFieldPhone, Label: t("roster.person.phone"), Initial: p.Phone, Optional: true, MaxLen: models.MaxPhoneLen}),
	}
	for i, id := range ids {
		blocks = append(blocks, textInput(inputField{ID: id, Label: truncate(fields[i], models.MaxRosterField), Initial: values[i], Optional: true, MaxLen: models.MaxRosterValueLen}))
	}
	notesMax := models.MaxNotesLen
	if utf8.RuneCountInString(p.Notes) > notesMax {
		// Longer notes an import brought: shown whole, and saving asks to
		// shorten them (models.Person.Clean) rather than cut them unseen.
		notesMax = 0
	}
	blocks = append(blocks,
		textInput(inputField{ID: models.PersonFieldNotes, Label: t("roster.person.notes"), Hint: t("roster.person.notes_hint"), Initial: p.Notes, Multiline: true, Optional: true, MaxLen: notesMax}),
		slackIn,
	)
	if p.SlackID != "" {
		opt := slack.NewOptionBlockObject("unlink", plain(t("roster.link.unlink_option")), nil)
		box := slack.NewInputBlock(fieldPersonUnlink, plain(t("roster.link.unlink")), nil, slack.NewCheckboxGroupsBlockElement(fieldPersonUnlink, opt))
		box.Optional = true
		blocks = append(blocks, box)
	}
	return modal(l, viewPerson, title, t("common.save"), personValue(p.ID), blocks...)
}

// personSavedView replaces the person modal once saved, in l: who is on
// the roster now (added, or changed), the Slack account they are linked
// to, and a button to add someone else.
func personSavedView(l catalog.Lang, p models.Person, added bool) slack.ModalViewRequest {
	data := map[string]any{"Name": esc(p.Name)}
	id := "roster.person.saved"
	if added {
		id = "roster.person.added"
	}
	blocks := []slack.Block{section(catalog.T(l, id, data))}
	if p.SlackID != "" {
		blocks = append(blocks, contextLine(catalog.T(l, "roster.link.linked", map[string]any{"Person": mention(string(p.SlackID))})))
	}
	blocks = append(blocks, actions("roster_person_saved",
		slack.NewButtonBlockElement(actPersonEdit, "", plain(catalog.T(l, "roster.person.add_another", nil)))))
	return modal(l, viewPerson, catalog.T(l, "roster.person.saved_title", nil), "", "", blocks...)
}
