package bot_test

import (
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

const relayed = "wrote to you about your one-to-one"

// relayedTo counts the replies passed on to user.
func relayedTo(h *harness, user string) int {
	n := 0
	for _, m := range h.fake.DMs(user) {
		if strings.Contains(m.Text, relayed) {
			n++
		}
	}
	return n
}

// replyInThread has user answer in the thread ts of the bot's DM.
func (h *harness) replyInThread(user, ts, text, eventID string) string {
	h.t.Helper()
	ev := h.fake.DirectMessage(user, text)
	ev["thread_ts"] = ts
	if _, err := h.fake.SendEvent(h.ctx, eventID, ev); err != nil {
		h.t.Fatalf("reply in thread: %v", err)
	}
	return ev["ts"].(string)
}

// waitLive waits until both people's DMs about the one-to-one are known.
func (h *harness) waitLive() models.OneToOne {
	h.t.Helper()
	var o models.OneToOne
	if err := h.fake.WaitFor(h.ctx, func() bool {
		os := h.oneToOnes()
		if len(os) == 0 {
			return false
		}
		o = os[len(os)-1]
		return o.InviteTS != "" && o.RequesterTS != ""
	}); err != nil {
		h.t.Fatalf("the one-to-one's DMs were never recorded: %+v", o)
	}
	return o
}

// A reply in the invitation's thread reaches the requester in their
// thread, labelled and escaped, once however often Slack sends it; its
// words are gone from the database once delivered and never logged. A
// reply about a closed one-to-one is kindly refused.
func TestRelayPassesRepliesOn(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@"+sam+"> coffee?")
		o := h.waitLive()

		msgTS := h.replyInThread(sam, o.InviteTS, "RELAY-SECRET Tuesday works <!channel> & *you*?", "EvRelay1")
		m := h.waitDM(alex, relayed)
		if m.ThreadTS != o.RequesterTS {
			t.Errorf("passed on in thread %q, want the requester's %q", m.ThreadTS, o.RequesterTS)
		}
		js := blocksJSON(m.Blocks)
		if !strings.Contains(js, "RELAY-SECRET") || !strings.Contains(js, "<@"+sam+">") {
			t.Errorf("the reply is not quoted and labelled: %s", js)
		}
		if strings.Contains(js, "<!channel>") {
			t.Errorf("the reply is not escaped: %s", js)
		}
		h.waitDM(sam, "Passed on to")

		// The same message again (a retry, or a second replica): once.
		ev := h.fake.DirectMessage(sam, "RELAY-SECRET Tuesday works")
		ev["thread_ts"], ev["ts"], ev["event_ts"] = o.InviteTS, msgTS, msgTS
		if _, err := h.fake.SendEvent(h.ctx, "EvRelay1-replica", ev); err != nil {
			t.Fatal(err)
		}
		h.waitLogged("reply already passed on", 1)
		if n := relayedTo(h, alex); n != 1 {
			t.Errorf("passed on %d times, want once", n)
		}
		if tables := tablesHolding(t, h.store, "RELAY-SECRET"); len(tables) > 0 {
			t.Errorf("the reply's words stay in %q after delivery", tables)
		}
		if strings.Contains(h.logs.String(), "RELAY-SECRET") {
			t.Error("the reply's words reached the logs")
		}

		// The requester answers back in their thread.
		h.replyInThread(alex, o.RequesterTS, "RELAY-BACK great", "EvRelay2")
		back := h.waitDM(sam, relayed)
		if back.ThreadTS != o.InviteTS {
			t.Errorf("answer passed on in thread %q, want the invitee's %q", back.ThreadTS, o.InviteTS)
		}

		// Closed: nothing passed on, a kind answer instead.
		h.click(alex, "Cancel request")
		h.waitModal(alex, "cancel")
		h.submit(alex, map[string]string{})
		h.waitStatus(models.StatusCancelled)
		before := relayedTo(h, alex)
		h.replyInThread(sam, o.InviteTS, "RELAY-LATE still on?", "EvRelay3")
		h.waitDM(sam, "is closed")
		if n := relayedTo(h, alex); n != before {
			t.Errorf("a reply about a closed one-to-one was passed on")
		}
		if tables := tablesHolding(t, h.store, "RELAY-LATE"); len(tables) > 0 {
			t.Errorf("a refused reply was stored in %q", tables)
		}
	})
}

// A reply in the thread of a message that is no one-to-one's gets the
// Messages tab's usual answer.
func TestRelayOtherThreadsGetTheInboxAnswer(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.replyInThread(sam, "1600000000.000100", "hello?", "EvRelayOther")
		h.waitDM(sam, inboxAnswer)
	})
}

// A reply in the thread of the note that the meeting is set reaches the
// other person; once they opted out, it is kindly refused instead, and
// its words are not kept.
func TestRelayScheduledAndOptedOut(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.scheduled()
		set, setAlex := h.waitDM(sam, "Your one-to-one with"), h.waitDM(alex, "Your one-to-one with")
		var o models.OneToOne
		if err := h.fake.WaitFor(h.ctx, func() bool {
			o = h.only()
			return o.InviteTS == set.TS && o.RequesterTS == setAlex.TS
		}); err != nil {
			t.Fatalf("the note that it is set never became the live message: %+v", o)
		}
		h.replyInThread(sam, o.InviteTS, "RELAY-SET see you there", "EvRelaySet")
		m := h.waitDM(alex, relayed)
		if m.ThreadTS != o.RequesterTS {
			t.Errorf("passed on in thread %q, want the requester's %q", m.ThreadTS, o.RequesterTS)
		}

		h.optedOutAlex()
		before := relayedTo(h, alex)
		h.replyInThread(sam, o.InviteTS, "RELAY-OPTED still there?", "EvRelayOpted")
		h.waitDM(sam, "asked not to get messages from me")
		if n := relayedTo(h, alex); n != before {
			t.Errorf("a reply reached someone who opted out")
		}
		if tables := tablesHolding(t, h.store, "RELAY-OPTED"); len(tables) > 0 {
			t.Errorf("a refused reply was stored in %q", tables)
		}
	})
}
