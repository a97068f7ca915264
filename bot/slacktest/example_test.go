package slacktest_test

import (
	"context"
	"fmt"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// A test points the real slack-go clients at the fake, then plays the user.
func Example() {
	srv := slacktest.New(slacktest.Options{})
	defer srv.Close()
	srv.AddUser(slack.User{ID: "U1", Name: "ann"})

	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(srv.URL()), slack.OptionAppLevelToken(slacktest.AppToken))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = client.RunContext(ctx) }()
	go func() {
		for evt := range client.Events {
			if evt.Type == socketmode.EventTypeSlashCommand {
				_ = client.Ack(*evt.Request, map[string]any{"text": "Hello!"})
			}
		}
	}()

	if err := srv.WaitConnected(ctx, 1); err != nil {
		panic(err)
	}
	if _, err := srv.SlashCommand(ctx, "U1", "help"); err != nil {
		panic(err)
	}
	fmt.Println(srv.Ephemerals("U1")[0].Text)
	// Output: Hello!
}
