package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack/slackevents"
)

// eventTeamJoin remembers a newcomer to the workspace, so the digest can ask
// the team to reach out to them.
func (b *Bot) eventTeamJoin(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	e, ok := ev.Data.(*slackevents.TeamJoinEvent)
	if !ok || e.User == nil {
		return fmt.Errorf("team_join: unexpected payload %T", ev.Data)
	}
	m := memberFromSlack(e.User)
	m.ProfileFetchedAt = b.now()
	if m.IsBot || m.Deleted {
		return nil
	}
	return b.store.MarkJoined(ctx, m, b.now())
}
