package bot

import (
	"strings"

	"github.com/slack-go/slack"
)

// clean makes text from a payload storable on both databases: Postgres
// refuses a NUL byte or invalid UTF-8 in text, where SQLite keeps them, so
// one hostile byte would fail the request, and every retry of it, only on
// Postgres. NUL is dropped (nobody types it); a broken sequence becomes
// U+FFFD, as Go's JSON decoder already does inside JSON payloads.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// cleanCommand cleans what a slash command carries, once, where it enters
// the bot: the text, and the ids the handlers look up.
func cleanCommand(cmd *slack.SlashCommand) {
	for _, f := range []*string{&cmd.Text, &cmd.Command, &cmd.UserID, &cmd.UserName, &cmd.ChannelID, &cmd.TeamID} {
		*f = clean(*f)
	}
}

// cleanInteraction cleans what a click or a modal submission carries, once,
// where it enters the bot: what was typed or chosen in the modal, its
// private metadata, and the values of the buttons clicked.
func cleanInteraction(cb *slack.InteractionCallback) {
	for _, f := range []*string{&cb.User.ID, &cb.Channel.ID, &cb.View.PrivateMetadata, &cb.View.CallbackID} {
		*f = clean(*f)
	}
	if cb.View.State != nil {
		for block, actions := range cb.View.State.Values {
			for id, a := range actions {
				cleanAction(&a)
				cb.View.State.Values[block][id] = a
			}
		}
	}
	for _, a := range cb.ActionCallback.BlockActions {
		if a != nil {
			cleanAction(a)
		}
	}
}

// cleanAction cleans every value of one input or button.
func cleanAction(a *slack.BlockAction) {
	for _, f := range []*string{&a.ActionID, &a.Value, &a.SelectedOption.Value, &a.SelectedUser, &a.SelectedChannel,
		&a.SelectedConversation, &a.SelectedDate, &a.SelectedTime, &a.Timezone} {
		*f = clean(*f)
	}
	for i := range a.SelectedOptions {
		a.SelectedOptions[i].Value = clean(a.SelectedOptions[i].Value)
	}
	for _, list := range [][]string{a.SelectedUsers, a.SelectedChannels, a.SelectedConversations} {
		for i := range list {
			list[i] = clean(list[i])
		}
	}
}
