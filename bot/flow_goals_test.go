package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

func TestGoalCommand(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, "goal"); !strings.Contains(got, "haven't set a goal") {
			t.Errorf("no goal = %q", got)
		}
		for _, bad := range []string{"goal 0", "goal 51", "goal four", "goal 2.5", "goal -3", "goal 3 4", "goal <@USAM>"} {
			if got := h.command(alex, bad); !strings.Contains(got, "whole number from 1 to 50") {
				t.Errorf("%q = %q", bad, got)
			}
		}
		var n int64
		h.store.DB().Model(&models.Goal{}).Count(&n)
		if n != 0 {
			t.Fatalf("bad goals stored %d rows", n)
		}
		if got := h.command(alex, "goal 4"); !strings.Contains(got, "Goal set") || !strings.Contains(got, "0 of 4") {
			t.Errorf("set = %q", got)
		}
		// A one-to-one held in the window counts.
		h.command(alex, "log <@USAM>")
		h.waitModal(alex, "reflect")
		h.submit(alex, map[string]string{selfInterestLabel: "Bikes"})
		h.waitModal(alex, "reflect_saved")
		if got := h.command(alex, "goal"); !strings.Contains(got, "1 of 4") {
			t.Errorf("after a one-to-one = %q", got)
		}
		if got := h.command(alex, "goal 1"); !strings.Contains(got, "You made it") {
			t.Errorf("replaced goal = %q", got)
		}
	})
}

func TestPlanCommand(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, "plan"); !strings.Contains(got, "0 of 10") {
			t.Errorf("empty plan = %q", got)
		}
		got := h.command(alex, `plan <@USAM> "Maria Lopez" <@UBOTTY> <@UGONE> <@UALEX> <@USAM>`)
		for _, want := range []string{"Added 2", "2 of 10", "that's a bot", "deactivated", "that's you", "already on your list"} {
			if !strings.Contains(got, want) {
				t.Errorf("plan add = %q, missing %q", got, want)
			}
		}
		if got := h.command(alex, "plan maria"); !strings.Contains(got, "names go in quotes") {
			t.Errorf("unquoted name = %q", got)
		}
		// Asking Sam from the list moves the entry along.
		h.click(alex, "Ask")
		h.waitModal(alex, "request")
		if errs := h.submit(alex, nil); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitDM(sam, "would like to have a one-to-one")
		items, _ := h.store.Plan(context.Background(), alex)
		if len(items) != 2 || items[0].Status != models.PlanRequested {
			t.Errorf("plan after asking = %+v", items)
		}
		if got := h.command(alex, `plan remove "maria lopez"`); !strings.Contains(got, "Removed") || !strings.Contains(got, "1 of 10") {
			t.Errorf("remove = %q", got)
		}
		if got := h.command(alex, `plan remove <@UROBIN>`); !strings.Contains(got, "aren't on your list") {
			t.Errorf("remove absent = %q", got)
		}
		var many []string
		for i := 0; i < 12; i++ {
			many = append(many, fmt.Sprintf("%q", fmt.Sprintf("Neighbour %d", i)))
		}
		if got := h.command(alex, "plan "+strings.Join(many, " ")); !strings.Contains(got, "already has 10 people") || !strings.Contains(got, "10 of 10") {
			t.Errorf("over ten = %q", got)
		}
	})
}

func TestLeadsGoOnTheListInOneClick(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "log <@USAM>")
		h.waitModal(alex, "reflect")
		h.submit(alex, map[string]string{
			selfEvalLabel: "Her neighbour Robin runs the food bank",
			"Did they mention anyone you could meet?": robin,
		})
		h.waitModal(alex, "reflect_saved")
		h.click(alex, "Add 1 to my list")
		h.fake.WaitFor(h.ctx, func() bool {
			items, _ := h.store.Plan(context.Background(), alex)
			return len(items) == 1 && items[0].InviteeID == robin
		})
		v := h.waitModal(alex, "reflect_saved")
		h.fake.WaitFor(h.ctx, func() bool { v, _ = h.fake.OpenView(alex); return strings.Contains(blocksJSON(v.Blocks), "Added 1") })
		if !strings.Contains(blocksJSON(v.Blocks), "Added 1") {
			t.Errorf("confirmation not updated: %s", blocksJSON(v.Blocks))
		}
	})
}

