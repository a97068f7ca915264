package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
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
func cancelModal(l catalog.Lang, o *models.OneToOne, viewer models.UserID, reachable bool) slack.ModalViewRequest {
	other := personData(otherOf(l, o, viewer))
	title, what := catalog.T(l, "cancel.title", nil), catalog.T(l, "cancel.what", other)
	if o.Status == models.StatusRequested {
		title, what = catalog.T(l, "cancel.title_request", nil), catalog.T(l, "cancel.what_request", other)
		if viewer == o.InviteeID {
			what = catalog.T(l, "cancel.what_their_request", other)
		}
	}
	blocks := []slack.Block{section(catalog.T(l, "cancel.body", map[string]any{"What": what}))}
	switch {
	case o.Other(viewer) == "":
		blocks = append(blocks, contextLine(catalog.T(l, "cancel.outside", nil)))
	case !reachable:
		blocks = append(blocks, contextLine(catalog.T(l, "consent.cannot_pass_on", nil)))
	default:
		blocks[0] = section(catalog.T(l, "cancel.body_told", map[string]any{"What": what}))
		blocks = append(blocks, textInput(inputField{ID: "reason", Label: catalog.T(l, "cancel.reason_label", nil), Placeholder: catalog.T(l, "cancel.reason_placeholder", nil), Hint: catalog.T(l, "cancel.reason_hint", nil), Multiline: true, Optional: true, MaxLen: models.MaxReasonLen}))
	}
	m := modal(l, viewCancel, title, catalog.T(l, "cancel.submit", nil), o.ID.String(), blocks...)
	m.Close = plain(catalog.T(l, "cancel.keep", nil))
	return m
}
