package bot

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/onetoone/onetoone/bot/catalog"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Golden tests for the pure Block Kit builders in views_*.go. Each case
// renders a view from fixed inputs, checks it against Slack's limits with
// the fake's validator, checks that text people typed cannot ping, link or
// format, and compares the JSON with testdata/golden/NAME.json.
//
// Rewrite the golden files after an intended change with
//
//	go test ./bot -run Golden -update
//
// and read the diff as the message a person will see.

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenHostile is text a person might type: a broadcast, a mention, a
// link and an ampersand. Rendered as mrkdwn it must stay inert.
const goldenHostile = "Coffee & cake? <!channel> <@U999> <http://evil|x>"

// goldenForbidden must never appear in mrkdwn or message text: each is
// goldenHostile's control sequences unescaped.
var goldenForbidden = []string{"<!channel>", "<@U999>", "<http", "Coffee & cake"}

// goldenEscaped is goldenHostile as esc renders it, proving user text was
// shown rather than dropped.
const goldenEscaped = "Coffee &amp; cake? &lt;!channel&gt; &lt;@U999&gt; &lt;http://evil|x&gt;"

var (
	// goldenNow is a Monday afternoon: 10:00 in New York, 16:00 in Paris.
	goldenNow = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	// goldenAsked is when the request was sent.
	goldenAsked = time.Date(2026, 2, 20, 14, 30, 0, 0, time.UTC)
	// goldenAt is the meeting: Thursday 18:30 in New York.
	goldenAt = time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC)
	// goldenHeld is a meeting that already happened.
	goldenHeld = time.Date(2026, 2, 26, 17, 0, 0, 0, time.UTC)
)

func goldenLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

// goldenRequest is a fresh request from Alex to Sam with hostile words.
func goldenRequest() *models.OneToOne {
	return &models.OneToOne{
		ID:          42,
		RequesterID: "UALEX",
		InviteeID:   "USAM",
		Status:      models.StatusRequested,
		Message:     "I'd love to hear what brought you to the tenants' union.\n\n" + goldenHostile,
		RequestedAt: goldenAsked,
		DurationMin: 45,
	}
}

// goldenScheduled is goldenRequest with a time and a place.
func goldenScheduled() *models.OneToOne {
	o := goldenRequest()
	o.Status = models.StatusScheduled
	at := goldenAt
	o.ScheduledAt = &at
	o.DurationMin = 60
	o.Place = goldenHostile
	return o
}

func goldenWith(o *models.OneToOne, change func(o *models.OneToOne)) *models.OneToOne {
	change(o)
	return o
}

// goldenMessage is a message as the bot sends it: text for notifications
// and the blocks a person sees.
type goldenMessage struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}

func goldenMsg(text string, blocks []slack.Block) goldenMessage {
	return goldenMessage{Text: text, Blocks: blocks}
}

// goldenReply renders a reply as it is acked: a text-only reply gets its
// text as one section.
func goldenReply(r *reply) goldenMessage {
	return goldenMessage{Text: r.Text, Blocks: r.blocks()}
}

// golden compares v, as indented JSON, with testdata/golden/NAME.json, or
// rewrites the file under -update. It returns the JSON.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal %s: %v", name, err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./bot -run Golden -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-golden +got); if intended, rerun with -update:\n%s", path, diff)
	}
	return got
}

// goldenExpect is what a case asserts beyond the golden file.
type goldenExpect struct {
	escaped    bool        // goldenHostile must appear, escaped
	dates      []time.Time // each must appear as Slack date formatting
	noMentions bool        // a channel post that must ping nobody
}

var (
	goldenDateRE    = regexp.MustCompile(`<!date\^(\d+)\^\{[a-z_]+\}( at \{time\}|, \{time\})?\|[^|<>]+>`)
	goldenMentionRE = regexp.MustCompile(`^<@[UW][A-Z0-9]+>`)
)

