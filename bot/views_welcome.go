package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// welcomeView greets someone who joined a group's channel, in l: what a
// one-to-one is, the group's guide when it has one (guideURL), and how to
// ask, by command or from Home.
func welcomeView(l catalog.Lang, guideURL, command string) (string, []slack.Block) {
	cmd := map[string]any{"Command": command}
	text := catalog.T(l, "welcome.text", nil)
	blocks := []slack.Block{
		section(catalog.T(l, "welcome.lead", nil)),
		section(catalog.T(l, "welcome.what", nil)),
		section(catalog.T(l, "welcome.how", cmd)),
	}
	if guideURL != "" {
		guide := slack.NewButtonBlockElement(actOpenGuide, "guide", plain(catalog.T(l, "welcome.guide", nil)))
		guide.URL = guideURL
		blocks = append(blocks, actions("welcome_guide", guide))
	}
	blocks = append(blocks, contextLine(catalog.T(l, "welcome.footer", cmd)))
	return text, blocks
}

// welcomeInput asks whether the group welcomes people who join its
// channel (models.Settings.Welcome), checked when it does, in l.
func welcomeInput(l catalog.Lang, on bool) *slack.InputBlock {
	opt := slack.NewOptionBlockObject("on", plain(catalog.T(l, "settings.welcome_on", nil)), nil)
	box := slack.NewCheckboxGroupsBlockElement(models.FieldWelcome, opt)
	if on {
		box.InitialOptions = []*slack.OptionBlockObject{opt}
	}
	in := slack.NewInputBlock(models.FieldWelcome, plain(catalog.T(l, "settings.welcome", nil)), plain(catalog.T(l, "settings.welcome_hint", nil)), box)
	in.Optional = true
	return in
}