func TestHome(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		open := func(user string) slack.View {
			t.Helper()
			before, _ := h.fake.HomeView(user)
			if _, err := h.fake.SendEvent(h.ctx, fmt.Sprintf("EvHome%d", time.Now().UnixNano()), map[string]any{"type": "app_home_opened", "user": user, "tab": "home"}); err != nil {
				t.Fatal(err)
			}
			var v slack.View
			wctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
			defer cancel()
			h.fake.WaitFor(wctx, func() bool { v, _ = h.fake.HomeView(user); return v.ID != "" && v.Hash != before.Hash })
			if err := slacktest.ValidateView(v); err != nil {
				t.Errorf("home view invalid: %v", err)
			}
			return v
		}
		// Empty.
		v := open(robin)
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "Nothing open right now") || !strings.Contains(js, "haven't set a goal") {
			t.Errorf("empty home = %s", js)
		}
		// Typical: a request waiting, a goal, a list.
		h.command(alex, "<@UROBIN> coffee?")
		h.command(robin, "goal 3")
		h.command(robin, `plan "Ana" <@USAM>`)
		open(robin)
		// Refreshes after each command land in order; wait for the last.
		var js string
		h.fake.WaitFor(h.ctx, func() bool {
			v, _ := h.fake.HomeView(robin)
			js = blocksJSON(v.Blocks)
			return strings.Contains(js, "People to meet (2 of 10)")
		})
		for _, want := range []string{"Waiting for your answer", "Pick a time", "0 of 3", "People to meet (2 of 10)", "Ana", "Ask"} {
			if !strings.Contains(js, want) {
				t.Errorf("typical home lacks %q: %s", want, js)
			}
		}
		// Refreshed after a change, without opening the tab.
		h.click(robin, "Pick a time")
		h.waitModal(robin, "schedule")
		h.submit(robin, map[string]string{"When": fmt.Sprint(t0.Add(30 * time.Hour).Unix())})
		h.fake.WaitFor(h.ctx, func() bool {
			v, _ := h.fake.HomeView(robin)
			return strings.Contains(blocksJSON(v.Blocks), "Coming up")
		})
		if v, _ := h.fake.HomeView(robin); !strings.Contains(blocksJSON(v.Blocks), "Coming up") {
			t.Errorf("home not refreshed after scheduling")
		}
		// Very busy: 40 requests waiting, 40 sent, 10 on the list.
		ctx := context.Background()
		for i := 0; i < 40; i++ {
			in, _ := models.NewRequest(models.UserID(fmt.Sprintf("UIN%02d", i)), sam, "", h.clock.Now())
			out, _ := models.NewRequest(sam, models.UserID(fmt.Sprintf("UOUT%02d", i)), "", h.clock.Now())
			for _, o := range []*models.OneToOne{in, out} {
				if err := h.store.CreateOneToOne(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
		}
		var names []string
		for i := 0; i < 10; i++ {
			names = append(names, fmt.Sprintf(`"Person %d"`, i))
		}
		h.command(sam, "plan "+strings.Join(names, " "))
		v = open(sam)
		if n := len(v.Blocks.BlockSet); n > 100 {
			t.Errorf("busy home has %d blocks, over Slack's 100", n)
		}
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "and 32 more") {
			t.Errorf("busy home does not summarize: %s", js)
		}
	})
}

func TestDigestPreviewAndNewcomers(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		// Empty team.
		got := h.command(robin, "digest")
		if !strings.Contains(got, "0 one-to-ones held") {
			t.Errorf("empty digest = %q", got)
		}
		// A newcomer joins the workspace and has not been met.
		h.fake.SendEvent(h.ctx, "EvJoin1", map[string]any{"type": "team_join", "user": map[string]any{"id": "UNEW", "name": "newbie", "real_name": "Nia <b>", "profile": map[string]any{"display_name": "Nia <!channel>"}}})
		h.fake.WaitFor(h.ctx, func() bool { _, err := h.store.Member(context.Background(), "UNEW"); return err == nil })
		h.command(alex, "goal 5")
		h.command(alex, "log <@USAM>")
		h.waitModal(alex, "reflect")
		h.submit(alex, map[string]string{selfInterestLabel: "SECRET-REFLECTION-TEXT"})
		h.waitModal(alex, "reflect_saved")
		ack, err := h.fake.SlashCommand(h.ctx, robin, "digest")
		if err != nil {
			t.Fatal(err)
		}
		js := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(ack.Payload))
		for _, want := range []string{"*1* one-to-one held this week", "1 person has set a goal", "Alex · 1 held", "Nia &lt;!channel&gt;", "Who will reach out"} {
			if !strings.Contains(js, want) {
				t.Errorf("digest lacks %q: %s", want, js)
			}
		}
		for _, never := range []string{"SECRET-REFLECTION-TEXT", "<@", "<!channel>", "of 5"} {
			if strings.Contains(js, never) {
				t.Errorf("digest contains %q", never)
			}
		}
	})
}