// goldenCheckRendered walks the rendered JSON (decoding undoes Go's \u003c
// escaping) and checks every string a person sees as mrkdwn: no control
// sequence from user text, mentions only of real ids, dates with a
// fallback. Plain text must not be escaped, or people would read "&amp;".
// Input values and private_metadata are plain text round-tripped to us, so
// they are checked only for double escaping.
func goldenCheckRendered(t *testing.T, raw []byte, want goldenExpect) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("rendered JSON does not parse: %v", err)
	}
	var seen []string
	check := func(path, s string, mrkdwn bool) {
		seen = append(seen, s)
		if mrkdwn {
			for _, bad := range goldenForbidden {
				if strings.Contains(s, bad) {
					t.Errorf("%s: unescaped %q from user text in %q", path, bad, s)
				}
			}
			for rest := s; strings.Contains(rest, "<@"); {
				rest = rest[strings.Index(rest, "<@"):]
				if !goldenMentionRE.MatchString(rest) {
					t.Errorf("%s: mention of no real user id in %q", path, s)
				}
				rest = rest[2:]
			}
			if n := strings.Count(s, "<!date^"); n != len(goldenDateRE.FindAllString(s, -1)) {
				t.Errorf("%s: a <!date^…> without a fallback in %q", path, s)
			}
		} else if strings.Contains(s, "&amp;") || strings.Contains(s, "&lt;") {
			t.Errorf("%s: plain text shows an escape to people: %q", path, s)
		}
	}
	var walk func(path string, v any, mrkdwn bool)
	walk = func(path string, v any, mrkdwn bool) {
		switch v := v.(type) {
		case map[string]any:
			md := v["type"] == "mrkdwn"
			for k, x := range v {
				p := path + "/" + k
				switch {
				case k == "private_metadata" || k == "initial_value":
					walk(p, x, false)
				case k == "text" && path == "":
					walk(p, x, true) // the message's notification text
				case k == "text":
					walk(p, x, md)
				default:
					walk(p, x, false)
				}
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", path, i), x, false)
			}
		case string:
			check(path, v, mrkdwn)
		}
	}
	walk("", doc, false)
	all := strings.Join(seen, "\n")
	if want.noMentions && strings.Contains(all, "<@") {
		t.Errorf("a mention in a view that must ping nobody:\n%s", all)
	}
	if want.escaped && !strings.Contains(all, goldenEscaped) {
		t.Errorf("user text %q does not appear escaped as %q", goldenHostile, goldenEscaped)
	}
	for _, d := range want.dates {
		if tok := fmt.Sprintf("<!date^%d^", d.Unix()); !strings.Contains(all, tok) {
			t.Errorf("date %s is not rendered with Slack's %q formatting", d.Format(time.RFC3339), tok)
		}
	}
}

// goldenMessageCase is one message builder with fixed inputs.
type goldenMessageCase struct {
	name  string
	msg   goldenMessage
	check goldenExpect
}

func runGoldenMessages(t *testing.T, cases []goldenMessageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := slacktest.ValidateMessageBlocks(c.msg.Blocks); err != nil {
				t.Errorf("Slack would refuse the blocks: %v", err)
			}
			if c.msg.Text == "" {
				t.Error("no message text: notifications and screen readers need it")
			}
			if n := len([]rune(c.msg.Text)); n > 4000 {
				t.Errorf("message text is %d characters, over 4000", n)
			}
			goldenCheckRendered(t, golden(t, c.name, c.msg), c.check)
		})
	}
}

// eachLang runs build once per language of the catalog; what it returns
// is checked like runGoldenMessages does, English in NAME.json and every
// other language in NAME.LANG.json, so each view is golden in each language.
func eachLang(t *testing.T, build func(l catalog.Lang) []goldenMessageCase) {
	t.Helper()
	for _, l := range catalog.Langs() {
		t.Run(string(l), func(t *testing.T) { runGoldenMessages(t, inLang(l, build(l))) })
	}
}

// eachLangModal is eachLang for modals and Home tabs.
func eachLangModal(t *testing.T, build func(l catalog.Lang) []goldenModalCase) {
	t.Helper()
	for _, l := range catalog.Langs() {
		t.Run(string(l), func(t *testing.T) {
			cases := build(l)
			for i := range cases {
				cases[i].name = goldenName(cases[i].name, l)
			}
			runGoldenModals(t, cases)
		})
	}
}

