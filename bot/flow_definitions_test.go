package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// digestPreview is the digest as user's `/one-to-one digest` shows it: the
// blocks, as Slack would read them.
func (h *harness) digestPreview(user string) string {
	h.t.Helper()
	ack, err := h.fake.SlashCommand(h.ctx, user, "digest")
	if err != nil {
		h.t.Fatal(err)
	}
	var msg struct {
		Blocks slack.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal(ack.Payload, &msg); err != nil {
		h.t.Fatalf("digest preview: %v: %s", err, ack.Payload)
	}
	if err := slacktest.ValidateMessageBlocks(msg.Blocks.BlockSet); err != nil {
		h.t.Errorf("Slack would refuse the digest: %v", err)
	}
	return blocksJSON(msg.Blocks)
}

// postedDigest posts the weekly digest to a channel, as the scheduler has
// the bot do, and returns what the channel reads.
func (h *harness) postedDigest(channel string) string {
	h.t.Helper()
	before := len(h.fake.Messages(channel))
	if err := h.bot.PostDigest(h.ctx, h.store.Scope(), channel, h.clock.Now()); err != nil {
		h.t.Fatal(err)
	}
	ms := h.fake.Messages(channel)
	if len(ms) != before+1 {
		h.t.Fatalf("%d digests posted", len(ms)-before)
	}
	return blocksJSON(ms[len(ms)-1].Blocks)
}

// openHome opens user's App Home and returns its blocks once published.
func (h *harness) openHome(user, eventID string) string {
	h.t.Helper()
	before, _ := h.fake.HomeView(user)
	if _, err := h.fake.SendEvent(h.ctx, eventID, map[string]any{"type": "app_home_opened", "user": user, "tab": "home"}); err != nil {
		h.t.Fatal(err)
	}
	var v slack.View
	h.fake.WaitFor(h.ctx, func() bool { v, _ = h.fake.HomeView(user); return v.ID != "" && v.Hash != before.Hash })
	return blocksJSON(v.Blocks)
}

// teamSection returns the text of the team view's section under header
// (like "Nobody has met yet"), "" when there is none.
func (h *harness) teamSection(coordinator, header string) string {
	h.t.Helper()
	h.command(coordinator, "team")
	var v slack.View
	h.fake.WaitFor(h.ctx, func() bool {
		var ok bool
		v, ok = h.fake.OpenView(coordinator)
		return ok && strings.Contains(blocksJSON(v.Blocks), "Who is meeting whom")
	})
	blocks := v.Blocks.BlockSet
	for i, b := range blocks {
		if hb, ok := b.(*slack.HeaderBlock); ok && hb.Text.Text == header && i+1 < len(blocks) {
			if s, ok := blocks[i+1].(*slack.SectionBlock); ok && s.Text != nil {
				return s.Text.Text
			}
		}
	}
	return ""
}

// joins has a new member join the workspace, and waits until the bot
// knows them.
func (h *harness) joins(id, name string) {
	h.t.Helper()
	h.fake.AddUser(slack.User{ID: id, Name: strings.ToLower(name), RealName: name, Profile: slack.UserProfile{DisplayName: name}})
	h.fake.SendEvent(h.ctx, "EvJoin"+id, map[string]any{"type": "team_join", "user": map[string]any{"id": id, "name": strings.ToLower(name), "real_name": name, "profile": map[string]any{"display_name": name}}})
	if err := h.fake.WaitFor(h.ctx, func() bool { _, err := h.store.Member(context.Background(), models.UserID(id)); return err == nil }); err != nil {
		h.t.Fatalf("%s never joined", name)
	}
}

// logged records a one-to-one alex held with sam at when.
func (h *harness) logged(when time.Time) {
	h.t.Helper()
	o, err := models.NewLogged(alex, sam, nil, when, h.clock.Now())
	if err == nil {
		err = h.store.CreateOneToOne(context.Background(), o)
	}
	if err != nil {
		h.t.Fatal(err)
	}
}

// TestDigestAndHomeAgreeOnGoalProgress: a goal's progress is what was held
// in the goal's own four weeks, the same on Home and in `goal`; the digest
// says what people held and never shows anyone's goal.
func TestDigestAndHomeAgreeOnGoalProgress(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		// Alex met Sam ten days ago, then set a goal today.
		h.logged(t0.Add(-10 * 24 * time.Hour))
		h.command(alex, "goal 4")
		if got := h.command(alex, "goal"); !strings.Contains(got, "0 of 4") {
			t.Errorf("goal before any meeting in its window = %q", got)
		}
		if js := h.openHome(alex, "EvHomeGoal1"); !strings.Contains(js, "0 of 4") {
			t.Errorf("home before any meeting in the goal's window: %s", js)
		}
		d := h.digestPreview(robin)
		if !strings.Contains(d, "Alex · 1 held") || strings.Contains(d, "of 4") {
			t.Errorf("the digest should say Alex held 1 and never show the goal: %s", d)
		}
		// A meeting within the goal's window counts everywhere.
		h.clock.Advance(time.Hour)
		h.logged(h.clock.Now().Add(-time.Minute))
		if got := h.command(alex, "goal"); !strings.Contains(got, "1 of 4") {
			t.Errorf("goal after a meeting = %q", got)
		}
		if js := h.openHome(alex, "EvHomeGoal2"); !strings.Contains(js, "1 of 4") {
			t.Errorf("home after a meeting: %s", js)
		}
		if d := h.digestPreview(robin); !strings.Contains(d, "Alex · 2 held") || strings.Contains(d, "of 4") {
			t.Errorf("digest after a meeting: %s", d)
		}
	})
}

