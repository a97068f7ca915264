package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// optedOutNote tells an organizer their request closed because the person
// asked not to receive requests: their choice, said without blame.
func optedOutNote(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "consent.opted_out_note", personData(mention(string(o.InviteeID))))
	return text, []slack.Block{
		section(text + " " + catalog.T(l, "consent.opted_out_kind", nil)),
		contextLine(catalog.T(l, "consent.in_person", nil)),
	}
}

// withdrawnView replaces the invitation in place when its sender opted
// out: the invitee learns there is nothing to answer, and why, without a
// new message.
func withdrawnView(l catalog.Lang, o *models.OneToOne) (string, []slack.Block) {
	text := catalog.T(l, "consent.withdrawn", personData(mention(string(o.RequesterID))))
	return text, []slack.Block{
		section(text),
		contextLine(catalog.T(l, "consent.withdrawn_hint", nil)),
	}
}