func inLang(l catalog.Lang, cases []goldenMessageCase) []goldenMessageCase {
	for i := range cases {
		cases[i].name = goldenName(cases[i].name, l)
	}
	return cases
}

// goldenName is the golden file's name for a case in l: English keeps the
// names the files had before there were languages.
func goldenName(name string, l catalog.Lang) string {
	if l == catalog.English {
		return name
	}
	return name + "." + string(l)
}

// goldenModalCase is one modal or Home tab builder with fixed inputs.
type goldenModalCase struct {
	name  string
	view  any // slack.ModalViewRequest or slack.HomeTabViewRequest
	check goldenExpect
}

func runGoldenModals(t *testing.T, cases []goldenModalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := slacktest.ValidateView(c.view); err != nil {
				t.Errorf("Slack would refuse the view: %v", err)
			}
			goldenCheckRendered(t, golden(t, c.name, c.view), c.check)
		})
	}
}

func TestGoldenHelp(t *testing.T) {
	all := func(string) bool { return true }
	routed := func(name string) bool {
		return slices.Contains([]string{cmdRequest, cmdHelp, cmdLog, cmdList}, name)
	}
	member, coordinator := &models.Member{}, &models.Member{Role: models.RoleCoordinator}
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "help_intro", msg: goldenReply(helpView(l, "/one-to-one", "", all, member))},
			{name: "help_coordinator", msg: goldenReply(helpView(l, "/one-to-one", "", all, coordinator))},
			{name: "help_admin", msg: goldenReply(helpView(l, "/one-to-one", "", all, &models.Member{IsAdmin: true}))},
			{name: "help_no_profile", msg: goldenReply(helpView(l, "/one-to-one", "", all, nil))},
			{name: "help_routed_only", msg: goldenReply(helpView(l, "/one-to-one", "", routed, coordinator))},
			{name: "help_unknown", msg: goldenReply(helpView(l, "/one-to-one", goldenHostile, routed, member)), check: goldenExpect{escaped: true}},
			{name: "help_unknown_long", msg: goldenReply(helpView(l, "/1on1", strings.Repeat("blah ", 30)+goldenHostile, routed, member))},
		}
	})
}

func TestGoldenRequestMessages(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	eachLang(t, func(l catalog.Lang) []goldenMessageCase { return requestMessageCases(l, ny, paris) })
}

