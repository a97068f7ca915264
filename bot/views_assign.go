package bot

import (
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Action ids of the assignment DM and the coordinator's assign modal. The
// DM's buttons carry the person's id (decimal); its overflow options carry
// "ask:ID", "log:ID", "back:ID" or "on:ID".
const (
	actAssignOpen = "assign_open" // the Assign people modal; value: person id or ""
	actAssignAsk  = "assign_ask"
	actAssignLog  = "assign_log"
	actAssignBack = "assign_back"
	actAssignMore = "assign_more"
	// actAssignPick assigns one of several roster people of one name;
	// its value is an assignPick.
	actAssignPick = "assign_pick"

	viewAssign       = "assign"
	viewAssignHandOn = "assign_hand_on"

	// assignBlockPerson and assignBlockActions prefix the DM's blocks
	// about one person, by id, so a click can retire them alone.
	assignBlockPerson  = "assign_p_"
	assignBlockActions = "assign_act_"
)

// maxAssignDMPeople is how many people one assignment DM lists, each with
// their menu; the rest are counted ("and 12 more").
const maxAssignDMPeople = 10

// assignDM is one assignment action as its DM shows it.
type assignDM struct {
	By models.UserID
	// HandedOn is set when an organizer passed the people on.
	HandedOn bool
	Note     string
	People   []models.AssignedPerson
	Fields   [models.RosterFieldCount]string
	// Command is the slash command as the workspace has it; "" is
	// defaultCommand.
	Command string
}

// assignmentView is the organizer's DM about people assigned to them: who,
// why (the note), what is known, and what to do about each.
func assignmentView(l catalog.Lang, dm assignDM) (string, []slack.Block) {
	n := len(dm.People)
	if dm.Command == "" {
		dm.Command = defaultCommand
	}
	data := map[string]any{"By": mention(string(dm.By)), "Count": n}
	if n == 1 {
		data["Name"] = esc(dm.People[0].Person.Name)
	}
	key := "assign.dm_lead_many"
	switch {
	case n == 1 && dm.HandedOn:
		key = "assign.dm_lead_on_one"
	case n == 1:
		key = "assign.dm_lead_one"
	case dm.HandedOn:
		key = "assign.dm_lead_on_many"
	}
	lead := catalog.T(l, key, data)
	blocks := []slack.Block{section(lead)}
	if dm.Note != "" {
		blocks = append(blocks, section(catalog.T(l, "assign.dm_note", nil)+"\n"+quote(dm.Note)))
	}
	if n == 1 {
		p := dm.People[0].Person
		id := strconv.FormatInt(int64(p.ID), 10)
		more := slack.NewOverflowBlockElement(actAssignMore, slack.NewOptionBlockObject("on:"+id, plain(catalog.T(l, "assign.hand_on", nil)), nil))
		back := slack.NewButtonBlockElement(actAssignBack, id, plain(catalog.T(l, "assign.hand_back", nil)))
		back.Confirm = slack.NewConfirmationBlockObject(plain(catalog.T(l, "assign.back_title", nil)),
			plain(catalog.T(l, "assign.back_confirm", map[string]any{"Name": p.Name})),
			plain(catalog.T(l, "assign.hand_back", nil)), plain(catalog.T(l, "common.cancel", nil)))
		ask := slack.NewButtonBlockElement(actAssignAsk, id, plain(catalog.T(l, "assign.ask", nil)))
		ask.Style = slack.StylePrimary
		blocks = append(blocks,
			slack.NewSectionBlock(mdText(personLines(l, dm.Fields, p)), nil, nil, slack.SectionBlockOptionBlockID(assignBlockPerson+id)),
			actions(assignBlockActions+id, ask, slack.NewButtonBlockElement(actAssignLog, id, plain(catalog.T(l, "assign.log", nil))), back, more),
			contextLine(catalog.T(l, "assign.dm_footer_one", nil)),
		)
		return stripMarkup(lead), blocks
	}
	for i, ap := range dm.People {
		if i == maxAssignDMPeople {
			break
		}
		id := strconv.FormatInt(int64(ap.Person.ID), 10)
		opt := func(what, key string) *slack.OptionBlockObject {
			return slack.NewOptionBlockObject(what+":"+id, plain(catalog.T(l, key, nil)), nil)
		}
		menu := slack.NewOverflowBlockElement(actAssignMore, opt("ask", "assign.ask"), opt("log", "assign.log"), opt("back", "assign.hand_back"), opt("on", "assign.hand_on"))
		blocks = append(blocks, slack.NewSectionBlock(mdText(personLines(l, dm.Fields, ap.Person)), nil, slack.NewAccessory(menu), slack.SectionBlockOptionBlockID(assignBlockPerson+id)))
	}
	if n > maxAssignDMPeople {
		blocks = append(blocks, section(catalog.T(l, "assign.dm_more", map[string]any{"Count": n - maxAssignDMPeople, "Command": dm.Command})))
	}
	blocks = append(blocks, contextLine(catalog.T(l, "assign.dm_footer_many", map[string]any{"Command": dm.Command})))
	return stripMarkup(lead), blocks
}

// stripMarkup makes a lead plain enough for a notification's text.
func stripMarkup(s string) string { return strings.ReplaceAll(s, "*", "") }

// personLines is what the group knows of a roster person, for an
// organizer: their name, the roster fields under the group's names, and
// how to reach them.
func personLines(l catalog.Lang, fields [models.RosterFieldCount]string, p models.Person) string {
	lines := []string{"*" + esc(p.Name) + "*"}
	var where []string
	for i, v := range []string{p.Site, p.Department, p.Shift} {
		if v = strings.TrimSpace(v); v != "" {
			where = append(where, esc(fields[i])+": "+esc(v))
		}
	}
	if len(where) > 0 {
		lines = append(lines, strings.Join(where, " · "))
	}
	var reach []string
	if p.SlackID != "" {
		reach = append(reach, catalog.T(l, "assign.in_slack", map[string]any{"Person": mention(string(p.SlackID))}))
	}
	for _, v := range []string{p.Phone, p.Email} {
		if v = strings.TrimSpace(v); v != "" {
			reach = append(reach, esc(v))
		}
	}
	if len(reach) > 0 {
		lines = append(lines, strings.Join(reach, " · "))
	}
	return truncate(strings.Join(lines, "\n"), sectionLimit)
}

// assignDoneBlocks retires what a DM said about one person once it was
// handed back or on: their block says so, their buttons go.
func assignDoneBlocks(blocks []slack.Block, person models.PersonID, done string) []slack.Block {
	id := strconv.FormatInt(int64(person), 10)
	out := make([]slack.Block, 0, len(blocks))
	for _, bl := range blocks {
		switch bl.ID() {
		case assignBlockActions + id:
			continue
		case assignBlockPerson + id:
			out = append(out, slack.NewSectionBlock(mdText(done), nil, nil, slack.SectionBlockOptionBlockID(assignBlockPerson+id)))
			continue
		}
		out = append(out, bl)
	}
	return out
}

// handOnModal asks the organizer who to hand the person on to, and why.
func handOnModal(l catalog.Lang, p models.Person, meta string) slack.ModalViewRequest {
	to := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(catalog.T(l, "request_modal.choose", nil)), "to")
	return modal(l, viewAssignHandOn, catalog.T(l, "assign.on_title", nil), catalog.T(l, "assign.on_submit", nil), meta,
		section(catalog.T(l, "assign.on_intro", map[string]any{"Name": esc(p.Name)})),
		slack.NewInputBlock("to", plain(catalog.T(l, "assign.on_to", nil)), nil, to),
		textInput(inputField{ID: "note", Label: catalog.T(l, "assign.note", nil), Hint: catalog.T(l, "assign.on_note_hint", nil), Optional: true, Multiline: true, MaxLen: models.MaxAssignNote}),
	)
}

