package bot

import (
	"context"

	"github.com/slack-go/slack/slackevents"
)

// eventUninstalled answers app_uninstalled and tokens_revoked: all work for
// that workspace stops (its cached client is dropped, its token cleared),
// and its data is deleted after the retention period (at once when it is
// zero). Other workspaces are untouched. The scheduler's purge job does the
// later deletion.
func (b *Bot) eventUninstalled(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	team := b.teamFor(ctx)
	// Drop the cached client before the mark and again after it: once the
	// mark is in the database no request may find the workspace still
	// cached (the second), and one looked up meanwhile is not kept (the
	// first keeps the window to the mark's own write).
	b.forget(team)
	if err := b.store.MarkUninstalled(ctx, team, b.now()); err != nil {
		return err
	}
	b.forget(team)
	b.log.Warn("app uninstalled or tokens revoked: stopping work", "team", team, "retention", b.retention.String())
	if b.retention > 0 {
		return nil
	}
	if err := b.store.Purge(ctx, team); err != nil {
		return err
	}
	b.log.Info("workspace data deleted", "team", team)
	return nil
}