func TestOptOut(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(sam, "optout"); !strings.Contains(got, "won't send you") {
			t.Fatalf("optout = %q", got)
		}
		if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "asked not to receive") {
			t.Errorf("request to opted-out = %q", got)
		}
		if n := len(h.oneToOnes()); n != 0 {
			t.Errorf("stored %d one-to-ones for an opted-out person", n)
		}
		if got := h.command(sam, "optin"); !strings.Contains(got, "Welcome back") {
			t.Errorf("optin = %q", got)
		}
		if got := h.command(alex, "<@USAM> coffee?"); !strings.Contains(got, "Invitation sent") {
			t.Errorf("request after optin = %q", got)
		}
	})
}

// TestDigestForFiveHundred: a team of 500 members fits one message, with
// the top organizers named and the rest counted.
func TestDigestForFiveHundred(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		for i := 0; i < 500; i++ {
			id := models.UserID(fmt.Sprintf("UM%03d", i))
			m := &models.Member{ID: id, Name: fmt.Sprintf("Member <%d> & co", i), ProfileFetchedAt: h.clock.Now()}
			if i%5 == 0 {
				if err := h.store.MarkJoined(ctx, m, h.clock.Now().Add(-3*24*time.Hour)); err != nil {
					t.Fatal(err)
				}
				continue
			}
			h.store.SaveMember(ctx, m)
			if i%2 == 0 {
				g, _ := models.NewGoal(id, 1+i%7, h.clock.Now().Add(-24*time.Hour))
				h.store.SetGoal(ctx, g)
				o, _ := models.NewLogged(id, models.UserID(fmt.Sprintf("UX%03d", i)), nil, h.clock.Now().Add(-time.Duration(i%20)*24*time.Hour), h.clock.Now())
				if err := h.store.CreateOneToOne(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
		}
		ack, err := h.fake.SlashCommand(h.ctx, robin, "digest")
		if err != nil {
			t.Fatal(err)
		}
		var msg struct {
			Blocks slack.Blocks `json:"blocks"`
		}
		if err := json.Unmarshal(ack.Payload, &msg); err != nil {
			t.Fatal(err)
		}
		if n := len(msg.Blocks.BlockSet); n > 50 {
			t.Errorf("digest has %d blocks, over Slack's 50", n)
		}
		if err := slacktest.ValidateMessageBlocks(msg.Blocks.BlockSet); err != nil {
			t.Errorf("Slack would refuse the digest: %v", err)
		}
		js := blocksJSON(msg.Blocks)
		for _, want := range []string{"more organizers", "and 90 more", "&lt;", "&amp;"} {
			if !strings.Contains(js, want) {
				t.Errorf("digest lacks %q", want)
			}
		}
		if ack.Latency > 3*time.Second {
			t.Errorf("500-member digest took %v to ack", ack.Latency)
		}
	})
}

