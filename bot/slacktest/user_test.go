package slacktest

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// interactions records decoded interaction payloads and acks each with
// whatever ack returns.
type interactions struct {
	mu  sync.Mutex
	got []slack.InteractionCallback
	ack func(cb slack.InteractionCallback) any
}

func (in *interactions) handle(b *bot, evt socketmode.Event) {
	if evt.Type != socketmode.EventTypeInteractive {
		ackAll(b, evt)
		return
	}
	cb := evt.Data.(slack.InteractionCallback)
	in.mu.Lock()
	in.got = append(in.got, cb)
	ack := in.ack
	in.mu.Unlock()
	var payload any
	if ack != nil {
		payload = ack(cb)
	}
	if payload != nil {
		_ = b.client.Ack(*evt.Request, payload)
	} else {
		_ = b.client.Ack(*evt.Request)
	}
}

func (in *interactions) last() slack.InteractionCallback {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.got[len(in.got)-1]
}

func (in *interactions) setAck(f func(cb slack.InteractionCallback) any) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.ack = f
}

func TestClickButton(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(slack.User{ID: "U1", Name: "ann"})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	post := func(value string) string {
		_, ts, err := b.api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Invite", false),
			slack.MsgOptionBlocks(section("Meet?"), buttons("invite", btn("accept", "Accept", value), btn("decline", "Decline", value))))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	oldTS, newTS := post("old"), post("new")

	t.Run("NewestInDMs", func(t *testing.T) {
		ack, err := s.ClickButton(ctx, "U1", "Accept")
		if err != nil {
			t.Fatal(err)
		}
		cb := in.last()
		if ack.Type != "interactive" || cb.Type != slack.InteractionTypeBlockActions {
			t.Fatalf("ack %+v, callback type %q", ack, cb.Type)
		}
		a := cb.ActionCallback.BlockActions[0]
		got := []string{a.ActionID, a.BlockID, a.Value, a.Text.Text, cb.User.ID, cb.User.Name, cb.Team.ID,
			cb.Container.Type, cb.Container.ChannelID, cb.Container.MessageTs, cb.Channel.ID, cb.Message.Timestamp, cb.APIAppID}
		want := []string{"accept", "invite", "new", "Accept", "U1", "ann", TeamID,
			"message", "DU1", newTS, "DU1", newTS, AppID}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("callback (-want +got):\n%s", diff)
		}
		if cb.TriggerID == "" || cb.ResponseURL == "" || len(cb.Message.Blocks.BlockSet) != 2 {
			t.Errorf("trigger %q, response_url %q, message blocks %d", cb.TriggerID, cb.ResponseURL, len(cb.Message.Blocks.BlockSet))
		}

		_, _, err = b.api.PostMessageContext(ctx, "", slack.MsgOptionReplaceOriginal(cb.ResponseURL),
			slack.MsgOptionText("Accepted", false))
		if err != nil {
			t.Fatal(err)
		}
		dms := s.DMs("U1")
		if m := dms[len(dms)-1]; m.Text != "Accepted" || !m.Updated || len(m.Blocks.BlockSet) != 0 {
			t.Errorf("after replace_original: %+v", m)
		}
	})
	t.Run("StaleButton", func(t *testing.T) {
		old := s.DMs("U1")[0]
		if old.TS != oldTS {
			t.Fatalf("first DM ts %q, want %q", old.TS, oldTS)
		}
		if _, err := s.ClickButtonIn(ctx, "U1", old, "Decline"); err != nil {
			t.Fatal(err)
		}
		if cb := in.last(); cb.ActionCallback.BlockActions[0].Value != "old" || cb.Container.MessageTs != oldTS {
			t.Errorf("clicked %+v in %q", cb.ActionCallback.BlockActions[0], cb.Container.MessageTs)
		}
	})
	t.Run("Ephemeral", func(t *testing.T) {
		_, err := b.api.PostEphemeralContext(ctx, GeneralChannelID, "U1",
			slack.MsgOptionText("Undo?", false), slack.MsgOptionBlocks(buttons("undo", btn("undo", "Undo", "1"))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClickButton(ctx, "U1", "Undo"); err != nil {
			t.Fatal(err)
		}
		cb := in.last()
		if !cb.Container.IsEphemeral || cb.Container.ChannelID != GeneralChannelID || cb.ResponseURL == "" {
			t.Errorf("container %+v", cb.Container)
		}
		_, _, err = b.api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(cb.ResponseURL))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(s.Ephemerals("U1")); n != 0 {
			t.Errorf("%d ephemerals after delete_original", n)
		}
	})
	t.Run("Home", func(t *testing.T) {
		home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			buttons("home", btn("new", "New one-to-one", ""))}}}
		resp, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClickButton(ctx, "U1", "New one-to-one"); err != nil {
			t.Fatal(err)
		}
		cb := in.last()
		if cb.Container.Type != "view" || cb.Container.ViewID != resp.View.ID || cb.View.Type != slack.VTHomeTab {
			t.Errorf("container %+v, view type %q", cb.Container, cb.View.Type)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.ClickButton(ctx, "U1", "Nope")
		if err == nil || !strings.Contains(err.Error(), `"Decline"`) {
			t.Errorf("err = %v, want one listing the visible buttons", err)
		}
	})
}