// TestNobodyHasMetAndNewcomersAreOpenToBeingAsked: the coordinators' "nobody
// has met" counts a meeting on either side, and neither it nor the public
// digest suggests approaching someone who opted out or said "Not now".
func TestNobodyHasMetAndNewcomersAreOpenToBeingAsked(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.reflected("x") // alex asked sam and they met: both have met someone
		h.joins("UOLGA", "Olga")
		h.joins("UOMAR", "Omar")
		h.joins("UNADIA", "Nadia")
		if got := h.command("UOMAR", "optout"); !strings.Contains(got, "won't send you") {
			t.Fatalf("optout = %q", got)
		}
		h.command(alex, "<@UNADIA> coffee?")
		h.waitDM("UNADIA", "would like")
		h.click("UNADIA", "Not now")
		h.waitModal("UNADIA", "decline")
		h.submit("UNADIA", nil)
		h.fake.WaitFor(h.ctx, func() bool {
			os, _ := h.store.OneToOnesFor(context.Background(), "UNADIA", models.StatusDeclined)
			return len(os) == 1
		})

		unmet := h.teamSection(robin, "Nobody has met yet")
		for _, want := range []string{"<@UOLGA>", "<@UROBIN>"} {
			if !strings.Contains(unmet, want) {
				t.Errorf("nobody has met lacks %s: %q", want, unmet)
			}
		}
		for _, never := range []string{"<@UALEX>", "<@USAM>", "<@UOMAR>", "<@UNADIA>"} {
			if strings.Contains(unmet, never) {
				t.Errorf("nobody has met lists %s: %q", never, unmet)
			}
		}
		if js := h.openHome(robin, "EvHomeUnmet"); !strings.Contains(js, "2 people nobody has met yet") {
			t.Errorf("coordinator's home counts others: %s", js)
		}
		d := h.digestPreview(robin)
		if !strings.Contains(d, "Olga") {
			t.Errorf("the digest does not name the newcomer: %s", d)
		}
		for _, never := range []string{"Omar", "Nadia"} {
			if strings.Contains(d, never) {
				t.Errorf("the digest suggests approaching %s: %s", never, d)
			}
		}
	})
}

