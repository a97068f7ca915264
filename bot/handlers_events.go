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
	if err := b.store.MarkJoined(ctx, m, b.now()); err != nil {
		return err
	}
	// A newcomer whose profile gives a roster person's email is that
	// person (users:read.email); someone forgotten, not stored, is nobody.
	if _, err := b.store.Member(ctx, m.ID); err == nil {
		b.linkByEmail(ctx, m.ID, e.User.Profile.Email)
	}
	return nil
}
