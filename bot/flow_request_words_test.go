package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackutilsx"
)

// slackSends is a command as Slack delivers it: the mention as markup, the
// words people typed escaped (&, < and > as entities).
func slackSends(mention, typed string) string {
	return mention + " " + slackutilsx.EscapeMessage(typed)
}

// TestRequestWordsRoundTrip: what the requester typed reaches the invitee
// as typed, escaped once for mrkdwn, and is stored as typed.
func TestRequestWordsRoundTrip(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		const typed = "Q&A about <stuff> & more"
		if got := h.command(alex, slackSends("<@USAM|sam>", typed)); !strings.Contains(got, "Invitation sent") {
			t.Fatalf("reply = %q", got)
		}
		invite := blocksJSON(h.waitDM(sam, "would like to have a one-to-one").Blocks)
		if !strings.Contains(invite, "Q&amp;A about &lt;stuff&gt; &amp; more") {
			t.Errorf("the invitee doesn't read the words once escaped: %s", invite)
		}
		for _, twice := range []string{"&amp;amp;", "&amp;lt;", "&amp;gt;"} {
			if strings.Contains(invite, twice) {
				t.Errorf("the invitation escapes twice (%s): %s", twice, invite)
			}
		}
		copy := blocksJSON(h.waitDM(alex, "I sent your invitation").Blocks)
		if !strings.Contains(copy, "Q&amp;A about &lt;stuff&gt; &amp; more") {
			t.Errorf("the requester's copy doesn't show the words once escaped: %s", copy)
		}
		if o := h.only(); o.Message != typed {
			t.Errorf("stored message %q, want the words as typed %q", o.Message, typed)
		}
	})
}

// TestRequestQuotedInvitation: quoted words after the person asked are the
// invitation, not a second person outside Slack.
func TestRequestQuotedInvitation(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		for i, tc := range []struct{ who, text string }{
			{alex, `<@USAM|sam> "I'd love to hear how you got involved"`},
			{robin, "<@USAM|sam> “I’d love to hear how you got involved”"},
		} {
			if got := h.command(tc.who, tc.text); !strings.Contains(got, "Invitation sent") {
				t.Fatalf("%s: reply = %q", tc.text, got)
			}
			os := h.oneToOnes()
			if len(os) != i+1 {
				t.Fatalf("%d one-to-ones stored, want %d", len(os), i+1)
			}
			o := os[i]
			if o.RequesterID != models.UserID(tc.who) || o.InviteeID != sam || o.PersonID != nil {
				t.Errorf("stored %+v, want a request to Sam", o)
			}
			if !strings.HasPrefix(o.Message, "I") || !strings.HasSuffix(o.Message, "how you got involved") {
				t.Errorf("stored message %q, want the quoted words without their quotes", o.Message)
			}
		}
		var people int64
		h.store.DB().Model(&models.Person{}).Count(&people)
		if people != 0 {
			t.Errorf("%d people outside Slack stored, want none", people)
		}
		h.fake.WaitFor(h.ctx, func() bool { return len(h.fake.DMs(sam)) == 2 })
	})
}

// TestRequestWithoutWordsOpensModal: naming someone without a word opens
// the request modal with them chosen and the guide's invitation to make
// one's own; nothing is sent or stored until it is submitted.
func TestRequestWithoutWordsOpensModal(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if got := h.command(alex, "<@USAM|sam>"); got != "" {
			t.Fatalf("answered %q, want the modal", got)
		}
		v := h.waitModal(alex, "request")
		var who *slack.SelectBlockElement
		for _, bl := range v.Blocks.BlockSet {
			if in, ok := bl.(*slack.InputBlock); ok && in.BlockID == "who" {
				who, _ = in.Element.(*slack.SelectBlockElement)
			}
		}
		if who == nil || who.InitialUser != sam {
			t.Errorf("the modal doesn't have Sam chosen: %+v", who)
		}
		if !strings.Contains(blocksJSON(v.Blocks), "an hour over coffee") {
			t.Errorf("the invitation is not prefilled from the guide's sample script")
		}
		if n := len(h.oneToOnes()); n != 0 {
			t.Errorf("%d one-to-ones stored before the modal was sent", n)
		}
		if n := len(h.fake.DMs(sam)); n != 0 {
			t.Errorf("Sam got %d DMs before the modal was sent", n)
		}
		if errs := h.submit(alex, map[string]string{"Your invitation": "Hi Sam! I'd love to hear how you got into the union."}); len(errs) != 0 {
			t.Fatalf("errors = %v", errs)
		}
		invite := h.waitDM(sam, "would like to have a one-to-one")
		if !strings.Contains(blocksJSON(invite.Blocks), "how you got into the union") {
			t.Errorf("the invitation lacks the requester's words")
		}
		if o := h.only(); o.InviteeID != sam || o.Status != models.StatusRequested {
			t.Errorf("stored %+v", o)
		}
		// With a request open, naming Sam again says so, and opens nothing.
		if got := h.command(alex, "<@USAM|sam>"); !strings.Contains(got, "already asked") {
			t.Errorf("second ask = %q", got)
		}
	})
}
