package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Labels of the short reflection.
const (
	relationshipLabel = "How did you connect? What might be the basis of a relationship?"
	selfInterestLabel = "What did you learn about them: what do they care about most, and why?"
	selfEvalLabel     = "What did you do well, and what could you have done better?"
	tagsLabel         = "Which issues came up?"
)

// moreQuestions presses More questions in user's reflection modal, with
// typed filled in as a half-written form would be, and waits for the
// guide's full list.
func (h *harness) moreQuestions(user string, typed map[string]string) slack.View {
	h.t.Helper()
	v := h.waitModal(user, "reflect")
	if _, err := h.fake.Act(h.ctx, user, slacktest.Surface{ViewID: v.ID}, slacktest.Action{BlockID: "reflect_more", ActionID: "reflect_more", Values: typed}); err != nil {
		h.t.Fatalf("%s presses More questions: %v", user, err)
	}
	err := h.fake.WaitFor(h.ctx, func() bool {
		v, _ = h.fake.OpenView(user)
		return v.CallbackID == "reflect" && strings.Contains(blocksJSON(v.Blocks), `"block_id":"excites"`)
	})
	if err != nil {
		h.t.Fatalf("the full list never opened for %s", user)
	}
	return v
}

// TestShortReflectionThenMoreQuestions: a reflection starts short (a box
// per section of the guide, the ask, and the group's tags); More
// questions opens the guide's full list keeping what was typed and
// picked; saving keeps it all, the tags on the group's list included; a
// reflection that answers only the short boxes opens short again, and a
// long one opens long.
func TestShortReflectionThenMoreQuestions(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.openSettings()
		if errs := h.submit(robin, map[string]string{issueTagsLabel: "Wages\nSafety\nRent"}); len(errs) != 0 {
			t.Fatalf("settings: %v", errs)
		}
		at := h.scheduled()
		h.clock.Set(at.Add(2 * time.Hour))
		h.command(alex, "list")
		h.click(alex, "Reflect")
		v := h.waitModal(alex, "reflect")
		js := blocksJSON(v.Blocks)
		for _, want := range []string{`"block_id":"relationship"`, `"block_id":"self_interest"`, `"block_id":"self_eval"`, `"block_id":"ask"`, `"block_id":"tags"`, "More questions", `"text":"Safety"`} {
			if !strings.Contains(js, want) {
				t.Errorf("the short reflection lacks %s", want)
			}
		}
		if strings.Contains(js, `"block_id":"excites"`) {
			t.Errorf("the short reflection shows the guide's full list")
		}

		v = h.moreQuestions(alex, map[string]string{selfInterestLabel: "Her kids' school", tagsLabel: "Rent,Safety", followUpLabel: "2026-12-03"})
		js = blocksJSON(v.Blocks)
		for _, want := range []string{`"initial_value":"Her kids' school"`, `"initial_date":"2026-12-03"`, `"value":"Rent"`, "excites", "did_well"} {
			if !strings.Contains(js, want) {
				t.Errorf("after More questions the modal lacks %s", want)
			}
		}
		if strings.Contains(js, "More questions") {
			t.Errorf("the full list still offers More questions")
		}
		if errs := h.submit(alex, map[string]string{excitesLabel: "Gardening"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		o := h.waitStatus(models.StatusReflected)
		r, err := h.store.Reflection(ctx, o.ID, alex, &models.Member{ID: alex})
		if err != nil {
			t.Fatal(err)
		}
		if r.Answers["self_interest"] != "Her kids' school" || r.Answers["excites"] != "Gardening" || r.FollowUpOn == nil {
			t.Errorf("saved %v, follow-up %v", r.Answers, r.FollowUpOn)
		}
		if diff := cmp.Diff([]string{"Rent", "Safety"}, r.Tags); diff != "" {
			t.Errorf("tags (-want +got):\n%s", diff)
		}

		// The team view counts the group's tags.
		h.command(robin, "team")
		h.waitOpenView(robin, "Issues that come up")
		h.waitOpenView(robin, "Rent *1* · Safety *1*")
		h.closeModals(robin)

		// A long reflection opens long, from its follow-up's DM.
		fu := models.Delivery{Kind: models.KindFollowUp, Subject: models.AboutOneToOne(o.ID), Recipient: alex, Window: "2026-12-03"}
		if err := bot.NewNotifier(h.bot).Send(h.ctx, fu); err != nil {
			t.Fatal(err)
		}
		h.waitDM(alex, "Time to follow up")
		h.click(alex, "Open my reflection")
		v = h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, `"initial_value":"Gardening"`) || strings.Contains(js, "More questions") {
			t.Errorf("the long reflection opened short: %s", js)
		}
		// Edited: the tags replaced.
		if errs := h.submit(alex, map[string]string{excitesLabel: "", tagsLabel: "Wages"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		h.waitModal(alex, "reflect_saved")
		r, err = h.store.Reflection(ctx, o.ID, alex, &models.Member{ID: alex})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"Wages"}, r.Tags); diff != "" {
			t.Errorf("tags after the edit (-want +got):\n%s", diff)
		}
		// Now short again: it opens short, with what it says.
		h.click(alex, "Open my reflection")
		v = h.waitModal(alex, "reflect")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "More questions") || !strings.Contains(js, `"initial_value":"Her kids' school"`) {
			t.Errorf("a short reflection reopened: %s", js)
		}
	})
}
