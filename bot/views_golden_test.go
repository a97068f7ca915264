package bot

import (
	"encoding/json"
	"flag"
	"fmt"
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
	goldenDateRE    = regexp.MustCompile(`<!date\^(\d+)\^\{[a-z_]+\}( at \{time\})?\|[^|<>]+>`)
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
	runGoldenMessages(t, []goldenMessageCase{
		{name: "help_intro", msg: goldenReply(helpView("/one-to-one", "", all, member))},
		{name: "help_coordinator", msg: goldenReply(helpView("/one-to-one", "", all, coordinator))},
		{name: "help_admin", msg: goldenReply(helpView("/one-to-one", "", all, &models.Member{IsAdmin: true}))},
		{name: "help_no_profile", msg: goldenReply(helpView("/one-to-one", "", all, nil))},
		{name: "help_routed_only", msg: goldenReply(helpView("/one-to-one", "", routed, coordinator))},
		{name: "help_unknown", msg: goldenReply(helpView("/one-to-one", goldenHostile, routed, member)), check: goldenExpect{escaped: true}},
		{name: "help_unknown_long", msg: goldenReply(helpView("/1on1", strings.Repeat("blah ", 30)+goldenHostile, routed, member))},
	})
}

func TestGoldenRequestMessages(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	noMessage := func(o *models.OneToOne) { o.Message = "" }
	cases := []goldenMessageCase{
		{name: "invite_with_message", msg: goldenMsg(inviteView(goldenRequest())), check: goldenExpect{escaped: true}},
		{name: "invite_without_message", msg: goldenMsg(inviteView(goldenWith(goldenRequest(), noMessage)))},
		{name: "requester_copy_with_message", msg: goldenMsg(requesterCopyView(goldenRequest())), check: goldenExpect{escaped: true}},
		{name: "requester_copy_without_message", msg: goldenMsg(requesterCopyView(goldenWith(goldenRequest(), noMessage)))},
		{name: "request_sent_reply", msg: goldenReply(requestSentReply(goldenRequest()))},
		{name: "pending_reply_requested", msg: goldenReply(pendingReply(goldenRequest(), ny)), check: goldenExpect{dates: []time.Time{goldenAsked}}},
		{name: "pending_reply_scheduled", msg: goldenReply(pendingReply(goldenScheduled(), ny)), check: goldenExpect{dates: []time.Time{goldenAt}}},
		{name: "reverse_reply", msg: goldenReply(reverseReply(goldenRequest(), ny))},
		{name: "reverse_reply_scheduled", msg: goldenReply(reverseReply(goldenScheduled(), ny)), check: goldenExpect{dates: []time.Time{goldenAt}}},
		{name: "declined_note_with_reason", msg: goldenMsg(declinedNote(goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy, o.Reason = models.StatusDeclined, "USAM", "Busy until the spring.\n"+goldenHostile
		}))), check: goldenExpect{escaped: true}},
		{name: "declined_note_without_reason", msg: goldenMsg(declinedNote(goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusDeclined, "USAM"
		})))},
		{name: "cancelled_note_scheduled_with_reason", msg: goldenMsg(cancelledNote(goldenWith(goldenScheduled(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy, o.Reason = models.StatusCancelled, "UALEX", "Something came up. "+goldenHostile
		}), paris)), check: goldenExpect{escaped: true, dates: []time.Time{goldenAt}}},
		{name: "cancelled_note_requested_without_reason", msg: goldenMsg(cancelledNote(goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusCancelled, "UALEX"
		}), paris))},
		{name: "nudge_invitee_manual", msg: goldenMsg(nudgeInviteeView(goldenRequest()))},
		{name: "opted_out_note", msg: goldenMsg(optedOutNote(goldenWith(goldenRequest(), func(o *models.OneToOne) {
			o.Status, o.ClosedBy = models.StatusDeclined, "USAM"
		})))},
		{name: "withdrawn_invitation", msg: goldenMsg(withdrawnView(goldenWith(goldenRequest(), func(o *models.OneToOne) {
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
					msg:   goldenMsg(scheduledView(o, viewer.id, viewer.loc, rescheduled, true)),
					check: goldenExpect{escaped: place, dates: []time.Time{goldenAt}},
				})
			}
		}
	}
	// Alex opted out, and picked the time: no reminder is promised.
	cases = append(cases, goldenMessageCase{
		name:  "scheduled_organizer_opted_out",
		msg:   goldenMsg(scheduledView(goldenScheduled(), "UALEX", ny, false, false)),
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
				msg:   goldenMsg(closedView(o, viewer.id, viewer.loc)),
				check: goldenExpect{dates: dates},
			})
		}
	}
	runGoldenMessages(t, cases)
}

