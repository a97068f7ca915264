package bot

import (
	"fmt"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// optedOutNote tells an organizer their request closed because the person
// asked not to receive requests: their choice, said without blame.
func optedOutNote(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("%s has asked not to receive one-to-one requests through me for now, so I've closed your request.", mention(string(o.InviteeID)))
	return text, []slack.Block{
		section(text + " It's nothing personal: people have all sorts of reasons."),
		contextLine("If you know them, asking in person is always fine."),
	}
}

// withdrawnView replaces the invitation in place when its sender opted
// out: the invitee learns there is nothing to answer, and why, without a
// new message.
func withdrawnView(o *models.OneToOne) (string, []slack.Block) {
	text := fmt.Sprintf("%s asked to meet you, but has since asked me not to send them messages, so I've closed this request: your answer couldn't reach them.", mention(string(o.RequesterID)))
	return text, []slack.Block{
		section(text),
		contextLine("If you'd still like to meet, you're welcome to reach out to them yourself."),
	}
}