// TestMalformedCommandsStoreNothing sends texts no command accepts, and
// finds nothing stored and a reply to every one.
func TestMalformedCommandsStoreNothing(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for _, text := range []string{
			"<@U1", "<@>", "<@u123>", `log "`, `log ""`, "log <@UBOTTY|x>", "goal", "goal 1e9", "goal -0", "goal ٣",
			"plan remove", `plan remove "nobody"`, "plan <@UGONE>", "forget", "\x00\x01", strings.Repeat("<@", 3000),
			`"` + strings.Repeat("x", 500) + `"`, "optout please", "@", "“unclosed",
		} {
			before := len(h.fake.Ephemerals(alex))
			ack, err := h.fake.SlashCommand(h.ctx, alex, text)
			if err != nil {
				t.Fatalf("%q: %v", truncateForLog(text), err)
			}
			if ack.Latency > 3*time.Second {
				t.Errorf("%q acked after %v", truncateForLog(text), ack.Latency)
			}
			// The answer is inline, or a modal (or a refusal through the
			// response_url) right after an empty ack.
			var v slack.View
			opened := false
			wctx, cancel := context.WithTimeout(h.ctx, 5*time.Second)
			h.fake.WaitFor(wctx, func() bool {
				v, opened = h.fake.OpenView(alex)
				return opened || len(h.fake.Ephemerals(alex)) > before
			})
			cancel()
			if opened {
				h.fake.CloseView(h.ctx, alex)
				if v.CallbackID != "reflect" && v.CallbackID != "request" {
					t.Errorf("%q opened %q", truncateForLog(text), v.CallbackID)
				}
				continue
			}
			if len(h.fake.Ephemerals(alex)) <= before {
				t.Errorf("%q got no answer", truncateForLog(text))
			}
		}
		for name, model := range map[string]any{"one-to-ones": &models.OneToOne{}, "goals": &models.Goal{}, "plan": &models.PlanEntry{}, "people": &models.Person{}} {
			var n int64
			h.store.DB().Model(model).Count(&n)
			if n != 0 {
				t.Errorf("malformed commands stored %d %s", n, name)
			}
		}
	})
}

func truncateForLog(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// TestGoalEnded: four weeks after Alex set a goal, the goal command and
// Home say it ended and how it went, not that there is no goal, and offer
// the next one: one click sets the same number for the next four weeks.
func TestGoalEnded(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "goal 3")
		h.command(alex, "log <@USAM>")
		h.waitModal(alex, "reflect")
		h.submit(alex, map[string]string{selfInterestLabel: "Bikes"})
		h.waitModal(alex, "reflect_saved")

		h.clock.Set(t0.Add(models.GoalWindow + 24*time.Hour))
		got := h.command(alex, "goal")
		for _, want := range []string{"ended on", "1 of 3", "next 4 weeks"} {
			if !strings.Contains(got, want) {
				t.Errorf("goal after its four weeks = %q, missing %q", got, want)
			}
		}
		if strings.Contains(got, "haven't set a goal") {
			t.Errorf("an ended goal reads as none: %q", got)
		}

		before, _ := h.fake.HomeView(alex)
		if _, err := h.fake.SendEvent(h.ctx, "EvHomeGoalEnded", map[string]any{"type": "app_home_opened", "user": alex, "tab": "home"}); err != nil {
			t.Fatal(err)
		}
		var home slack.View
		if err := h.fake.WaitFor(h.ctx, func() bool { home, _ = h.fake.HomeView(alex); return home.Hash != before.Hash }); err != nil {
			t.Fatal("Home was never drawn")
		}
		if js := blocksJSON(home.Blocks); !strings.Contains(js, "ended on") || !strings.Contains(js, "Aim for 3 again") || strings.Contains(js, "haven't set a goal") {
			t.Errorf("Home's goal after its four weeks: %s", js)
		}

		// The offer, from the command's answer.
		h.click(alex, "Aim for 3 again")
		err := h.fake.WaitFor(h.ctx, func() bool {
			for _, e := range h.fake.Ephemerals(alex) {
				if e.ViaResponseURL && strings.Contains(e.Text, "Goal set") && strings.Contains(e.Text, "0 of 3") {
					return true
				}
			}
			return false
		})
		if err != nil {
			t.Fatalf("the answer was not replaced by the new goal: %+v", h.fake.Ephemerals(alex))
		}
		var goals []models.Goal
		h.store.DB().Order("id").Find(&goals)
		if len(goals) != 2 || goals[1].Target != 3 || !goals[1].StartsAt.Equal(h.clock.Now()) {
			t.Errorf("goals = %+v; want a new one of 3 from now", goals)
		}
		if got := h.command(alex, "goal"); !strings.Contains(got, "Your goal: *3 one-to-ones*") || !strings.Contains(got, "0 of 3") {
			t.Errorf("goal after the click = %q", got)
		}
	})
}
