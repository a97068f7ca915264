package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

// elsewhere is a workspace this deployment does not serve: another
// installation of the same app, whose payloads Slack signs with the same
// secret and sends down the same socket.
const elsewhere = "T0ELSEWHERE"

// refusedElsewhere reads onetoone_refused_elsewhere_total by kind.
func refusedElsewhere(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "onetoone_refused_elsewhere_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "kind" {
					got[l.GetValue()] = m.GetCounter().GetValue()
				}
			}
		}
	}
	return got
}

// wantRefused waits until every kind has been refused as often as want
// says. A refusal is the whole of what happens to such a payload, so once
// it is counted, nothing more can follow from it.
func wantRefused(t *testing.T, ctx context.Context, fake *slacktest.Server, reg *prometheus.Registry, want map[string]float64) {
	t.Helper()
	err := fake.WaitFor(ctx, func() bool {
		got := refusedElsewhere(t, reg)
		for k, n := range want {
			if got[k] != n {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Errorf("refused %v, want %v", refusedElsewhere(t, reg), want)
	}
}

// elsewhereEvent is an event_callback Slack would send for the other
// installation.
func elsewhereEvent(id, typ string) map[string]any {
	ev := map[string]any{"type": typ}
	if typ == "tokens_revoked" {
		ev["tokens"] = map[string]any{"bot": []string{slacktest.BotUserID}}
	}
	return map[string]any{
		"token": "legacy", "team_id": elsewhere, "api_app_id": slacktest.AppID,
		"type": "event_callback", "event_id": id, "event_time": t0.Unix(), "event": ev,
		"authorizations": []any{map[string]any{"team_id": elsewhere, "user_id": slacktest.BotUserID, "is_bot": true}},
	}
}

// elsewhereClick is alex's Cancel click on o, as the other workspace
// would send it.
func elsewhereClick(o models.OneToOne) map[string]any {
	return map[string]any{
		"type": "block_actions", "api_app_id": slacktest.AppID,
		"team": map[string]any{"id": elsewhere, "domain": "elsewhere"},
		"user": map[string]any{"id": alex, "team_id": elsewhere}, "trigger_id": "1.2.elsewhere",
		"channel":   map[string]any{"id": "D" + alex, "name": "directmessage"},
		"container": map[string]any{"type": "message", "message_ts": o.RequesterTS, "channel_id": "D" + alex},
		"actions":   []any{map[string]any{"type": "button", "action_id": "cancel", "block_id": "b", "value": fmt.Sprint(o.ID), "action_ts": "1700000000.000100"}},
	}
}

// elsewhereSchedule is sam's submission of the schedule modal v for a
// time, as the other workspace would send it.
func elsewhereSchedule(v map[string]any, at time.Time) map[string]any {
	v["state"] = map[string]any{"values": map[string]any{
		"when":     map[string]any{"when": map[string]any{"type": "datetimepicker", "selected_date_time": at.Unix()}},
		"duration": map[string]any{"duration": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "45"}}},
		"place":    map[string]any{"place": map[string]any{"type": "plain_text_input", "value": "Library"}},
	}}
	return map[string]any{
		"type": "view_submission", "api_app_id": slacktest.AppID,
		"team": map[string]any{"id": elsewhere, "domain": "elsewhere"},
		"user": map[string]any{"id": sam, "team_id": elsewhere}, "view": v,
	}
}

// unchanged checks that the refused payloads changed nothing: the
// one-to-one is as it was, the workspace is not marked uninstalled (and
// with no retention, its data would be gone), no event id was recorded,
// and nobody got a message.
func unchanged(t *testing.T, store *models.Store, fake *slacktest.Server, was models.OneToOne, dms map[string]int) {
	t.Helper()
	var os []models.OneToOne
	if err := store.DB().Order("id").Find(&os).Error; err != nil {
		t.Fatal(err)
	}
	if len(os) != 1 || os[0].Status != models.StatusRequested || os[0].ScheduledAt != nil || os[0].Version != was.Version {
		t.Errorf("one-to-ones after the refusals: %+v, want only %+v", os, was)
	}
	for _, team := range []models.TeamID{slacktest.TeamID, elsewhere, ""} {
		at, err := store.UninstalledAt(context.Background(), team)
		if err != nil || at != nil {
			t.Errorf("uninstall mark of %q: %v, %v; want none", team, at, err)
		}
	}
	var events int64
	if err := store.DB().Model(&models.ProcessedEvent{}).Count(&events).Error; err != nil {
		t.Fatal(err)
	}
	if events != 0 {
		t.Errorf("%d event ids recorded from the other workspace", events)
	}
	for _, u := range []string{alex, sam, robin} {
		if n := len(fake.DMs(u)); n != dms[u] {
			t.Errorf("%s has %d DMs, had %d before the refusals: %+v", u, n, dms[u], fake.DMs(u))
		}
	}
	for _, c := range fake.Calls("views.open") {
		if c.Params["trigger_id"] == "1.2.elsewhere" {
			t.Errorf("a modal opened for the other workspace")
		}
	}
}

// viewJSON is a view as it travels in a payload.
func viewJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestElsewhereRefusedSocketMode: a command, a click, a modal submission,
// app_uninstalled and tokens_revoked, each signed for another workspace and
// each naming a real one-to-one or person here, are refused and counted,
// and change nothing. The bot keeps no data after an uninstall
// (Retention 0), so an uninstall that got through would delete it all.
func TestElsewhereRefusedSocketMode(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		clock.Set(t0)
		reg := prometheus.NewRegistry()
		h := newHarnessWith(t, s, clock, func(c *bot.Config) { c.Metrics = bot.NewMetrics(reg) })
		h.requested()
		h.click(sam, "Pick a time")
		v := h.waitModal(sam, "schedule")
		was := h.only()
		dms := map[string]int{alex: len(h.fake.DMs(alex)), sam: len(h.fake.DMs(sam)), robin: len(h.fake.DMs(robin))}

		cmd := map[string]any{"command": slacktest.SlashCommandName, "text": "<@UROBIN> coffee?", "user_id": alex, "team_id": elsewhere,
			"channel_id": slacktest.GeneralChannelID, "trigger_id": "1.2.elsewhere", "response_url": h.fake.ResponseURL(alex)}
		ack, err := h.fake.SendEnvelope(h.ctx, "slash_commands", cmd, "")
		if err != nil {
			t.Fatalf("command from elsewhere: %v", err)
		}
		if !strings.Contains(string(ack.Payload), "another Slack workspace") {
			t.Errorf("command from elsewhere answered %s", ack.Payload)
		}
		if ack, err := h.fake.SendEnvelope(h.ctx, "interactive", elsewhereClick(was), ""); err != nil || len(ack.Payload) != 0 {
			t.Errorf("click from elsewhere: %s, %v", ack.Payload, err)
		}
		if ack, err := h.fake.SendEnvelope(h.ctx, "interactive", elsewhereSchedule(viewJSON(t, v), t0.Add(48*time.Hour)), ""); err != nil || len(ack.Payload) != 0 {
			t.Errorf("submission from elsewhere: %s, %v", ack.Payload, err)
		}
		for i, typ := range []string{"app_uninstalled", "tokens_revoked"} {
			id := fmt.Sprintf("EvELSEWHERE%d", i)
			ack, err := h.fake.SendEnvelope(h.ctx, "events_api", elsewhereEvent(id, typ), id)
			if err != nil || ack.RetryAttempt != 0 {
				t.Errorf("%s from elsewhere: acked on attempt %d, %v", typ, ack.RetryAttempt, err)
			}
		}
		wantRefused(t, h.ctx, h.fake, reg, map[string]float64{"slash_commands": 1, "block_actions": 1, "view_submission": 1, "events_api": 2})
		unchanged(t, h.store, h.fake, was, dms)
		if n := len(h.fake.Calls("chat.postEphemeral")); n != 0 {
			t.Errorf("%d ephemerals posted for the other workspace", n)
		}

		// The same uninstall for this workspace still stops it.
		if _, err := h.fake.SendEvent(h.ctx, "EvHERE", map[string]any{"type": "app_uninstalled"}); err != nil {
			t.Fatal(err)
		}
		if err := h.fake.WaitFor(h.ctx, func() bool { return len(h.oneToOnes()) == 0 }); err != nil {
			t.Errorf("this workspace's own uninstall deleted nothing")
		}
	})
}

