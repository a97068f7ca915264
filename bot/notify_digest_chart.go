package bot

import (
	"bytes"
	"context"
	"errors"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// digestChart is what runs once group g's digest is posted in its
// channel: the team's trends chart (the one-to-ones held per week),
// uploaded into the same channel, in the group's language. It rides on the digest's own delivery, so it goes
// exactly when the digest did: once, by the one worker that posted it,
// never again after a restart or on another replica (the digest is sent
// at most once, scheduler/deliver.go). A chart that fails is logged and
// left out: the next digest carries a new one, and a second copy of the
// digest to bring it would be worse.
func (n *Notifier) digestChart(g models.GroupID) func(ctx context.Context, ref msgRef) {
	return func(ctx context.Context, ref msgRef) {
		if err := n.uploadDigestChart(ctx, g, ref.Channel); err != nil {
			n.b.log.Warn("the digest went without its chart", "group", g, "channel", ref.Channel, "err", err)
		}
	}
}

// uploadDigestChart draws group g's trends and uploads them into channel,
// paced like every file.
func (n *Notifier) uploadDigestChart(ctx context.Context, g models.GroupID, channel string) error {
	if channel == "" {
		return errors.New("no channel")
	}
	gs := n.b.store.In(g)
	// The channel sees the one-to-ones held, never how ratings moved.
	f, err := n.b.trendsFile(ctx, gs, n.b.groupLang(ctx, gs), false)
	if err != nil {
		return err
	}
	return n.call(ctx, n.b.fileSlots(channel), func(ctx context.Context) error {
		_, err := n.b.api(ctx).UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(f.content), FileSize: len(f.content), Filename: f.name, Title: f.title,
			Channel: channel, InitialComment: f.comment, AltTxt: f.comment,
		})
		n.b.metrics.slackCall("files.upload", err)
		return err
	})
}
