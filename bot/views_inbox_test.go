package bot

import "testing"

func init() { goldenCovered = append(goldenCovered, "inboxReplyView") }

func TestGoldenInbox(t *testing.T) {
	runGoldenMessages(t, []goldenMessageCase{
		{name: "inbox_reply", msg: goldenMsg(inboxReplyView("/one-to-one"))},
	})
}