// requestMessageCases are the request's messages in l, read in New York
// (Alex) and Paris (Sam).
func requestMessageCases(l catalog.Lang, ny, paris *time.Location) []goldenMessageCase {
	noMessage := func(o *models.OneToOne) { o.Message = "" }
	cases := []goldenMessageCase{
		{name: "invite_with_message", msg: goldenMsg(inviteView(l, goldenRequest())), check: goldenExpect{escaped: true}},
		{name: "invite_without_message", msg: goldenMsg(inviteView(l, goldenWith(goldenRequest(), noMessage)))},
		{name: "requester_copy_with_message", msg: goldenMsg(requesterCopyView(l, goldenRequest())), check: goldenExpect{escaped: true}},
		{name: "requester_copy_without_message", msg: goldenMsg(requesterCopyView(l, goldenWith(goldenRequest(), noMessage)))},
		{name: "request_sent_reply", msg: goldenReply(requestSentReply(l, goldenRequest()))},
		{name: "pending_reply_requested", msg: goldenReply(pendingReply(l, goldenRequest(), ny)), check: goldenExpect{dates: []time.Time{goldenAsked}}},
		{name: "pending_reply_scheduled", msg: goldenReply(pendingReply(l, goldenScheduled(), ny)), check: goldenExpect{dates: []time.Time{goldenAt}}},
		{name: "reverse_reply", msg: goldenReply(reverseReply(l, goldenRequest(), ny))},
		{name: "reverse_reply_scheduled", msg: goldenReply(reverseReply(l, goldenScheduled(), ny)), check: goldenExpect{dates: []time.Time{goldenAt}}},
		{name: "declined_note_with_reason", msg: goldenMsg(declinedNote(l, goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy, o.Reason = models.StatusDeclined, "USAM", "Busy until the spring.\n"+goldenHostile
		}))), check: goldenExpect{escaped: true}},
		{name: "declined_note_without_reason", msg: goldenMsg(declinedNote(l, goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusDeclined, "USAM"
		})))},
		{name: "cancelled_note_scheduled_with_reason", msg: goldenMsg(cancelledNote(l, goldenWith(goldenScheduled(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy, o.Reason = models.StatusCancelled, "UALEX", "Something came up. "+goldenHostile
		}), paris)), check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
		{name: "cancelled_note_requested_without_reason", msg: goldenMsg(cancelledNote(l, goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusCancelled, "UALEX"
		}), paris))},
		{name: "nudge_invitee_manual", msg: goldenMsg(nudgeInviteeView(l, goldenRequest()))},
		{name: "opted_out_note", msg: goldenMsg(optedOutNote(l, goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusDeclined, "USAM"
		})))},
		{name: "withdrawn_invitation", msg: goldenMsg(withdrawnView(l, goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusCancelled, "UALEX"
		})))},
	}

	// scheduledView: each viewer, first time and moved, with and without
	// a place; the fallback is written in the viewer's own zone.
	for _, viewer := range []struct {
		name string
		id   models.UserID
		loc  *time.Location
	}{{"organizer", "UALEX", ny}, {"invitee", "USAM", paris}} {
		for _, rescheduled := range []bool{false, true} {
			for _, place := range []bool{true, false} {
				o := goldenScheduled()
				if !place {
					o.Place = ""
				}
				name := "scheduled_" + viewer.name + map[bool]string{false: "_first", true: "_rescheduled"}[rescheduled] + map[bool]string{true: "_place", false: "_no_place"}[place]
				cases = append(cases, goldenMessageCase{
					name:  name,
					msg:   goldenMsg(scheduledView(l, o, scheduledFor{Viewer: viewer.id, Loc: viewer.loc, Rescheduled: rescheduled, Reachable: true})),
					check: goldenExpect{escaped: place, dates: []time.Time{goldenAt}},
				})
			}
		}
	}
	// Alex opted out, and picked the time: no reminder is promised.
	cases = append(cases, goldenMessageCase{
		name:  "scheduled_organizer_opted_out",
		msg:   goldenMsg(scheduledView(l, goldenScheduled(), scheduledFor{Viewer: "UALEX", Loc: ny})),
		check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}},
	})

	// closedView: every status, seen by each person; Alex is the one who
	// cancelled.
	for _, status := range []models.Status{models.StatusScheduled, models.StatusDeclined, models.StatusCancelled, models.StatusExpired, models.StatusHeld, models.StatusReflected} {
		for _, viewer := range []struct {
			name string
			id   models.UserID
			loc  *time.Location
		}{{"requester", "UALEX", ny}, {"invitee", "USAM", paris}} {
			o := goldenScheduled()
			o.Status = status
			switch status {
			case models.StatusDeclined:
				o.ClosedBy = "USAM"
			case models.StatusCancelled:
				o.ClosedBy = "UALEX"
			}
			var dates []time.Time
			if status == models.StatusScheduled {
				dates = []time.Time{goldenAt}
			}
			cases = append(cases, goldenMessageCase{
				name:  fmt.Sprintf("closed_%s_%s", status, viewer.name),
				msg:   goldenMsg(closedView(l, o, viewer.id, viewer.loc)),
				check: goldenExpect{dates: dates},
			})
		}
	}
	return cases
}

func TestGoldenRequestModals(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	newReq := goldenRequest()
	newReq.DurationMin = 0 // falls back to the default length
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			// Sam picks a time: the picker starts tomorrow at noon in Paris.
			{name: "schedule_modal_new", view: scheduleModal(l, newReq, "USAM", goldenNow, paris)},
			// Alex moves the meeting: the picker starts at the current time,
			// the place is filled in as typed.
			{name: "schedule_modal_reschedule", view: scheduleModal(l, goldenScheduled(), "UALEX", goldenNow, ny)},
			{name: "decline_modal", view: declineModal(l, goldenRequest(), true)},
			// Alex asked not to get messages: no word to give.
			{name: "decline_modal_unreachable", view: declineModal(l, goldenRequest(), false)},
			{name: "request_modal", view: requestModal(l, "")},
		}
	})
}

