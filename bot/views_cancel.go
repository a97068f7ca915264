package bot

import (
	"fmt"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cancelModal asks the person who clicked Cancel to confirm, with an
// optional word for the other person, which reaches them as written
// (cancelledNote). Someone outside Slack hears nothing from the bot, nor
// does someone who asked not to get messages from it (reachable false,
// models.MayContact's answer), so then there is no word to give. The
// modal is the confirmation: Cancel buttons carry no confirm dialog of
// their own.
func cancelModal(o *models.OneToOne, viewer models.UserID, reachable bool) slack.ModalViewRequest {
	other := otherOf(o, viewer)
	title, what := "Cancel the one-to-one", "your one-to-one with "+other
	if o.Status == models.StatusRequested {
		title, what = "Cancel the request", "your request to meet "+other
		if viewer == o.InviteeID {
			what = fmt.Sprintf("%s's request to meet you", other)
		}
	}
	blocks := []slack.Block{section(fmt.Sprintf("This cancels %s.", what))}
	switch {
	case o.Other(viewer) == "":
		blocks = append(blocks, contextLine("They aren't in Slack, so I won't send them anything: let them know yourself."))
	case !reachable:
		blocks = append(blocks, contextLine(cannotPassOn))
	default:
		blocks[0] = section(fmt.Sprintf("This cancels %s. I'll let them know, kindly.", what))
		blocks = append(blocks, textInput("reason", "Anything you'd like them to know?", "Something came up at work. Could we find another time?", "", "Optional. I'll pass it on as you write it.", true, true, models.MaxReasonLen))
	}
	m := modal(viewCancel, title, "Cancel it", o.ID.String(), blocks...)
	m.Close = plain("Keep it")
	return m
}