// TestElsewhereRefusedHTTP is the same over HTTP request URLs: the payloads
// are validly signed, and still refused.
func TestElsewhereRefusedHTTP(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		if resp := h.command(alex, "<@USAM|sam> coffee?"); resp.Status != 200 || !strings.Contains(resp.Body, "Invitation sent") {
			t.Fatalf("request answered %+v", resp)
		}
		invite := h.waitDM(sam, "would like to have a one-to-one")
		blockID, value := button(t, invite, "pick_time")
		h.interact(h.click(sam, invite.Channel, invite.TS, blockID, "pick_time", value))
		v := h.waitModal(sam, "schedule")
		was := h.oneToOnes()[0]
		dms := map[string]int{alex: len(h.fake.DMs(alex)), sam: len(h.fake.DMs(sam)), robin: len(h.fake.DMs(robin))}

		form, _ := url.ParseQuery(string(h.commandForm(alex, "<@UROBIN> coffee?")))
		form.Set("team_id", elsewhere)
		form.Set("trigger_id", "1.2.elsewhere")
		body := []byte(form.Encode())
		resp := h.do(http.MethodPost, bot.PathCommands, formType, body, h.signed(body))
		if resp.Status != 200 || !strings.Contains(resp.Body, "another Slack workspace") {
			t.Errorf("command from elsewhere answered %+v", resp)
		}
		if resp := h.interact(elsewhereClick(was)); resp.Status != 200 || resp.Body != "" {
			t.Errorf("click from elsewhere answered %+v", resp)
		}
		if resp := h.interact(elsewhereSchedule(viewJSON(t, v), t0.Add(48*time.Hour))); resp.Status != 200 || resp.Body != "" {
			t.Errorf("submission from elsewhere answered %+v", resp)
		}
		for i, typ := range []string{"app_uninstalled", "tokens_revoked"} {
			body, _ := json.Marshal(elsewhereEvent(fmt.Sprintf("EvELSEWHERE%d", i), typ))
			if resp := h.do(http.MethodPost, bot.PathEvents, "application/json", body, h.signed(body)); resp.Status != 200 {
				t.Errorf("%s from elsewhere answered %+v", typ, resp)
			}
		}
		wantRefused(t, h.ctx, h.fake, h.reg, map[string]float64{"slash_commands": 1, "block_actions": 1, "view_submission": 1, "events_api": 2})
		sctx, stop := context.WithTimeout(h.ctx, 10*time.Second)
		defer stop()
		if err := h.bot.Shutdown(sctx); err != nil { // nothing should be running; if anything is, let it finish first
			t.Fatal(err)
		}
		unchanged(t, h.store, h.fake, was, dms)
	})
}
