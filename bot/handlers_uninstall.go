package bot

import (
	"context"

	"github.com/slack-go/slack/slackevents"
)

// eventUninstalled answers app_uninstalled and tokens_revoked: all work for
// the workspace stops, and its data is deleted after the retention period
// (at once when it is zero). The scheduler's purge job does the later
// deletion.
func (b *Bot) eventUninstalled(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	if err := b.store.MarkUninstalled(ctx, b.team, b.now()); err != nil {
		return err
	}
	b.log.Warn("app uninstalled or tokens revoked: stopping work", "team", b.team, "retention", b.retention.String())
	if b.retention > 0 {
		return nil
	}
	if err := b.store.PurgeAll(ctx); err != nil {
		return err
	}
	b.log.Info("workspace data deleted", "team", b.team)
	return nil
}