// planModal has one input of each kind SubmitView fills.
func planModal() slack.ModalViewRequest {
	opt := func(text, value string) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(value, plain(text), nil)
	}
	input := func(id, label string, el slack.BlockElement, optional bool) slack.Block {
		b := slack.NewInputBlock(id, plain(label), nil, el)
		b.Optional = optional
		return b
	}
	goal := slack.NewPlainTextInputBlockElement(nil, "goal")
	notes := slack.NewPlainTextInputBlockElement(nil, "notes")
	notes.InitialValue = "none"
	cadence := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick"), "cadence",
		opt("Weekly", "7"), opt("Every two weeks", "14"))
	topics := slack.NewCheckboxGroupsBlockElement("topics", opt("Career", "career"), opt("Feedback", "feedback"), opt("Health", "health"))
	partner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, "partner")
	guests := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, "guests")
	day := slack.NewDatePickerBlockElement("day")
	day.InitialDate = "2025-01-06"
	m := modal("New one-to-one",
		input("goal", "Goal", goal, false),
		input("minutes", "Minutes", slack.NewNumberInputBlockElement(nil, "minutes", false), false),
		input("cadence", "Cadence", cadence, false),
		input("mood", "Mood", slack.NewRadioButtonsBlockElement("mood", opt("Good", "good"), opt("Bad", "bad")), true),
		input("partner", "Partner", partner, false),
		input("guests", "Guests", guests, true),
		input("day", "Day", day, false),
		input("at", "At", slack.NewTimePickerBlockElement("at"), false),
		input("when", "When", slack.NewDateTimePickerBlockElement("when"), true),
		input("topics", "Topics", topics, true),
		input("notes", "Notes", notes, true),
	)
	m.NotifyOnClose = true
	return m
}

func TestSubmitView(t *testing.T) {
	s := newServer(t, Options{})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	if _, err := b.api.OpenViewContext(ctx, s.TriggerID("U1"), planModal()); err != nil {
		t.Fatal(err)
	}
	values := map[string]string{
		"Goal": "Grow", "Minutes": "30", "Cadence": "Every two weeks", "Partner": "U2",
		"Guests": "U3, U4", "At": "09:30", "When": "1700000000", "Topics": "Career,feedback",
	}

	t.Run("ErrorsKeepTheModal", func(t *testing.T) {
		in.setAck(func(slack.InteractionCallback) any {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"goal": "Too vague"})
		})
		if _, err := s.SubmitView(ctx, "U1", values); err != nil {
			t.Fatal(err)
		}
		cb := in.last()
		if cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "cb" || cb.View.PrivateMetadata != "meta" || cb.View.Hash == "" {
			t.Errorf("callback %q view %+v", cb.Type, cb.View)
		}
		v := cb.View.State.Values
		got := map[string]any{
			"goal":    v["goal"]["goal"].Value,
			"minutes": v["minutes"]["minutes"].Value,
			"cadence": v["cadence"]["cadence"].SelectedOption.Value,
			"mood":    v["mood"]["mood"].SelectedOption.Value,
			"partner": v["partner"]["partner"].SelectedUser,
			"guests":  v["guests"]["guests"].SelectedUsers,
			"day":     v["day"]["day"].SelectedDate,
			"at":      v["at"]["at"].SelectedTime,
			"when":    v["when"]["when"].SelectedDateTime,
			"topics":  []string{v["topics"]["topics"].SelectedOptions[0].Value, v["topics"]["topics"].SelectedOptions[1].Value},
			"notes":   v["notes"]["notes"].Value,
		}
		want := map[string]any{
			"goal": "Grow", "minutes": "30", "cadence": "14", "mood": "", "partner": "U2",
			"guests": []string{"U3", "U4"}, "day": "2025-01-06", "at": "09:30", "when": int64(1700000000),
			"topics": []string{"career", "feedback"}, "notes": "none",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("state (-want +got):\n%s", diff)
		}
		if _, ok := s.OpenView("U1"); !ok {
			t.Error("modal closed after errors")
		}
	})
	t.Run("Update", func(t *testing.T) {
		in.setAck(func(slack.InteractionCallback) any {
			next := modal("Saved", section("Done"))
			return slack.NewUpdateViewSubmissionResponse(&next)
		})
		if _, err := s.SubmitView(ctx, "U1", values); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.OpenView("U1"); v.Title.Text != "Saved" {
			t.Errorf("top view %q, want Saved", v.Title.Text)
		}
	})
	t.Run("DefaultPops", func(t *testing.T) {
		in.setAck(nil)
		if _, err := s.SubmitView(ctx, "U1", nil); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.OpenView("U1"); ok {
			t.Error("modal still open")
		}
	})
}

