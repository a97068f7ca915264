package bot

import (
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// languageOptions are the languages the bot speaks, each named in itself,
// and the option of current among them (nil if none is).
func languageOptions(current catalog.Lang) (opts []*slack.OptionBlockObject, initial *slack.OptionBlockObject) {
	for _, o := range catalog.Langs() {
		opt := slack.NewOptionBlockObject(string(o), plain(catalog.T(o, "lang.name", nil)), nil)
		if o == current {
			initial = opt
		}
		opts = append(opts, opt)
	}
	return opts, initial
}

// groupLanguageInput is the settings modal's choice of the group's
// language (models.Settings.Language), showing v, the one in effect; the
// modal is in l.
func groupLanguageInput(l catalog.Lang, v string) *slack.InputBlock {
	opts, initial := languageOptions(catalog.Lang(v))
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "language.choose", nil)), models.FieldLanguage, opts...)
	sel.InitialOption = initial
	return slack.NewInputBlock(models.FieldLanguage, plain(catalog.T(l, "language.group", nil)), plain(catalog.T(l, "language.group_hint", nil)), sel)
}

// languageMenu is Home's menu of the languages the bot speaks, each named
// in itself, showing l, the one the reader reads now. Choosing one is
// actLanguage.
func languageMenu(l catalog.Lang) slack.Block {
	opts, current := languageOptions(l)
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "language.choose", nil)), actLanguage, opts...)
	sel.InitialOption = current
	return slack.NewActionBlock(blockLanguage, sel)
}
