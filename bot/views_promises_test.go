package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Help lists every command the bot answers: members' commands to all, the
// coordinators' to coordinators only, and settings to the workspace admins
// who may open it.
func TestHelpCoversEveryCommand(t *testing.T) {
	routes := (&Bot{}).routes().commands
	has := func(name string) bool { _, ok := routes[name]; return ok }
	coordinatorOnly := map[string]bool{cmdTeam: true, cmdSettings: true, cmdExport: true, cmdRoster: true, cmdImport: true, cmdAssign: true, cmdPeople: true}
	for _, l := range catalog.Langs() {
		member := helpView(l, "/one-to-one", "", has, &models.Member{}).Text
		coordinator := helpView(l, "/one-to-one", "", has, &models.Member{Role: models.RoleCoordinator}).Text
		for name := range routes {
			if name == cmdUnknown {
				continue
			}
			word := catalog.T(l, "cmd.word."+name, nil)
			shown := "`" + word
			switch name {
			case cmdRequest:
				shown = "`/one-to-one @"
			case cmdHelp, cmdLog, cmdList, cmdGoal, cmdPlan, cmdDigest, cmdTeam, cmdSettings, cmdExport, cmdForget, cmdOptOut, cmdRoster, cmdImport, cmdAssign, cmdPerson, cmdPeople:
				shown = "`/one-to-one " + word
			}
			if !strings.Contains(coordinator, shown) {
				t.Errorf("%s: a coordinator's help lacks %s (%q):\n%s", l, name, shown, coordinator)
			}
			if got := strings.Contains(member, shown); got == coordinatorOnly[name] {
				t.Errorf("%s: a member's help shows %s: %v, want %v", l, name, got, !coordinatorOnly[name])
			}
			// Both words work, so help in another language gives the
			// English one too.
			if name != cmdRequest && word != name && !strings.Contains(coordinator, "`"+name+"`") {
				t.Errorf("%s: a coordinator's help lacks the English word %q beside %q:\n%s", l, name, word, coordinator)
			}
		}
	}
	member := helpView(catalog.English, "/one-to-one", "", has, &models.Member{}).Text
	coordinator := helpView(catalog.English, "/one-to-one", "", has, &models.Member{Role: models.RoleCoordinator}).Text
	admin := helpView(catalog.English, "/one-to-one", "", has, &models.Member{IsAdmin: true}).Text
	if !strings.Contains(member, "`plan remove @a`") {
		t.Errorf("help lacks plan remove:\n%s", member)
	}
	for _, c := range []struct{ who, help, line string }{
		{"a member", member, "`/one-to-one forget \"Name\"`"},
		{"a coordinator", coordinator, "`/one-to-one forget @person`"},
		{"a coordinator", coordinator, "I keep only their Slack id and the date"},
		{"an admin", admin, "`/one-to-one settings` name the group's coordinators"},
		{"an admin", admin, "Admins don't read reflections"},
		{"a member", member, "meeting reminders and reflection prompts"},
		{"a member", member, "closes requests still waiting for an answer"},
		{"a member", member, "you can't send requests while opted out"},
	} {
		if !strings.Contains(c.help, c.line) {
			t.Errorf("%s's help lacks %q:\n%s", c.who, c.line, c.help)
		}
	}
	for _, c := range []struct{ who, help, line string }{
		{"a member", member, "forget @person"},
		{"a member", member, "settings"},
		{"an admin", admin, "forget @person"},
		{"an admin", admin, "`/one-to-one team`"},
		{"an admin", admin, "`/one-to-one export`"},
		{"a coordinator", coordinator, "delete everything"},
	} {
		if strings.Contains(c.help, c.line) {
			t.Errorf("%s's help shows %q:\n%s", c.who, c.line, c.help)
		}
	}
}

// The nudge to the requester promises no silence above a button that
// sends another reminder: it says what the button does.
func TestNudgeWordsMatchItsButtons(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	_, blocks := nudgeRequesterView(catalog.English, goldenRequest(), ny, true)
	all := allText(blocks)
	if !strings.Contains(all, "Remind them") {
		t.Fatalf("no Remind them button: %s", all)
	}
	for _, broken := range []string{"no more", "never again"} {
		if strings.Contains(all, broken) {
			t.Errorf("the nudge says %q above a button that sends more:\n%s", broken, all)
		}
	}
	if !strings.Contains(all, "*Remind them* sends one, once a day at most") {
		t.Errorf("the nudge doesn't say what Remind them does:\n%s", all)
	}
}

// An empty Home points to the list below only when the list has someone
// to ask.
func TestGoldenHomeNothingOpen(t *testing.T) {
	paris := goldenLoc(t, "Europe/Paris")
	const me = "UALEX"
	outside := goldenPlan()[1:2] // a neighbour outside Slack: no Ask button
	cases := []struct {
		name      string
		plan      []models.PlanItem
		listBelow bool
	}{
		{"home_empty", nil, false},
		{"home_nothing_open_outside_slack", outside, false},
		{"home_nothing_open_with_list", goldenPlan(), true},
	}
	for _, c := range cases {
		v := homeView(catalog.English, homeData{Me: me, Now: goldenNow, Loc: paris, Plan: c.plan})
		all := allText(v.Blocks.BlockSet)
		if got := strings.Contains(all, "list below"); got != c.listBelow {
			t.Errorf("%s: points to the list below: %v, want %v:\n%s", c.name, got, c.listBelow, all)
		}
		if !strings.Contains(all, "`/one-to-one @name`") {
			t.Errorf("%s: doesn't say how to ask someone:\n%s", c.name, all)
		}
	}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "home_nothing_open_outside_slack", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: paris, Plan: outside}), check: goldenExpect{escaped: true}},
			{name: "home_nothing_open_with_list", view: homeView(l, homeData{Me: me, Now: goldenNow, Loc: paris, Plan: goldenPlan()}), check: goldenExpect{escaped: true}},
		}
	})
}

// allText is every mrkdwn and plain text of blocks, for assertions on
// what a person reads.
func allText(blocks []slack.Block) string {
	raw, err := json.Marshal(blocks)
	if err != nil {
		panic(err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "text" {
					out = append(out, s)
				} else {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		panic(err)
	}
	walk(doc)
	return strings.Join(out, "\n")
}

func init() { goldenCovered = append(goldenCovered, "cancelModal") }

// Cancel asks for an optional word for the other person, except when they
// aren't in Slack to hear it.
func TestGoldenCancelModal(t *testing.T) {
	dana := models.PersonID(9)
	outside := goldenWith(goldenScheduled(), func(o *models.OneToOne) {
		o.InviteeID, o.PersonID, o.PersonName = "", &dana, "Dana "+goldenHostile
	})
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "cancel_modal_request_requester", view: cancelModal(l, goldenRequest(), "UALEX", true)},
			{name: "cancel_modal_request_invitee", view: cancelModal(l, goldenRequest(), "USAM", true)},
			{name: "cancel_modal_scheduled", view: cancelModal(l, goldenScheduled(), "USAM", true)},
			{name: "cancel_modal_outside_slack", view: cancelModal(l, outside, "UALEX", true), check: goldenExpect{escaped: true}},
			// Alex asked not to get messages: no word to give.
			{name: "cancel_modal_unreachable", view: cancelModal(l, goldenScheduled(), "USAM", false)},
		}
	})
}