// TestDigestWaitingFollowsTheNudgeSetting: the digest counts a request as
// waiting once it is as old as the coordinators' nudge delay; a plan with
// someone outside Slack waits on nobody.
func TestDigestWaitingFollowsTheNudgeSetting(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.command(robin, "settings")
		h.waitModal(robin, "settings")
		if errs := h.submit(robin, map[string]string{"Nudge an unanswered request after": "5d"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		day := 24 * time.Hour
		for _, c := range []struct {
			invitee models.UserID
			asked   time.Duration
		}{{sam, 7 * day}, {robin, 2 * day}} {
			r, _ := models.NewRequest(alex, c.invitee, "", t0.Add(-c.asked))
			if err := h.store.CreateOneToOne(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		p, _ := h.store.FindOrCreatePerson(ctx, alex, "Maria Lopez")
		plan, _ := models.NewPlanned(alex, p, "", t0.Add(-30*day))
		if err := h.store.CreateOneToOne(ctx, plan); err != nil {
			t.Fatal(err)
		}
		if d := h.digestPreview(robin); !strings.Contains(d, "1 request is still waiting for an answer after 5 days") {
			t.Errorf("digest's waiting: %s", d)
		}
	})
}

// TestDigestNamesSetting: coordinators choose whether the public digest
// names the people who held one-to-ones; with counts only, it names nobody,
// in the preview and in the channel alike.
func TestDigestNamesSetting(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.logged(t0.Add(-time.Hour))
		h.command(alex, "goal 4")
		h.joins("UOLGA", "Olga")
		for _, d := range []string{h.digestPreview(robin), h.postedDigest("C0DIGEST")} {
			if !strings.Contains(d, "Alex · 1 held") || !strings.Contains(d, "Olga") || strings.Contains(d, "of 4") {
				t.Errorf("default digest: %s", d)
			}
		}

		h.command(robin, "settings")
		v := h.waitModal(robin, "settings")
		if js := blocksJSON(v.Blocks); !strings.Contains(js, "Names in the weekly digest") {
			t.Fatalf("settings lack the digest's names: %s", js)
		}
		if errs := h.submit(robin, map[string]string{"Names in the weekly digest": "Counts only"}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		if st, _ := h.store.Settings(context.Background()); st.DigestNames == nil || *st.DigestNames != models.DigestNamesCounts {
			t.Errorf("saved digest names %v", st.DigestNames)
		}
		for _, d := range []string{h.digestPreview(robin), h.postedDigest("C0DIGEST")} {
			for _, never := range []string{"Alex", "Sam", "Olga", "of 4"} {
				if strings.Contains(d, never) {
					t.Errorf("counts-only digest shows %q: %s", never, d)
				}
			}
			for _, want := range []string{"*1* one-to-one held this week", "*1* person joined this month"} {
				if !strings.Contains(d, want) {
					t.Errorf("counts-only digest lacks %q: %s", want, d)
				}
			}
		}
		// The modal shows the choice in effect when opened again.
		h.command(robin, "settings")
		v = h.waitModal(robin, "settings")
		var initial string
		for _, b := range v.Blocks.BlockSet {
			if in, ok := b.(*slack.InputBlock); ok && in.BlockID == "digest_names" {
				if rb, ok := in.Element.(*slack.RadioButtonsBlockElement); ok && rb.InitialOption != nil {
					initial = rb.InitialOption.Value
				}
			}
		}
		if initial != models.DigestNamesCounts {
			t.Errorf("settings reopened with digest names %q", initial)
		}
	})
}

// TestDigestNamesRefusesOtherChoices: a forged choice is refused beside
// the field, and nothing is stored.
func TestDigestNamesRefusesOtherChoices(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(robin, "settings")
		v := h.waitModal(robin, "settings")
		payload := map[string]any{
			"type": "view_submission", "user": map[string]any{"id": robin}, "team": map[string]any{"id": "T0TEST"},
			"view": map[string]any{"id": v.ID, "callback_id": "settings", "type": "modal",
				"state": map[string]any{"values": map[string]any{
					"digest_names": map[string]any{"digest_names": map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": "everyone"}}},
				}}},
		}
		ack, err := h.fake.SendEnvelope(h.ctx, "interactive", payload, "")
		if err != nil {
			t.Fatal(err)
		}
		var resp slack.ViewSubmissionResponse
		json.Unmarshal(ack.Payload, &resp)
		if resp.Errors["digest_names"] == "" {
			t.Errorf("a forged choice was accepted: %s", ack.Payload)
		}
		var n int64
		h.store.DB().Model(&models.SavedSettings{}).Count(&n)
		if n != 0 {
			t.Errorf("a refused choice stored settings")
		}
	})
}
