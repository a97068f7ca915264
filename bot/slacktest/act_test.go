package slacktest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

func TestAct(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(slack.User{ID: "U1", Name: "ann"})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	menu := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick"), "lang",
		slack.NewOptionBlockObject("en", plain("English"), nil), slack.NewOptionBlockObject("es", plain("Español"), nil))
	// Two messages with the same button: Act uses the one it is told.
	var ts []string
	for _, v := range []string{"first", "second"} {
		_, at, err := b.api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Invite", false),
			slack.MsgOptionBlocks(buttons("invite", btn("accept", "Accept", v)), slack.NewActionBlock("menu", menu)))
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, at)
	}

	t.Run("ButtonInOneMessage", func(t *testing.T) {
		if _, err := s.Act(ctx, "U1", Surface{Channel: "DU1", TS: ts[0]}, Action{BlockID: "invite", ActionID: "accept"}); err != nil {
			t.Fatal(err)
		}
		cb := in.last()
		a := cb.ActionCallback.BlockActions[0]
		got := []string{a.ActionID, a.Value, cb.Container.MessageTs, cb.Channel.ID}
		if diff := cmp.Diff([]string{"accept", "first", ts[0], "DU1"}, got); diff != "" {
			t.Errorf("callback (-want +got):\n%s", diff)
		}
	})
	t.Run("SelectByValue", func(t *testing.T) {
		if _, err := s.Act(ctx, "U1", Surface{Channel: "DU1", TS: ts[1]}, Action{BlockID: "menu", ActionID: "lang", Value: "es"}); err != nil {
			t.Fatal(err)
		}
		a := in.last().ActionCallback.BlockActions[0]
		if a.Type != "static_select" || a.SelectedOption.Value != "es" || a.SelectedOption.Text.Text != "Español" {
			t.Errorf("action %+v", a)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		for name, c := range map[string]struct {
			at Surface
			a  Action
		}{
			"no such message":  {Surface{Channel: "DU1", TS: "1.2"}, Action{BlockID: "invite", ActionID: "accept"}},
			"no such element":  {Surface{Channel: "DU1", TS: ts[0]}, Action{BlockID: "invite", ActionID: "nope"}},
			"no such option":   {Surface{Channel: "DU1", TS: ts[0]}, Action{BlockID: "menu", ActionID: "lang", Value: "fr"}},
			"someone's view":   {Surface{ViewID: "V404"}, Action{BlockID: "b", ActionID: "a"}},
			"no such ephemera": {Surface{Ephemeral: true, TS: ts[0]}, Action{BlockID: "invite", ActionID: "accept"}},
		} {
			if _, err := s.Act(ctx, "U1", c.at, c.a); err == nil {
				t.Errorf("%s: no error", name)
			}
		}
	})
}
