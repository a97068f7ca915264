package slacktest

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func modal(title string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: plain(title), Close: plain("Cancel"),
		Submit: plain("Save"), Blocks: slack.Blocks{BlockSet: blocks}, CallbackID: "cb", PrivateMetadata: "meta"}
}

func TestViewsOpen(t *testing.T) {
	ctx := testContext(t)

	t.Run("OK", func(t *testing.T) {
		s := newServer(t, Options{})
		resp, err := newAPI(s).OpenViewContext(ctx, s.TriggerID("U1"), modal("Plan", section("hi")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(resp.View.ID, "V") || resp.View.Hash == "" || resp.View.CallbackID != "cb" {
			t.Errorf("view = %+v", resp.View)
		}
		open, ok := s.OpenView("U1")
		if !ok || open.ID != resp.View.ID || open.PrivateMetadata != "meta" || open.Title.Text != "Plan" {
			t.Errorf("OpenView = %+v, %v", open, ok)
		}
	})
	t.Run("ErrExpiredTriggerID", func(t *testing.T) {
		s := newServer(t, Options{TriggerTTL: 20 * time.Millisecond})
		trigger := s.TriggerID("U1")
		<-time.After(40 * time.Millisecond) // let the trigger outlive its TTL
		_, err := newAPI(s).OpenViewContext(ctx, trigger, modal("Plan", section("hi")))
		if got := slackErr(err); got != "expired_trigger_id" {
			t.Errorf("%q, want expired_trigger_id", got)
		}
		_, err = newAPI(s).OpenViewContext(ctx, "123.456.unknown", modal("Plan", section("hi")))
		if got := slackErr(err); got != "expired_trigger_id" {
			t.Errorf("unknown trigger: %q, want expired_trigger_id", got)
		}
	})
	t.Run("ErrExchangedTriggerID", func(t *testing.T) {
		s := newServer(t, Options{})
		trigger := s.TriggerID("U1")
		if _, err := newAPI(s).OpenViewContext(ctx, trigger, modal("A", section("a"))); err != nil {
			t.Fatal(err)
		}
		_, err := newAPI(s).OpenViewContext(ctx, trigger, modal("B", section("b")))
		if got := slackErr(err); got != "exchanged_trigger_id" {
			t.Errorf("%q, want exchanged_trigger_id", got)
		}
	})
	t.Run("ErrInvalidArguments", func(t *testing.T) {
		s := newServer(t, Options{})
		long := modal("A title far longer than twenty-four characters", section("x"))
		_, err := newAPI(s).OpenViewContext(ctx, s.TriggerID("U1"), long)
		if got := slackErr(err); got != "invalid_arguments" {
			t.Errorf("long title: %q, want invalid_arguments", got)
		}
		noSubmit := modal("Plan", slack.NewInputBlock("in", plain("Goal"), nil, slack.NewPlainTextInputBlockElement(nil, "goal")))
		noSubmit.Submit = nil
		_, err = newAPI(s).OpenViewContext(ctx, s.TriggerID("U1"), noSubmit)
		if got := slackErr(err); got != "invalid_arguments" {
			t.Errorf("input without submit: %q, want invalid_arguments", got)
		}
	})
}

func TestViewsPushAndUpdate(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)
	root, err := api.OpenViewContext(ctx, s.TriggerID("U1"), modal("Root", section("root")))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Push", func(t *testing.T) {
		for i := range 2 {
			pushed, err := api.PushViewContext(ctx, s.TriggerID("U1"), modal("Child", section("child")))
			if err != nil {
				t.Fatalf("push %d: %v", i, err)
			}
			if pushed.View.RootViewID != root.View.ID {
				t.Errorf("root_view_id %q, want %q", pushed.View.RootViewID, root.View.ID)
			}
		}
		_, err := api.PushViewContext(ctx, s.TriggerID("U1"), modal("Fourth", section("x")))
		if got := slackErr(err); got != "push_limit_reached" {
			t.Errorf("fourth view: %q, want push_limit_reached", got)
		}
		if n := len(s.ModalStack("U1")); n != 3 {
			t.Errorf("stack of %d, want 3", n)
		}
	})
	t.Run("Update", func(t *testing.T) {
		upd, err := api.UpdateViewContext(ctx, modal("Root v2", section("root")), "", root.View.Hash, root.View.ID)
		if err != nil {
			t.Fatal(err)
		}
		if upd.View.ID != root.View.ID || upd.View.Hash == root.View.Hash || upd.View.Title.Text != "Root v2" {
			t.Errorf("updated view = %+v", upd.View)
		}
	})
	t.Run("ErrHashConflict", func(t *testing.T) {
		_, err := api.UpdateViewContext(ctx, modal("Root v3", section("root")), "", root.View.Hash, root.View.ID)
		if got := slackErr(err); got != "hash_conflict" {
			t.Errorf("stale hash: %q, want hash_conflict", got)
		}
	})
	t.Run("ByExternalID", func(t *testing.T) {
		m := modal("Ext", section("x"))
		m.ExternalID = "ext-1"
		if _, err := api.OpenViewContext(ctx, s.TriggerID("U2"), m); err != nil {
			t.Fatal(err)
		}
		m.Title = plain("Ext v2")
		if _, err := api.UpdateViewContext(ctx, m, "ext-1", "", ""); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.OpenView("U2"); v.Title.Text != "Ext v2" {
			t.Errorf("title %q after update by external_id", v.Title.Text)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := api.UpdateViewContext(ctx, modal("X", section("x")), "", "", "V404")
		if got := slackErr(err); got != "not_found" {
			t.Errorf("%q, want not_found", got)
		}
	})
}

func TestViewsPublish(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{section("Home")}}}

	first, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
	if err != nil {
		t.Fatal(err)
	}
	hash := first.View.Hash
	second, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home, Hash: &hash})
	if err != nil {
		t.Fatal(err)
	}
	if second.View.ID != first.View.ID {
		t.Errorf("home view id changed: %q -> %q", first.View.ID, second.View.ID)
	}
	_, err = api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home, Hash: &hash})
	if got := slackErr(err); got != "hash_conflict" {
		t.Errorf("stale hash: %q, want hash_conflict", got)
	}
	v, ok := s.HomeView("U1")
	if !ok || v.Type != slack.VTHomeTab || len(v.Blocks.BlockSet) != 1 {
		t.Errorf("HomeView = %+v, %v", v, ok)
	}
}