func TestGoldenRequestModals(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	newReq := goldenRequest()
	newReq.DurationMin = 0 // falls back to the default length
	runGoldenModals(t, []goldenModalCase{
		// Sam picks a time: the picker starts tomorrow at noon in Paris.
		{name: "schedule_modal_new", view: scheduleModal(newReq, "USAM", goldenNow, paris)},
		// Alex moves the meeting: the picker starts at the current time,
		// the place is filled in as typed.
		{name: "schedule_modal_reschedule", view: scheduleModal(goldenScheduled(), "UALEX", goldenNow, ny)},
		{name: "decline_modal", view: declineModal(goldenRequest(), true)},
		// Alex asked not to get messages: no word to give.
		{name: "decline_modal_unreachable", view: declineModal(goldenRequest(), false)},
		{name: "request_modal", view: requestModal("")},
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
	}
	longLadder := append(slices.Clone(DefaultLadder[:4]), strings.Repeat("Ready to lead a whole campaign of their own ", 3))
	member := reflectTarget{Invitee: "USAM"}
	person := reflectTarget{Person: "Dana " + goldenHostile}
	runGoldenModals(t, []goldenModalCase{
		{name: "reflect_modal_existing", view: reflectModal(reflectTarget{ID: 42, Invitee: "USAM"}, prior, DefaultLadder, goldenNow, ny)},
		// Opened again after the follow-up day: the day stays, with a word.
		{name: "reflect_modal_follow_up_passed", view: reflectModal(reflectTarget{ID: 42, Invitee: "USAM"}, prior, DefaultLadder, followUp.AddDate(0, 0, 3), ny)},
		{name: "reflect_modal_log_member", view: reflectModal(member, nil, DefaultLadder, goldenNow, paris)},
		{name: "reflect_modal_log_person", view: reflectModal(person, nil, longLadder, goldenNow, ny), check: goldenExpect{escaped: true}},
		{name: "reflection_saved_member", view: reflectionSavedView(member, nil)},
		{name: "reflection_saved_person", view: reflectionSavedView(person, nil), check: goldenExpect{escaped: true}},
		{name: "reflection_saved_with_leads", view: reflectionSavedView(member, []string{"UKIM", "ULEE"})},
		{name: "leads_added", view: leadsAddedView(planReply(goldenPlan()[:4], []models.PlanOutcome{
			{Entry: models.PlanEntry{InviteeID: "UKIM"}},
			{Entry: models.PlanEntry{InviteeID: "ULEE"}, Reason: "already on your list"},
		}, "/one-to-one"))},
	})
}

func TestGoldenList(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	const me = models.UserID("UALEX")
	at := func(d time.Duration) *time.Time { t := goldenNow.Add(d); return &t }
	day := 24 * time.Hour

	typical := []models.OneToOne{
		{ID: 1, RequesterID: "USAM", InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked},
		{ID: 2, RequesterID: me, InviteeID: "UROBIN", Status: models.StatusRequested, RequestedAt: goldenAsked.Add(2 * day)},
		{ID: 3, RequesterID: me, InviteeID: "UKIM", Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: &goldenAt, DurationMin: 45, Place: goldenHostile},
		{ID: 4, RequesterID: "UJO", InviteeID: me, Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(5 * day), DurationMin: 30},
		{ID: 5, RequesterID: me, InviteeID: "ULEE", Status: models.StatusHeld, RequestedAt: goldenAsked, ScheduledAt: &goldenHeld, HeldAt: &goldenHeld},
		{ID: 6, RequesterID: me, InviteeID: "UMO", Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(-2 * day)},
		// Ava asked me and has reflected; mine is still to write.
		{ID: 7, RequesterID: "UAVA", InviteeID: me, Status: models.StatusReflected, RequestedAt: goldenAsked, HeldAt: &goldenHeld},
	}

	var busy []models.OneToOne
	for i := range 12 {
		other := models.UserID(fmt.Sprintf("UBUSY%02d", i))
		id := int64(100 + 4*i)
		busy = append(busy,
			models.OneToOne{ID: id, RequesterID: other, InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked.Add(time.Duration(i) * time.Hour)},
			models.OneToOne{ID: id + 1, RequesterID: me, InviteeID: other, Status: models.StatusRequested, RequestedAt: goldenAsked.Add(time.Duration(i) * time.Hour)},
			models.OneToOne{ID: id + 2, RequesterID: me, InviteeID: other, Status: models.StatusScheduled, RequestedAt: goldenAsked, ScheduledAt: at(time.Duration(i+1) * day), Place: "Café Lune"},
			models.OneToOne{ID: id + 3, RequesterID: me, InviteeID: other, Status: models.StatusHeld, RequestedAt: goldenAsked, HeldAt: at(-time.Duration(i+1) * day)},
		)
	}

	dana := int64(9)
	people := map[int64]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}}
	outside := []models.OneToOne{
		{ID: 8, RequesterID: me, PersonID: &dana, Status: models.StatusHeld, RequestedAt: goldenHeld, HeldAt: &goldenHeld},
	}

	runGoldenMessages(t, []goldenMessageCase{
		{name: "list_empty", msg: goldenReply(listView(sortList(nil, me, goldenNow), me, nil, ny))},
		{name: "list_typical", msg: goldenReply(listView(sortList(typical, me, goldenNow), me, nil, ny)),
			check: goldenExpect{escaped: true, dates: []time.Time{goldenAsked, goldenAt, *at(5 * day), goldenHeld, *at(-2 * day)}}},
		{name: "list_busy", msg: goldenReply(listView(sortList(busy, me, goldenNow), me, nil, paris))},
		{name: "list_person_outside_slack", msg: goldenReply(listView(sortList(outside, me, goldenNow), me, people, paris)),
			check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld}}},
	})

	t.Run("list_busy_counts", func(t *testing.T) {
		r := listView(sortList(busy, me, goldenNow), me, nil, paris)
		got := goldenBlocksText(r.Blocks)
		if n := strings.Count(got, "…and 2 more."); n != 4 {
			t.Errorf("want \"…and 2 more.\" under each of the 4 groups, found %d in:\n%s", n, got)
		}
		if len(r.Blocks) > 50 {
			t.Errorf("%d blocks, over Slack's 50 per message", len(r.Blocks))
		}
	})
}

