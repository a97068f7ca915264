package bot

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Digest builds group g's weekly digest as of now, with its choices in
// effect: its nudge delay says when a request is waiting, and its choice
// of names whether anyone is named. The preview and the post are both made
// here, so they are the same, in the group's language.
func (b *Bot) Digest(ctx context.Context, g models.GroupID, now time.Time) (string, []slack.Block, error) {
	gs := b.store.In(g)
	st, err := b.settings(ctx, gs)
	if err != nil {
		return "", nil, err
	}
	d, err := gs.Digest(ctx, now, models.DigestOptions{
		NudgeAfter:    st.NudgeAfter,
		Names:         st.DigestNames,
		NewcomerLimit: digestNewcomers,
	})
	if err != nil {
		return "", nil, err
	}
	var ids []models.UserID
	for _, p := range d.Organizers[:min(len(d.Organizers), digestOrganizers)] {
		ids = append(ids, p.ID)
	}
	names, err := b.names(ctx, ids)
	if err != nil {
		return "", nil, err
	}
	text, blocks := digestView(b.groupLang(ctx, gs), d, names)
	return text, blocks, nil
}

// PostDigest posts group g's digest to channel, as of now. It is
// scheduled work, not a reply to anyone: it waits for its slot in the
// budget like the Notifier's sends (which is how the scheduler posts the
// weekly digest).
func (b *Bot) PostDigest(ctx context.Context, g models.GroupID, channel string, now time.Time) error {
	text, blocks, err := b.Digest(ctx, g, now)
	if err != nil {
		return err
	}
	if err := b.paceOf(ctx).wait(ctx, b.postSlots(channel)...); err != nil {
		return fmt.Errorf("post digest: %w", err)
	}
	_, _, err = b.api(ctx).PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	b.metrics.slackCall("chat.postMessage", err)
	if err != nil {
		return fmt.Errorf("post digest: %w", err)
	}
	return nil
}

// names returns display names for members, asking Slack for those the bot
// doesn't hold. The digest is made on nobody's behalf and may outlive a
// `forget`, so the answers are not stored (peekMember).
func (b *Bot) names(ctx context.Context, ids []models.UserID) (map[models.UserID]string, error) {
	ms, err := b.store.Members(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[models.UserID]string, len(ids))
	for _, m := range ms {
		out[m.ID] = m.Name
	}
	for _, id := range ids {
		if out[id] != "" {
			continue
		}
		if m, err := b.peekMember(ctx, id, b.promptly); err == nil {
			out[id] = m.Name
		}
	}
	return out, nil
}

// cmdDigest shows me a private preview of this week's digest: as the
// channel will read it, with a word for me in my language.
func (b *Bot) cmdDigest(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	st, err := b.groupStore(ctx, models.UserID(cmd.UserID))
	if err != nil {
		return nil, err
	}
	text, blocks, err := b.Digest(ctx, st.Scope(), b.now())
	if err != nil {
		return nil, err
	}
	l := b.langOf(ctx, models.UserID(cmd.UserID))
	intro := catalog.T(l, "digest.preview", nil)
	if ch := b.digestChannelNow(ctx, st); ch != "" {
		intro = catalog.T(l, "digest.preview_channel", map[string]any{"Channel": "<#" + ch + ">"})
	}
	return &reply{Text: text, Blocks: append([]slack.Block{contextLine(intro)}, blocks...)}, nil
}

// eventMemberJoinedChannel notes newcomers to a group's digest channel,
// so the digest can ask the team to reach out.
func (b *Bot) eventMemberJoinedChannel(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	e, ok := ev.Data.(*slackevents.MemberJoinedChannelEvent)
	if !ok || e.Channel == "" {
		return nil
	}
	groups, err := b.store.Groups(ctx, b.teamFor(ctx))
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(groups, func(g models.Group) bool { return b.digestChannelNow(ctx, b.store.In(g.ID)) == e.Channel }) {
		return nil
	}
	m, err := b.member(ctx, models.UserID(e.User))
	if err != nil || m.IsBot || m.Deleted {
		return err
	}
	return b.store.MarkJoined(ctx, m, b.now())
}
