package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// relayView passes on what from wrote in their thread of a one-to-one, to
// the other person in theirs, in l: clearly theirs, quoted and escaped,
// with how to answer.
func relayView(l catalog.Lang, from models.UserID, text string) (string, []slack.Block) {
	who := personData(mention(string(from)))
	blocks := []slack.Block{section(catalog.T(l, "relay.lead", who))}
	blocks = append(blocks, quoteBlocks(text)...)
	blocks = append(blocks, contextLine(catalog.T(l, "relay.footer", nil)))
	return catalog.T(l, "relay.text", who), blocks
}

// relayNote answers, in their thread, the person whose words were (or
// could not be) passed on to to: id names which (relay.sent, relay.closed,
// relay.no_contact, relay.outside). It quotes nothing they wrote.
func relayNote(l catalog.Lang, id string, to models.UserID) (string, []slack.Block) {
	text := catalog.T(l, id, personData(mention(string(to))))
	return text, []slack.Block{contextLine(text)}
}
