package bot

import (
	"strconv"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// homeActions is the row of buttons at the top of Home: the three things
// people come to do, one click each, without remembering the command.
func homeActions(l catalog.Lang) slack.Block {
	ask := slack.NewButtonBlockElement(actHomeAsk, "ask", plain(catalog.T(l, "home_actions.ask", nil)))
	ask.Style = slack.StylePrimary
	return actions("home_actions", ask,
		slack.NewButtonBlockElement(actHomeLog, "log", plain(catalog.T(l, "home_actions.log", nil))),
		slack.NewButtonBlockElement(actHomeGoal, "goal", plain(catalog.T(l, "home_actions.goal", nil))),
	)
}

// logWhoModal asks who a one-to-one to log was with: a Slack member, or
// the name of someone outside Slack. Its answer opens the reflection
// modal, as `log @name` does.
func logWhoModal(l catalog.Lang) slack.ModalViewRequest {
	who := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(catalog.T(l, "request_modal.choose", nil)), "who")
	whoBlock := slack.NewInputBlock("who", plain(catalog.T(l, "home_actions.log_who", nil)), nil, who)
	whoBlock.Optional = true
	return modal(l, viewLogWho, catalog.T(l, "home_actions.log_title", nil), catalog.T(l, "home_actions.log_next", nil), "",
		whoBlock,
		textInput(inputField{ID: "name", Label: catalog.T(l, "home_actions.log_name", nil), Hint: catalog.T(l, "home_actions.log_name_hint", nil), Optional: true, MaxLen: models.MaxNameLen}),
	)
}

// goalModal sets the goal for the next four weeks, starting from the
// current one's number when there is one.
func goalModal(l catalog.Lang, current *models.Goal) slack.ModalViewRequest {
	initial := ""
	if current != nil {
		initial = strconv.Itoa(current.Target)
	}
	limits := map[string]any{"Min": models.MinGoal, "Max": models.MaxGoal}
	return modal(l, viewGoal, catalog.T(l, "home_actions.goal_title", nil), catalog.T(l, "common.save", nil), "",
		section(catalog.T(l, "home_actions.goal_why", nil)),
		textInput(inputField{ID: "goal", Label: catalog.T(l, "home_actions.goal_label", nil), Initial: initial, Hint: catalog.T(l, "home_actions.goal_hint", limits), MaxLen: 3}),
	)
}
