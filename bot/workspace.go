package bot

import (
	"context"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// elsewhereText answers a slash command typed in a workspace this
// deployment does not serve. It names nothing of the workspace it serves,
// and is in English: whoever typed it is no one the bot knows, so it has no
// language of theirs, and the group's would say something of the group.
func elsewhereText() string { return catalog.T(catalog.English, "error.elsewhere", nil) }

// serves reports whether a payload from Slack is for the workspace this bot
// serves, the one auth.test named at start. Anything else (an event, a
// command or a click signed by Slack for another installation of the same
// app, or one naming no workspace at all) is refused here, before any
// handler or the store sees it, and counted by kind. A bot that does not
// know its workspace serves none.
func (b *Bot) serves(ctx context.Context, kind string, team models.TeamID) bool {
	if b.team != "" && team == b.team {
		return true
	}
	b.metrics.elsewhere.WithLabelValues(kind).Inc()
	b.log.Warn("refused a request for another workspace", "kind", kind, "team", team, "serves", b.team, "request", requestID(ctx))
	return false
}

// interactionKind labels an interaction for the refusal count: its type
// when it is one Slack sends this app, so the label set stays small.
func interactionKind(t slack.InteractionType) string {
	switch t {
	case slack.InteractionTypeBlockActions, slack.InteractionTypeViewSubmission, slack.InteractionTypeViewClosed:
		return string(t)
	}
	return "interactive"
}
