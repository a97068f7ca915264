package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/slack-go/slack"
)

// whoChosen is the person the request modal starts with, or "".
func whoChosen(v slack.View) string {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok && in.BlockID == "who" {
			if sel, ok := in.Element.(*slack.SelectBlockElement); ok {
				return sel.InitialUser
			}
		}
	}
	return ""
}

// The global shortcut opens the request form with nobody chosen; sending
// it asks as the command does.
func TestGlobalShortcutOpensTheRequestForm(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if _, err := h.fake.GlobalShortcut(h.ctx, alex, "ask_one_to_one"); err != nil {
			t.Fatal(err)
		}
		v := h.waitModal(alex, "request")
		if got := whoChosen(v); got != "" {
			t.Errorf("the form starts with %q chosen, want nobody", got)
		}
		if errs := h.submit(alex, map[string]string{"Who would you like to meet?": sam}); len(errs) > 0 {
			t.Fatalf("submit: %v", errs)
		}
		h.waitDM(sam, "one-to-one")
	})
}

// The message shortcut opens the form with the message's author chosen,
// and kindly refuses a bot's message and one's own, opening nothing.
func TestMessageShortcutChoosesTheAuthor(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		if _, err := h.fake.MessageShortcut(h.ctx, alex, "ask_author_one_to_one", slacktest.PersonMessage(sam, "lunch anyone?", "1700000001.000100")); err != nil {
			t.Fatal(err)
		}
		v := h.waitModal(alex, "request")
		if got := whoChosen(v); got != sam {
			t.Errorf("the form starts with %q chosen, want the author %s", got, sam)
		}

		if _, err := h.fake.MessageShortcut(h.ctx, sam, "ask_author_one_to_one", slacktest.BotMessage("beep", "1700000002.000100")); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "written by a bot")
		if _, err := h.fake.MessageShortcut(h.ctx, sam, "ask_author_one_to_one", slacktest.PersonMessage(sam, "me", "1700000003.000100")); err != nil {
			t.Fatal(err)
		}
		h.waitEphemeral(sam, "your own message")
		if v, ok := h.fake.OpenView(sam); ok {
			t.Errorf("a refused shortcut opened %q", v.CallbackID)
		}
		for _, e := range h.fake.Ephemerals(sam) {
			if strings.Contains(e.Text, "beep") {
				t.Errorf("the refusal quotes the message: %q", e.Text)
			}
		}
	})
}
