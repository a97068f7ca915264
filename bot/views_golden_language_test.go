package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/slack-go/slack"
)

// languageOptions and groupLanguageInput are golden in settings_*.json too.
func init() {
	goldenCovered = append(goldenCovered, "languageMenu", "languageOptions", "groupLanguageInput")
}

// TestGoldenLanguageMenu: Home's language menu names each language in
// itself and shows the reader's.
func TestGoldenLanguageMenu(t *testing.T) {
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{{name: "home_language_menu", view: slack.HomeTabViewRequest{
			Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{languageMenu(l)}},
		}}}
	})
}
