package bot

import (
	"context"
	"errors"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack/slackevents"
)

// The welcome DM (models.KindWelcome). A group whose coordinators turned
// it on welcomes each person who joins its digest channel: what a
// one-to-one is, the group's guide, how to ask. Joining only queues it,
// keyed by person and group so it is queued once ever; the scheduler's
// welcome job sends it in the person's daytime, within their weekly budget
// of unasked messages, and never to someone who asked not to be contacted.

// eventJoinedChannel notes a newcomer to a digest channel for the digest
// (eventMemberJoinedChannel), then queues the welcomes of the groups that
// send one.
func (b *Bot) eventJoinedChannel(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	return errors.Join(b.eventMemberJoinedChannel(ctx, ev), b.queueWelcomes(ctx, ev))
}

// queueWelcomes queues a welcome from each group whose digest channel the
// person joined and which welcomes newcomers.
func (b *Bot) queueWelcomes(ctx context.Context, ev slackevents.EventsAPIInnerEvent) (err error) {
	e, ok := ev.Data.(*slackevents.MemberJoinedChannelEvent)
	if !ok || e.Channel == "" || e.User == "" {
		return nil
	}
	defer func() { b.log.Debug("welcome: join handled", "user", e.User, "channel", e.Channel, "err", err) }()
	groups, err := b.store.Groups(ctx, b.teamFor(ctx))
	if err != nil {
		return err
	}
	var ds []models.Delivery
	for _, g := range groups {
		st, err := b.settings(ctx, b.store.In(g.ID))
		if err != nil {
			return err
		}
		if st.Welcome && st.DigestChannel == e.Channel {
			ds = append(ds, models.Delivery{
				GroupID: g.ID, Kind: models.KindWelcome, Subject: models.AboutChannel(e.Channel),
				Recipient: e.User, Window: models.WelcomeWindow(g.ID), DueAt: b.now(),
			})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	m, err := b.member(ctx, models.UserID(e.User))
	if err != nil || m.IsBot || m.Deleted {
		return err
	}
	n, err := b.store.Enqueue(ctx, ds...)
	if err != nil {
		return err
	}
	b.log.Debug("welcome queued", "user", e.User, "channel", e.Channel, "new", n)
	return nil
}

// composeWelcome renders a welcome while its group still sends them.
func (n *Notifier) composeWelcome(ctx context.Context, d models.Delivery) (*outgoing, error) {
	st, err := n.b.settings(ctx, n.b.store.In(d.GroupID))
	if err != nil {
		return nil, err
	}
	if !st.Welcome {
		return nil, skip("the group no longer sends welcomes")
	}
	to := models.UserID(d.Recipient)
	if err := n.reachable(ctx, to); err != nil {
		return nil, err
	}
	text, blocks := welcomeView(n.b.langOf(ctx, to), st.GuideURL, n.b.command)
	return &outgoing{to: to, text: text, blocks: blocks}, nil
}