// TestResubmitView: the same submission delivered again carries the same
// view and values, and leaves the user's modals as they are.
func TestResubmitView(t *testing.T) {
	s := newServer(t, Options{})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	if _, err := s.ResubmitView(ctx, "U1"); err == nil {
		t.Error("resubmitted a view never submitted")
	}
	if _, err := b.api.OpenViewContext(ctx, s.TriggerID("U1"), planModal()); err != nil {
		t.Fatal(err)
	}
	values := map[string]string{
		"Goal": "Grow", "Minutes": "30", "Cadence": "Every two weeks", "Partner": "U2",
		"Guests": "U3, U4", "At": "09:30", "When": "1700000000", "Topics": "Career,feedback",
	}
	if _, err := s.SubmitView(ctx, "U1", values); err != nil {
		t.Fatal(err)
	}
	first := in.last()
	if _, err := s.ResubmitView(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	again := in.last()
	if n := len(in.got); n != 2 || again.View.ID != first.View.ID || again.View.State.Values["goal"]["goal"].Value != "Grow" {
		t.Errorf("%d submissions; the second is of view %q with %+v, want %q again", n, again.View.ID, again.View.State.Values["goal"], first.View.ID)
	}
	if _, ok := s.OpenView("U1"); ok {
		t.Error("the resubmission reopened the modal")
	}
}

func TestSubmitViewRefused(t *testing.T) {
	s := newServer(t, Options{})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	if _, err := b.api.OpenViewContext(ctx, s.TriggerID("U1"), planModal()); err != nil {
		t.Fatal(err)
	}
	for name, values := range map[string]map[string]string{
		"ErrRequiredEmpty": {"Goal": ""},
		"ErrUnknownLabel":  {"Gaol": "x"},
		"ErrUnknownOption": {"Goal": "x", "Minutes": "1", "Cadence": "Daily", "Partner": "U2", "At": "10:00"},
		"ErrNotWhole":      {"Goal": "x", "Minutes": "1.5", "Cadence": "Weekly", "Partner": "U2", "At": "10:00"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.SubmitView(ctx, "U1", values); err == nil {
				t.Error("submitted")
			}
		})
	}
	if len(s.Acks()) != 0 {
		t.Error("a refused submission reached the bot")
	}
}

func TestCloseView(t *testing.T) {
	s := newServer(t, Options{})
	in := &interactions{}
	b := startBot(t, s, in.handle)
	mustConnect(t, s, 1)
	ctx := testContext(t)
	if _, err := b.api.OpenViewContext(ctx, s.TriggerID("U1"), planModal()); err != nil {
		t.Fatal(err)
	}
	ack, err := s.CloseView(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if cb := in.last(); cb.Type != slack.InteractionTypeViewClosed || ack.Type != "interactive" {
		t.Errorf("callback %q, ack %+v", cb.Type, ack)
	}
	if _, ok := s.OpenView("U1"); ok {
		t.Error("modal still open")
	}
}

func TestSlashCommandOpensModalAndClicksInIt(t *testing.T) {
	s := newServer(t, Options{})
	in := &interactions{}
	startBot(t, s, func(b *bot, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			_ = b.client.Ack(*evt.Request)
			cmd := evt.Data.(slack.SlashCommand)
			m := modal("Plan", buttons("more", btn("add", "Add goal", "")))
			_, _ = b.api.OpenViewContext(t.Context(), cmd.TriggerID, m)
			return
		}
		in.handle(b, evt)
	})
	mustConnect(t, s, 1)
	ctx := testContext(t)
	if _, err := s.SlashCommand(ctx, "U1", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { _, ok := s.OpenView("U1"); return ok }); err != nil {
		t.Fatal("no modal opened")
	}
	if _, err := s.ClickButton(ctx, "U1", "Add goal"); err != nil {
		t.Fatal(err)
	}
	cb := in.last()
	raw, _ := json.Marshal(cb.View.State)
	if cb.Container.Type != "view" || cb.View.Title.Text != "Plan" || string(raw) != `{"values":{}}` {
		t.Errorf("container %+v, view %q, state %s", cb.Container, cb.View.Title.Text, raw)
	}
}
