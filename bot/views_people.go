package bot

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// peopleRows is a page of the People list.
const peopleRows = 25

// peopleState is what the People list shows, kept in its
// private_metadata: the search in effect and the first row of the page.
type peopleState struct {
	Query  string `json:"q,omitempty"`
	Offset int    `json:"o,omitempty"`
}

// String writes the state as the view keeps it.
func (s peopleState) String() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// parsePeopleState reads the state back; a view it cannot read starts
// from the first page of everyone.
func parsePeopleState(s string) peopleState {
	var st peopleState
	if json.Unmarshal([]byte(s), &st) != nil || st.Offset < 0 {
		return peopleState{}
	}
	return st
}

// peopleModal lists a page of the group's roster for a coordinator, in l:
// a search box (by name, roster field, issue tag or organizer), a row per
// person with an Open button, Previous and Next, and the buttons to add
// or import people. fields are the group's names for the roster fields.
func peopleModal(l catalog.Lang, st peopleState, res *models.PeopleResult, fields [models.RosterFieldCount]string) slack.ModalViewRequest {
	blocks := []slack.Block{
		textInput(inputField{ID: blockPeopleQuery, Label: catalog.T(l, "people.search_label", nil),
			Placeholder: catalog.T(l, "people.search_placeholder", map[string]any{"Field": fields[0]}), Initial: st.Query, Optional: true, MaxLen: 200}),
		actions("people_tools",
			slack.NewButtonBlockElement(sharedPersonEdit, "", plain(catalog.T(l, "people.add", nil))),
			slack.NewButtonBlockElement(sharedRosterImport, "", plain(catalog.T(l, "people.import", nil)))),
	}
	switch {
	case res.Total == 0 && st.Query != "":
		blocks = append(blocks, section(catalog.T(l, "people.none_found", map[string]any{"Query": esc(st.Query)})))
	case res.Total == 0:
		blocks = append(blocks, section(catalog.T(l, "people.empty", nil)))
	default:
		blocks = append(blocks, contextLine(catalog.T(l, "people.showing", map[string]any{
			"From": st.Offset + 1, "To": st.Offset + len(res.People), "Total": res.Total})))
	}
	for _, p := range res.People {
		line := "*" + esc(p.Name) + "*"
		var where []string
		for i, v := range []string{p.Site, p.Department, p.Shift} {
			if v != "" {
				where = append(where, esc(fields[i])+": "+esc(v))
			}
		}
		if len(where) > 0 {
			line += " · " + strings.Join(where, " · ")
		}
		if p.SlackID != "" {
			line += " · " + mention(string(p.SlackID))
		}
		if p.Organizer != "" {
			line += "\n" + catalog.T(l, "people.assigned_to", map[string]any{"Organizer": mention(string(p.Organizer))})
		}
		s := section(truncateBytes(line, sectionLimit))
		s.Accessory = slack.NewAccessory(slack.NewButtonBlockElement(sharedPersonOpen, strconv.FormatInt(int64(p.ID), 10), plain(catalog.T(l, "people.open", nil))))
		blocks = append(blocks, s)
	}
	var nav []slack.BlockElement
	if st.Offset > 0 {
		prev := peopleState{Query: st.Query, Offset: max(st.Offset-peopleRows, 0)}
		nav = append(nav, slack.NewButtonBlockElement(actPeoplePrev, prev.String(), plain(catalog.T(l, "people.previous", nil))))
	}
	if int64(st.Offset+len(res.People)) < res.Total {
		next := peopleState{Query: st.Query, Offset: st.Offset + peopleRows}
		nav = append(nav, slack.NewButtonBlockElement(actPeopleNext, next.String(), plain(catalog.T(l, "people.next", nil))))
	}
	if len(nav) > 0 {
		blocks = append(blocks, actions("people_pages", nav...))
	}
	return modal(l, viewPeople, catalog.T(l, "people.title", nil), catalog.T(l, "people.search", nil), st.String(), blocks...)
}
