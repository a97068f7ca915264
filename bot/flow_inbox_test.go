package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// inboxAnswer is how the bot's answer in its Messages tab begins.
const inboxAnswer = "Thanks for writing!"

// tablesHolding lists the tables of s with a value containing needle.
func tablesHolding(t *testing.T, s *models.Store, needle string) []string {
	t.Helper()
	tables, err := s.DB().Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 5 {
		t.Fatalf("only tables %q found: the scan would prove nothing", tables)
	}
	var found []string
	for _, table := range tables {
		var rows []map[string]any
		if err := s.DB().Table(table).Find(&rows).Error; err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for _, row := range rows {
			for _, v := range row {
				text := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					text = string(b)
				}
				if strings.Contains(text, needle) {
					found = append(found, table)
				}
			}
		}
	}
	return found
}

// waitLogged waits until the logs hold line n times.
func (h *harness) waitLogged(line string, n int) {
	h.t.Helper()
	if err := h.fake.WaitFor(h.ctx, func() bool { return strings.Count(h.logs.String(), line) >= n }); err != nil {
		h.t.Fatalf("the logs hold %q %d times, want %d", line, strings.Count(h.logs.String(), line), n)
	}
}

// writeToBot has user write text in the bot's Messages tab.
func (h *harness) writeToBot(event map[string]any) {
	h.t.Helper()
	if _, err := h.fake.SendEvent(h.ctx, "", event); err != nil {
		h.t.Fatalf("message event: %v", err)
	}
}

func answers(h *harness, user string) int {
	n := 0
	for _, m := range h.fake.DMs(user) {
		if strings.HasPrefix(m.Text, inboxAnswer) {
			n++
		}
	}
	return n
}

// A person who writes to the bot gets one short answer a day; what they
// wrote reaches neither the database nor the logs.
func TestInboxAnswersOnceADay(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.writeToBot(h.fake.DirectMessage(sam, "INBOX-SECRET-1 hello, is anyone there?"))
		m := h.waitDM(sam, inboxAnswer)
		if all := blocksJSON(m.Blocks); !strings.Contains(all, "/one-to-one help") || !strings.Contains(all, "/one-to-one @name") || !strings.Contains(all, "*Home*") {
			t.Errorf("the answer doesn't show the way: %s", all)
		}

		// The rest of the day: a second message, and what the
		// subscription also brings, are not answered.
		h.writeToBot(h.fake.DirectMessage(sam, "INBOX-SECRET-2 hello again"))
		h.waitLogged("message tab: already answered today", 1)
		edit := h.fake.DirectMessage(sam, "INBOX-SECRET-3 edited")
		edit["subtype"] = "message_changed"
		inThread := h.fake.DirectMessage(sam, "INBOX-SECRET-4 in a thread")
		inThread["thread_ts"] = m.TS
		own := h.fake.DirectMessage(sam, "the bot's own answer")
		own["user"], own["bot_id"] = slacktest.BotUserID, slacktest.BotID
		otherBot := h.fake.DirectMessage(botty, "another app's post")
		otherBot["bot_id"], otherBot["subtype"] = "BOTTY", "bot_message"
		for _, ev := range []map[string]any{edit, inThread, own, otherBot} {
			h.writeToBot(ev)
		}
		// A reply in a thread that is no one-to-one's counts as written
		// to the bot (replies about a one-to-one: flow_relay_test.go).
		h.waitLogged("message tab: not a person's new message", 3)
		h.waitLogged("message tab: already answered today", 2)
		if n := answers(h, sam); n != 1 {
			t.Errorf("sam got %d answers today, want 1", n)
		}
		for _, u := range []string{slacktest.BotUserID, botty} {
			if dms := h.fake.DMs(u); len(dms) != 0 {
				t.Errorf("%s was answered: %+v", u, dms)
			}
		}

		// Someone else the same day has their own answer.
		h.writeToBot(h.fake.DirectMessage(alex, "INBOX-SECRET-5"))
		h.waitDM(alex, inboxAnswer)

		// The next day, one answer more.
		h.clock.Advance(24 * time.Hour)
		h.writeToBot(h.fake.DirectMessage(sam, "INBOX-SECRET-6 it's me again"))
		if err := h.fake.WaitFor(h.ctx, func() bool { return answers(h, sam) == 2 }); err != nil {
			t.Errorf("sam got %d answers over two days, want 2", answers(h, sam))
		}

		logs := h.logs.String()
		for i := 1; i <= 6; i++ {
			secret := fmt.Sprintf("INBOX-SECRET-%d", i)
			if strings.Contains(logs, secret) {
				t.Errorf("the logs contain %q", secret)
			}
			if tables := tablesHolding(t, h.store, secret); len(tables) > 0 {
				t.Errorf("%q is stored in %q", secret, tables)
			}
		}
		if tables := tablesHolding(t, h.store, "hello"); len(tables) > 0 {
			t.Errorf("what sam wrote is stored in %q", tables)
		}
	})
}

// Over HTTP, a message in the Messages tab is answered too.
func TestHTTPInboxAnswer(t *testing.T) {
	eachHTTP(t, func(t *testing.T, h *httpHarness) {
		if resp := h.event("EvIM1", h.fake.DirectMessage(sam, "INBOX-SECRET hello?"), 0); resp.Status != 200 {
			t.Fatalf("event answered %d %s", resp.Status, resp.Body)
		}
		h.waitDM(sam, inboxAnswer)
		if strings.Contains(h.logs.String(), "INBOX-SECRET") {
			t.Error("the logs hold what sam wrote")
		}
	})
}
