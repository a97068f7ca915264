package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
)

func init() { goldenCovered = append(goldenCovered, "inboxReplyView") }

func TestGoldenInbox(t *testing.T) {
	eachLang(t, func(l catalog.Lang) []goldenMessageCase {
		return []goldenMessageCase{
			{name: "inbox_reply", msg: goldenMsg(inboxReplyView(l, "/one-to-one"))},
		}
	})
}
