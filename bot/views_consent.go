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
