package playground

// The page's own words, its chrome, with page.html's: everything the bot
// says comes from the bot, in its catalog, in the viewer's language.
const (
	botName           = "onetoone"
	onlyVisible       = "Only visible to you"
	homeTitle         = "Home"
	messagesTab       = "Messages"
	optionalLabel     = "(optional)"
	selectPlaceholder = "Select…"
	modalCancel       = "Cancel"
)