// Filter options of the assign modal.
const (
	assignOnlyNotMet     = "not_met"
	assignOnlyUnassigned = "unassigned"
)

// assignModal is the coordinator's Assign people form: an organizer, then
// one person (p, when the button named them; else by name) or everyone
// matching a filter, and a note.
func assignModal(l catalog.Lang, fields [models.RosterFieldCount]string, p *models.Person) slack.ModalViewRequest {
	organizer := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(catalog.T(l, "request_modal.choose", nil)), "organizer")
	blocks := []slack.Block{slack.NewInputBlock("organizer", plain(catalog.T(l, "assign.modal_organizer", nil)), nil, organizer)}
	meta := ""
	if p != nil {
		meta = strconv.FormatInt(int64(p.ID), 10)
		blocks = append(blocks, section(catalog.T(l, "assign.modal_person", nil)+"\n"+personLines(l, fields, *p)))
	} else {
		blocks = append(blocks,
			textInput(inputField{ID: "person", Label: catalog.T(l, "assign.modal_name", nil), Hint: catalog.T(l, "assign.modal_name_hint", nil), Optional: true, MaxLen: models.MaxNameLen}),
			section(catalog.T(l, "assign.modal_or", nil)),
		)
		for i, id := range []string{"site", "department", "shift"} {
			blocks = append(blocks, textInput(inputField{ID: id, Label: fields[i], Optional: true, MaxLen: models.MaxNameLen}))
		}
		opt := func(v, key string) *slack.OptionBlockObject {
			return slack.NewOptionBlockObject(v, plain(catalog.T(l, key, nil)), nil)
		}
		only := slack.NewCheckboxGroupsBlockElement("only", opt(assignOnlyNotMet, "assign.modal_not_met"), opt(assignOnlyUnassigned, "assign.modal_unassigned"))
		only.InitialOptions = []*slack.OptionBlockObject{opt(assignOnlyNotMet, "assign.modal_not_met"), opt(assignOnlyUnassigned, "assign.modal_unassigned")}
		onlyBlock := slack.NewInputBlock("only", plain(catalog.T(l, "assign.modal_only", nil)), nil, only)
		onlyBlock.Optional = true
		blocks = append(blocks, onlyBlock)
	}
	blocks = append(blocks, textInput(inputField{ID: "note", Label: catalog.T(l, "assign.note", nil), Hint: catalog.T(l, "assign.note_hint", nil), Optional: true, Multiline: true, MaxLen: models.MaxAssignNote}))
	return modal(l, viewAssign, catalog.T(l, "assign.modal_title", nil), catalog.T(l, "assign.modal_submit", nil), meta, blocks...)
}