// goldenBlocksText joins the mrkdwn of sections and context lines.
func goldenBlocksText(blocks []slack.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			b.WriteString(bl.Text.Text + "\n")
		case *slack.ContextBlock:
			for _, e := range bl.ContextElements.Elements {
				if tx, ok := e.(*slack.TextBlockObject); ok {
					b.WriteString(tx.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

// goldenPlan is a list of ten: a Slack member and someone outside Slack
// at each status.
func goldenPlan() []models.PlanItem {
	statuses := []string{models.PlanNotAsked, models.PlanRequested, models.PlanScheduled, models.PlanMet, models.PlanNotNow}
	var items []models.PlanItem
	for i, st := range statuses {
		items = append(items, models.PlanItem{
			PlanEntry: models.PlanEntry{ID: int64(10 + 2*i), OwnerID: "UALEX", InviteeID: models.UserID(fmt.Sprintf("UPLAN%d", i)), AddedAt: goldenAsked},
			Status:    st,
		})
		person := int64(20 + i)
		items = append(items, models.PlanItem{
			PlanEntry: models.PlanEntry{ID: int64(11 + 2*i), OwnerID: "UALEX", PersonID: &person, Name: fmt.Sprintf("Neighbour %d", i), AddedAt: goldenAsked},
			Status:    st,
		})
	}
	items[1].Name = "Dana " + goldenHostile
	return items
}

func TestGoldenGoals(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	goal := &models.Goal{ID: 3, UserID: "UALEX", Target: 4, StartsAt: goldenNow, EndsAt: goldenNow.Add(models.GoalWindow)}
	ended := &models.Goal{ID: 2, UserID: "UALEX", Target: 4, StartsAt: goldenNow.Add(-30 * 24 * time.Hour), EndsAt: goldenNow.Add(-2 * 24 * time.Hour)}
	plan := goldenPlan()
	runGoldenMessages(t, []goldenMessageCase{
		{name: "goal_reply_none", msg: goldenReply(goalReply(nil, 0, false, goldenNow, ny))},
		{name: "goal_reply_set", msg: goldenReply(goalReply(goal, 1, true, goldenNow, ny)), check: goldenExpect{dates: []time.Time{goal.EndsAt}}},
		{name: "goal_reply_made_it", msg: goldenReply(goalReply(goal, 5, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{goal.EndsAt}}},
		// Once its four weeks are over: how it went, and the next one.
		{name: "goal_reply_ended_made_it", msg: goldenReply(goalReply(ended, 4, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
		{name: "goal_reply_ended_short", msg: goldenReply(goalReply(ended, 1, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
		{name: "goal_reply_ended_none_held", msg: goldenReply(goalReply(ended, 0, false, goldenNow, ny)), check: goldenExpect{dates: []time.Time{ended.EndsAt}}},
		{name: "plan_reply_empty", msg: goldenReply(planReply(nil, nil, "/one-to-one"))},
		{name: "plan_reply_added_and_refused", msg: goldenReply(planReply(plan[:6], []models.PlanOutcome{
			{Entry: plan[0].PlanEntry},
			{Entry: plan[1].PlanEntry},
			{Entry: models.PlanEntry{InviteeID: "UROBIN"}, Reason: "they have opted out of requests"},
			{Entry: models.PlanEntry{Name: "Kim " + goldenHostile}, Reason: "your list already has 10 people"},
		}, "/one-to-one")), check: goldenExpect{escaped: true}},
		{name: "plan_reply_full", msg: goldenReply(planReply(plan, nil, "/one-to-one")), check: goldenExpect{escaped: true}},
	})
}

func TestGoldenHome(t *testing.T) {
	ny, paris := goldenLoc(t, "America/New_York"), goldenLoc(t, "Europe/Paris")
	const me = models.UserID("UALEX")
	at := func(d time.Duration) *time.Time { t := goldenNow.Add(d); return &t }
	day := 24 * time.Hour
	dana := int64(9)
	var busy []models.OneToOne
	for i := range 12 {
		other := models.UserID(fmt.Sprintf("UBUSY%02d", i))
		id := int64(100 + 4*i)
		busy = append(busy,
			models.OneToOne{ID: id, RequesterID: other, InviteeID: me, Status: models.StatusRequested, RequestedAt: goldenAsked},
			models.OneToOne{ID: id + 1, RequesterID: me, InviteeID: other, Status: models.StatusRequested, RequestedAt: goldenAsked},
			models.OneToOne{ID: id + 2, RequesterID: me, InviteeID: other, Status: models.StatusScheduled, ScheduledAt: at(time.Duration(i+1) * day), Place: goldenHostile},
			models.OneToOne{ID: id + 3, RequesterID: me, InviteeID: other, Status: models.StatusHeld, HeldAt: at(-time.Duration(i+1) * day)},
		)
	}
	busy = append([]models.OneToOne{{ID: 99, RequesterID: me, PersonID: &dana, Status: models.StatusHeld, HeldAt: &goldenHeld}}, busy...)
	goal := &models.Goal{ID: 3, UserID: me, Target: 4, StartsAt: goldenNow, EndsAt: goldenNow.Add(models.GoalWindow)}
	// Seven reflections of mine: read by nobody, by a coordinator, by
	// several in several ways, and some beyond what Home lists.
	var mine []models.AuthoredReflection
	for i := range 7 {
		o := models.OneToOne{ID: int64(200 + i), RequesterID: me, InviteeID: models.UserID(fmt.Sprintf("UMET%02d", i)), Status: models.StatusReflected, HeldAt: at(-time.Duration(i+1) * day)}
		mine = append(mine, models.AuthoredReflection{OneToOne: o, SavedAt: goldenNow.Add(-time.Duration(i) * day)})
	}
	mine[1].Readers = []models.Reader{{ID: "UROBIN", Times: 1, Last: goldenHeld, Via: models.ReadOpened}}
	mine[2].OneToOne.InviteeID, mine[2].OneToOne.PersonID, mine[2].OneToOne.PersonName = "", &dana, "Dana "+goldenHostile
	mine[2].Readers = []models.Reader{
		{ID: "UKIM", Times: 3, Last: goldenHeld, Via: models.ReadOpened},
		{ID: models.OperatorID, Times: 1, Last: goldenAsked, Via: models.ReadExported},
	}
	runGoldenModals(t, []goldenModalCase{
		{name: "home_empty", view: homeView(homeData{Me: me, Now: goldenNow, Loc: paris})},
		{name: "home_reflections", view: homeView(homeData{Me: me, Now: goldenNow, Loc: paris, Reflections: mine}),
			check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld, goldenAsked}}},
		{name: "home_goal_ended", view: homeView(homeData{Me: me, Now: goldenNow, Loc: paris, Goal: &models.Goal{
			ID: 2, UserID: me, Target: 3, StartsAt: goldenNow.Add(-40 * 24 * time.Hour), EndsAt: goldenNow.Add(-12 * 24 * time.Hour),
		}, Held: 2}), check: goldenExpect{dates: []time.Time{goldenNow.Add(-12 * 24 * time.Hour)}}},
		{name: "home_busy", view: homeView(homeData{
			Me: me, Now: goldenNow, Loc: ny,
			List:   sortList(busy, me, goldenNow),
			People: map[int64]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}},
			Goal:   goal, Held: 2,
			Plan: goldenPlan(),
		}), check: goldenExpect{escaped: true, dates: []time.Time{goal.EndsAt, *at(day), goldenHeld}}},
		{name: "home_coordinator_busy", view: homeView(homeData{
			Me: me, Now: goldenNow, Loc: ny,
			List:   sortList(busy, me, goldenNow),
			People: map[int64]models.Person{dana: {ID: dana, OwnerID: me, Name: "Dana " + goldenHostile}},
			Goal:   goal, Held: 2, Plan: goldenPlan(), Reflections: mine,
			Team: &models.Team{ByStatus: map[models.Status]int64{models.StatusRequested: 40, models.StatusReflected: 12}, UnmetAll: 230, NoGoal: []models.UserID{"UA", "UB"}},
		})},
	})
}

func TestGoldenDigest(t *testing.T) {
	joined := goldenNow.Add(-10 * 24 * time.Hour)
	small := &models.Digest{
		Now: goldenNow, HeldWeek: 1, HeldWindow: 3, Goals: 1,
		Organizers: []models.Progress{{ID: "UALEX", Held: 3}}, OrganizersAll: 1,
		Newcomers:    []models.Member{{ID: "UNEW0", Name: "Ana " + goldenHostile, JoinedAt: &joined}},
		NewcomersAll: 1, Waiting: 1, WaitingAfter: 14 * 24 * time.Hour,
	}
	busy := &models.Digest{Now: goldenNow, HeldWeek: 17, HeldWindow: 52, Goals: 16, OrganizersAll: 25, NewcomersAll: 14, Waiting: 6, WaitingAfter: 36 * time.Hour}
	// Counts only: the store names nobody, the view counts.
	counts := &models.Digest{Now: goldenNow, HeldWeek: 4, HeldWindow: 11, Goals: 3, OrganizersAll: 7, NewcomersAll: 2, Waiting: 2, WaitingAfter: 5 * 24 * time.Hour}
	names := map[models.UserID]string{}
	for i := range 25 {
		id := models.UserID(fmt.Sprintf("UORG%02d", i))
		busy.Organizers = append(busy.Organizers, models.Progress{ID: id, Held: 25 - i})
		if i != 3 { // one without a name in Slack
			names[id] = fmt.Sprintf("Organizer %d", i)
		}
	}
	names["UORG00"] = "Alex " + goldenHostile
	for i := range digestNewcomers {
		busy.Newcomers = append(busy.Newcomers, models.Member{ID: models.UserID(fmt.Sprintf("UNEW%02d", i)), Name: fmt.Sprintf("Newcomer %d", i), JoinedAt: &joined})
	}
	runGoldenMessages(t, []goldenMessageCase{
		{name: "digest_quiet", msg: goldenMsg(digestView(&models.Digest{Now: goldenNow}, nil)), check: goldenExpect{noMentions: true}},
		{name: "digest_small", msg: goldenMsg(digestView(small, map[models.UserID]string{"UALEX": "Alex"})), check: goldenExpect{escaped: true, noMentions: true}},
		{name: "digest_busy", msg: goldenMsg(digestView(busy, names)), check: goldenExpect{escaped: true, noMentions: true}},
		{name: "digest_counts_only", msg: goldenMsg(digestView(counts, nil)), check: goldenExpect{noMentions: true}},
	})
}

// goldenCovered names every builder in views_*.go that has golden cases
// above. A new builder fails TestGoldenCoversEveryBuilder until it has
// some.
var goldenCovered = []string{
	"helpView",
	"inviteView", "requesterCopyView", "requestSentReply", "pendingReply", "reverseReply",
	"scheduledView", "closedView", "declinedNote", "cancelledNote", "nudgeInviteeView",
	"scheduleModal", "declineModal", "requestModal",
	"reflectModal", "reflectionSavedView", "leadsAddedView",
	"listView",
	"listBlocks", // through listView and homeView
	"goalReply", "planReply",
	"goalBlocks", // through goalReply and homeView
	"planBlocks", // through planReply and homeView
	"homeView",
	"myReflectionsBlocks", // through homeView
	"digestView",
	"teamModal",
	"reflectionReadView",
	"forgetConfirm", "forgetPersonConfirm",
	"optedOutNote", "withdrawnView",
	"loadingModal",
	"settingsModal",
	"digestNamesInput", // through settingsModal
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
				t.Errorf("%s: %s builds a view but has no golden test in views_golden_test.go", fset.Position(fn.Pos()), fn.Name.Name)
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

func TestGoldenTeam(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	sched := goldenScheduled()
	held := goldenWith(goldenRequest(), func(o *models.OneToOne) {
		o.ID, o.Status, o.HeldAt = 43, models.StatusReflected, &goldenAt
	})
	pid := int64(9)
	outside := goldenWith(goldenRequest(), func(o *models.OneToOne) {
		o.ID, o.InviteeID, o.PersonID, o.Status, o.HeldAt = 44, "", &pid, models.StatusHeld, &goldenAt
	})
	readBy := map[int64][]models.Reader{43: {
		{ID: "UROBIN", Times: 2, Last: goldenHeld, Via: models.ReadOpened},
		{ID: "UKIM", Times: 1, Last: goldenAsked, Via: models.ReadExported},
	}}
	team := &models.Team{
		ByStatus:   map[models.Status]int64{models.StatusRequested: 3, models.StatusScheduled: 1, models.StatusReflected: 1},
		Recent:     []models.OneToOne{*sched, *held, *outside},
		Reflected:  map[int64]bool{43: true},
		ReadBy:     readBy,
		PeopleByID: map[int64]models.Person{9: {ID: 9, Name: "Dana " + goldenHostile}},
		Unmet:      []models.Member{{ID: "UKIM"}, {ID: "ULEE"}},
		UnmetAll:   30,
		NoGoal:     []models.UserID{"UALEX"},
	}
	var busy models.Team = *team
	busy.Recent = nil
	for i := 0; i < 40; i++ {
		o := *sched
		o.ID = int64(100 + i)
		busy.Recent = append(busy.Recent, o)
	}
	r := models.Reflection{OneToOneID: 43, AuthorID: "UALEX", Engagement: 4, Answers: map[string]string{
		"cares": "Her building's heating. " + goldenHostile, "ask": "Come to Thursday's meeting.",
	}}
	readMany := r
	for i := range 7 {
		readMany.Readers = append(readMany.Readers, models.Reader{ID: models.UserID(fmt.Sprintf("UREAD%d", i)), Times: 1 + i%2, Last: goldenHeld, Via: models.ReadOpened})
	}
	readMany.Readers[0].ID, readMany.Readers[1].Via = models.OperatorID, models.ReadExported
	// Sam, who was asked, wrote one of his own.
	followUp := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	theirs := models.Reflection{OneToOneID: 43, AuthorID: "USAM", FollowUpOn: &followUp, Answers: map[string]string{
		"common": "We both moved here for work.", "did_well": "I listened more than I talked.",
	}}
	runGoldenModals(t, []goldenModalCase{
		{name: "team_empty", view: teamModal(&models.Team{ByStatus: map[models.Status]int64{}}, ny)},
		{name: "team_typical", view: teamModal(team, ny), check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld, goldenAsked}}},
		{name: "team_busy", view: teamModal(&busy, ny)},
		{name: "reflection_read", view: reflectionReadView(held, []models.Reflection{r}, DefaultLadder, ny), check: goldenExpect{escaped: true}},
		{name: "reflection_read_both", view: reflectionReadView(held, []models.Reflection{r, theirs}, DefaultLadder, ny), check: goldenExpect{escaped: true}},
		{name: "reflection_read_by_many", view: reflectionReadView(held, []models.Reflection{readMany}, DefaultLadder, ny), check: goldenExpect{escaped: true, dates: []time.Time{goldenHeld}}},
		{name: "loading", view: loadingModal("team", "Team")},
	})
	dana := []models.Person{{ID: 9, OwnerID: "UALEX", Name: "Dana " + goldenHostile}}
	danas := append(dana, models.Person{ID: 12, OwnerID: "UKIM", Name: "dana " + goldenHostile})
	runGoldenMessages(t, []goldenMessageCase{
		{name: "forget_confirm", msg: goldenReply(forgetConfirm("USAM", "/one-to-one"))},
		{name: "forget_person_confirm_own", msg: goldenReply(forgetPersonConfirm(dana, "UALEX")), check: goldenExpect{escaped: true}},
		{name: "forget_person_confirm_coordinator", msg: goldenReply(forgetPersonConfirm(danas, "UROBIN")), check: goldenExpect{escaped: true}},
	})
}

func TestGoldenSettings(t *testing.T) {
	def := models.Settings{Timezone: "America/Chicago", Ladder: DefaultLadder}.WithDefaults()
	custom := def
	custom.DigestChannel, custom.DigestCron, custom.NudgeAfter, custom.ReflectionDelay, custom.Ladder, custom.DigestNames = "C0DIGEST", "*/5 * * * *", 36*time.Hour, 30*time.Minute, []string{"a", "b", "c", "d", "e"}, models.DigestNamesCounts
	custom.UnaskedPerWeek = new(int)
	runGoldenModals(t, []goldenModalCase{
		{name: "settings_defaults", view: settingsModal(def, def, nil, false)},
		{name: "settings_custom", view: settingsModal(custom, def, []models.UserID{"UROBIN", "USAM"}, true)},
	})
}