func TestGoldenReflect(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	followUp := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	prior := &models.Reflection{
		ID: 7, OneToOneID: 42, AuthorID: "UALEX",
		Answers: map[string]string{
			"common":  "We both grew up in Lyon & moved here for work.",
			"cares":   "Her building's heating. " + goldenHostile,
			"ask":     "Come to Thursday's meeting; she said maybe.",
			"unknown": "an answer to a question since removed",
		},
		Engagement: 3,
		FollowUpOn: &followUp,
		Tags:       []string{"Housing", "Gone from the list"},
	}
	member := reflectTarget{Invitee: "USAM"}
	person := reflectTarget{Person: "Dana " + goldenHostile}
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		ladder := defaultLadder(l)
		longLadder := append(slices.Clone(ladder[:4]), strings.Repeat("Ready to lead a whole campaign of their own ", 3))
		tags := []string{"Wages", "Housing", "Safety & " + goldenHostile}
		// A long reflection opens with the guide's full list, its tags
		// chosen (one no longer on the group's list is gone).
		full := reflectForm{Ladder: ladder, Tags: tags, Full: true}
		return []goldenModalCase{
			{name: "reflect_modal_existing", view: reflectModal(l, reflectTarget{ID: 42, Invitee: "USAM"}, prior, full, goldenNow, ny)},
			// Opened again after the follow-up day: the day stays, with a word.
			{name: "reflect_modal_follow_up_passed", view: reflectModal(l, reflectTarget{ID: 42, Invitee: "USAM"}, prior, reflectForm{Ladder: ladder, Full: true}, followUp.AddDate(0, 0, 3), ny)},
			// A new one starts short, with More questions.
			{name: "reflect_modal_log_member", view: reflectModal(l, member, nil, reflectForm{Ladder: ladder}, goldenNow, paris)},
			{name: "reflect_modal_log_person", view: reflectModal(l, person, nil, reflectForm{Ladder: longLadder, Tags: tags}, goldenNow, ny), check: goldenExpect{escaped: true}},
			// More questions pressed: what was typed and picked stays.
			{name: "reflect_modal_more", view: reflectModal(l, member, &models.Reflection{Answers: map[string]string{"self_interest": "Rent, her kids' school", "ask": "Come Thursday"}, Engagement: 2, Tags: []string{"Wages"}},
				reflectForm{Ladder: ladder, Tags: tags, Full: true, MetOn: "2026-03-10", Leads: []string{"UKIM"}}, goldenNow, paris)},
			{name: "reflection_saved_member", view: reflectionSavedView(l, member, nil)},
			{name: "reflection_saved_person", view: reflectionSavedView(l, person, nil), check: goldenExpect{escaped: true}},
			{name: "reflection_saved_with_leads", view: reflectionSavedView(l, member, []string{"UKIM", "ULEE"})},
			{name: "leads_added", view: leadsAddedView(l, planReply(l, goldenPlan()[:4], []models.PlanOutcome{
				{Entry: models.PlanEntry{InviteeID: "UKIM"}},
				{Entry: models.PlanEntry{InviteeID: "ULEE"}, Reason: "already on your list"},
			}, "/one-to-one"))},
		}
	})
}

// TestGoldenCoversEveryBuilder finds the functions in views_*.go that
// return Slack blocks, a modal or a reply, and asks for golden cases for
// each.
func TestGoldenCoversEveryBuilder(t *testing.T) {
	files, err := filepath.Glob("views_*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Type.Results == nil {
				continue
			}
			builder := false
			for _, r := range fn.Type.Results.List {
				s := goldenTypeString(r.Type)
				builder = builder || strings.Contains(s, "slack.") || s == "*reply"
			}
			if builder && !slices.Contains(goldenCovered, fn.Name.Name) {
				t.Errorf("%s: %s builds a view but has no golden test in views_golden*_test.go", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
}

// goldenTypeString renders a type expression well enough to spot slack types.
func goldenTypeString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + goldenTypeString(e.X)
	case *ast.ArrayType:
		return "[]" + goldenTypeString(e.Elt)
	case *ast.SelectorExpr:
		return goldenTypeString(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}