// assignPickReply answers `assign` when several roster people share the
// name: each with what is known, and a button to assign that one.
func assignPickReply(l catalog.Lang, fields [models.RosterFieldCount]string, name string, people []models.Person, organizer models.UserID, note string) *reply {
	text := catalog.T(l, "assign.several", map[string]any{"Name": esc(name), "Organizer": mention(string(organizer))})
	blocks := []slack.Block{section(text)}
	for i, p := range people {
		if i == models.MaxRosterMatches {
			blocks = append(blocks, contextLine(catalog.T(l, "assign.several_more", nil)))
			break
		}
		pick := assignPick{Person: p.ID, Organizer: organizer, Note: note}
		bt := slack.NewButtonBlockElement(actAssignPick, pick.encode(), plain(catalog.T(l, "assign.pick", nil)))
		blocks = append(blocks, slack.NewSectionBlock(mdText(personLines(l, fields, p)), nil, slack.NewAccessory(bt)))
	}
	return &reply{Text: stripMarkup(text), Blocks: blocks}
}

// assignPick is the choice an Assign button of assignPickReply carries.
type assignPick struct {
	Person    models.PersonID
	Organizer models.UserID
	Note      string
}

func (p assignPick) encode() string {
	return strconv.FormatInt(int64(p.Person), 10) + "\n" + string(p.Organizer) + "\n" + p.Note
}

func decodeAssignPick(s string) (assignPick, bool) {
	parts := strings.SplitN(s, "\n", 3)
	if len(parts) != 3 {
		return assignPick{}, false
	}
	n, err := strconv.ParseInt(parts[0], 10, 64)
	return assignPick{Person: models.PersonID(n), Organizer: models.UserID(parts[1]), Note: parts[2]}, err == nil && n > 0 && parts[1] != ""
}

// waitingLine is said under the list of ten, in Home and `list`, while
// people assigned to me wait for a place on it.
func waitingLine(l catalog.Lang, n int) slack.Block {
	return contextLine(catalog.T(l, "assign.waiting", map[string]any{"Count": n}))
}
