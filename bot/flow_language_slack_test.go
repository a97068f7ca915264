package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
	"github.com/slack-go/slack"
)

// People whose Slack is in Spanish.
const (
	ana   = "UANA"   // Slack in Latin American Spanish (es-LA)
	lucia = "ULUCIA" // Slack in Spanish from Spain (es-ES)
)

// pieces are the words of message id in l around its placeholders: what a
// message built from it must contain, whatever the placeholders became.
func pieces(l catalog.Lang, id string, keys ...string) []string {
	data := map[string]any{}
	for _, k := range keys {
		data[k] = "\x00"
	}
	var out []string
	for _, p := range strings.Split(catalog.T(l, id, data), "\x00") {
		if p = strings.TrimSpace(p); len(p) > 2 {
			out = append(out, p)
		}
	}
	return out
}

// waitDMIn waits for a DM to user holding every piece of message id in
// l, and fails after a while rather than at the harness's deadline.
func (h *harness) waitDMIn(user string, l catalog.Lang, id string, keys ...string) slacktest.Message {
	h.t.Helper()
	want := pieces(l, id, keys...)
	ctx, cancel := context.WithTimeout(h.ctx, 15*time.Second)
	defer cancel()
	var found slacktest.Message
	err := h.fake.WaitFor(ctx, func() bool {
		for _, m := range h.fake.DMs(user) {
			all := true
			for _, p := range want {
				all = all && strings.Contains(m.Text, p)
			}
			if all {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		var texts []string
		for _, m := range h.fake.DMs(user) {
			texts = append(texts, m.Text)
		}
		h.t.Fatalf("no DM to %s in %s holding %q (%s); DMs: %q", user, l, want, id, texts)
	}
	return found
}

// TestLanguageFollowsSlack is issue 18's Done-when: an English-speaking
// organizer asks members whose Slack is in Spanish (es-LA, es-ES); each
// member's invitation, scheduling modal and reminder are in Spanish, the
// organizer's copies in English.
func TestLanguageFollowsSlack(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.fake.AddUser(slack.User{ID: ana, Name: "ana", RealName: "Ana Pérez", TZ: "America/Mexico_City", Locale: "es-LA"})
		h.fake.AddUser(slack.User{ID: lucia, Name: "lucia", RealName: "Lucía Gil", TZ: "Europe/Madrid", Locale: "es-ES"})
		es, en := catalog.Spanish, catalog.English
		at := t0.Add(48 * time.Hour).Truncate(time.Minute)
		for _, invitee := range []string{ana, lucia} {
			before := len(h.oneToOnes())
			h.command(alex, fmt.Sprintf("<@%s> coffee?", invitee))
			invite := h.waitDMIn(invitee, es, "invite.text", "Person")
			if !hasButton(invite, catalog.T(es, "common.pick_time", nil)) {
				t.Errorf("%s's invitation lacks its Spanish button %q: %+v", invitee, catalog.T(es, "common.pick_time", nil), invite.Blocks)
			}
			h.waitDMIn(alex, en, "invite.requester_copy", "Person")
			h.fake.WaitFor(h.ctx, func() bool { return len(h.oneToOnes()) > before })

			if _, err := h.fake.ClickButtonIn(h.ctx, invitee, invite, catalog.T(es, "common.pick_time", nil)); err != nil {
				t.Fatal(err)
			}
			v := h.waitModal(invitee, "schedule")
			if v.Title == nil || v.Title.Text != catalog.T(es, "schedule.title", nil) {
				t.Errorf("%s's scheduling modal title = %+v, want %q", invitee, v.Title, catalog.T(es, "schedule.title", nil))
			}
			errs := h.submit(invitee, map[string]string{
				catalog.T(es, "schedule.when", nil):     fmt.Sprint(at.Unix()),
				catalog.T(es, "schedule.how_long", nil): catalog.N(es, "schedule.minutes", 60, nil),
				catalog.T(es, "schedule.where", nil):    "Café Luna",
			})
			if len(errs) != 0 {
				t.Fatalf("%s's schedule errors = %v", invitee, errs)
			}
			h.fake.WaitFor(h.ctx, func() bool {
				for _, o := range h.oneToOnes() {
					if string(o.InviteeID) == invitee && o.Status == models.StatusScheduled {
						return true
					}
				}
				return false
			})
		}

		h.runJob("reminders", at.Add(-scheduler.DefaultReminderBefore))
		h.waitDMIn(alex, en, "reminder.text", "Person", "When")
		for _, invitee := range []string{ana, lucia} {
			h.waitDMIn(invitee, es, "reminder.invitee_text", "Person", "When")
		}
	})
}
