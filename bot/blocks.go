package bot

import (
	"fmt"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Small builders over slack-go's Block Kit types. Views compose these; they
// keep the views short enough to read as the message they render.

func mdText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func section(s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mdText(s), nil, nil)
}

func contextLine(s string) *slack.ContextBlock {
	return slack.NewContextBlock("", mdText(s))
}

func header(s string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(truncate(s, 150))) // header limit, docs/slack.md
}

// button makes a button whose value is a one-to-one id.
func button(text, actionID string, id models.OneToOneID, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, id.String(), plain(text))
	b.Style = style
	return b
}

func actions(blockID string, elems ...slack.BlockElement) *slack.ActionBlock {
	return slack.NewActionBlock(blockID, elems...)
}

// inputField is what a plain text input shows: its block id (also its
// action id), label, placeholder, initial value and hint (each left out
// when empty), whether it takes several lines or may stay empty, and the
// most characters it takes (0: Slack's own limit).
type inputField struct {
	ID, Label, Placeholder, Initial, Hint string
	Multiline, Optional                   bool
	MaxLen                                int
}

// textInput is a plain text input.
func textInput(f inputField) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, f.ID)
	if f.Placeholder != "" {
		el.Placeholder = plain(truncate(f.Placeholder, 150))
	}
	el.InitialValue, el.Multiline, el.MaxLength = f.Initial, f.Multiline, f.MaxLen
	var h *slack.TextBlockObject
	if f.Hint != "" {
		h = plain(f.Hint)
	}
	in := slack.NewInputBlock(f.ID, plain(f.Label), h, el)
	in.Optional = f.Optional
	return in
}

// slackDate renders t with Slack's date formatting, so each reader sees it
// in their own timezone. The fallback, for clients that can't, is written
// in l and loc.
func slackDate(l catalog.Lang, t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^%s|%s>", t.Unix(), catalog.T(l, "date.token_datetime", nil), catalog.DateTime(l, t.In(loc)))
}

// slackDay renders a date without a time.
func slackDay(l catalog.Lang, t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_long_pretty}|%s>", t.Unix(), catalog.Day(l, t.In(loc)))
}

// dayOf is midnight of t's day in loc, as a UTC date for comparisons.
func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// mention renders a Slack user mention; ids come from Slack, never from
// free text.
func mention(id string) string { return "<@" + id + ">" }

// otherOf names the other person of a one-to-one for viewer: a mention, or
// the escaped name of someone outside Slack.
func otherOf(l catalog.Lang, o *models.OneToOne, viewer models.UserID) string {
	if o.PersonID != nil && viewer == o.RequesterID {
		if o.PersonName == "" {
			return catalog.T(l, "common.someone_outside_slack", nil)
		}
		return "*" + esc(o.PersonName) + "*"
	}
	return mention(string(o.Other(viewer)))
}

// modal builds a modal in l with Slack's 24-character limits on its title
// and buttons (docs/slack.md).
func modal(l catalog.Lang, callbackID, title, submit, metadata string, blocks ...slack.Block) slack.ModalViewRequest {
	m := slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plain(truncate(title, 24)),
		Close:           plain(catalog.T(l, "common.cancel", nil)),
		PrivateMetadata: metadata,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
	if submit != "" {
		m.Submit = plain(truncate(submit, 24))
	} else {
		m.Close = plain(catalog.T(l, "common.close", nil))
	}
	return m
}
