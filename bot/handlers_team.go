package bot

import (
	"bytes"
	"context"
	"fmt"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// coordinator returns the member if they are a coordinator, else a kind
// refusal. Every coordinator surface checks through here.
func (b *Bot) coordinator(ctx context.Context, user string) (*models.Member, error) {
	m, err := b.member(ctx, models.UserID(user))
	if err != nil {
		return nil, err
	}
	if !m.IsCoordinator() {
		return nil, models.Errorf(models.EUNAUTHORIZED, "That's for the group's coordinators. If you think you should be one, ask a coordinator or a workspace admin.")
	}
	return m, nil
}

// cmdTeam opens the coordinators' view of the team: a loading modal, filled
// once it is open.
func (b *Bot) cmdTeam(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	r := modalReply(loadingModal(viewTeam, "Team"))
	r.Opened = func(ctx context.Context, v *slack.View) error { return b.fillTeam(ctx, m, v) }
	return r, nil
}

// actOpenTeam opens it from a coordinator's App Home.
func (b *Bot) actOpenTeam(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	return b.openTeam(ctx, cb.User.ID, cb.TriggerID)
}

// openTeam opens a loading modal at once, then fills it: the trigger lives
// 3 seconds, the team's picture may take longer to gather.
func (b *Bot) openTeam(ctx context.Context, user, trigger string) error {
	m, err := b.coordinator(ctx, user)
	if err != nil {
		return err
	}
	v, err := b.openView(ctx, trigger, loadingModal(viewTeam, "Team"))
	if err != nil {
		return err
	}
	return b.fillTeam(ctx, m, v)
}

// fillTeam replaces the loading modal v with the team's picture as the
// coordinator m may see it.
func (b *Bot) fillTeam(ctx context.Context, m *models.Member, v *slack.View) error {
	t, err := b.store.TeamPicture(ctx, m, b.now(), teamRows)
	if err != nil {
		return err
	}
	_, err = b.slack.UpdateViewContext(ctx, teamModal(t, m.Location(b.tz)), "", v.Hash, v.ID)
	b.metrics.slackCall("views.update", err)
	return err
}

// actReadReflection shows the reflections on a one-to-one, each of the two
// people's own, that the viewer may read; the store refuses the others.
func (b *Bot) actReadReflection(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	viewer, err := b.member(ctx, models.UserID(cb.User.ID))
	if err != nil {
		return err
	}
	var id int64
	if _, err := fmt.Sscan(act.Value, &id); err != nil {
		return errStale
	}
	o, err := b.store.OneToOne(ctx, id)
	if err != nil {
		return err
	}
	var rs []models.Reflection
	var refused error
	for _, author := range []models.UserID{o.RequesterID, o.InviteeID} {
		if author == "" {
			continue
		}
		r, err := b.store.Reflection(ctx, id, author, viewer)
		switch models.ErrorCode(err) {
		case "":
			rs = append(rs, *r)
		case models.ENOTFOUND:
		case models.EUNAUTHORIZED:
			refused = err
		default:
			return err
		}
	}
	switch {
	case len(rs) == 0 && refused != nil:
		return refused
	case len(rs) == 0:
		return models.Errorf(models.ENOTFOUND, "Nobody has reflected on this one-to-one yet.")
	}
	_, err = b.slack.PushViewContext(ctx, cb.TriggerID, reflectionReadView(o, rs, b.ladder(ctx)))
	b.metrics.slackCall("views.push", err)
	return err
}

// cmdForget asks a coordinator to confirm deleting everything about someone.
func (b *Bot) cmdForget(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if _, err := b.coordinator(ctx, cmd.UserID); err != nil {
		return nil, err
	}
	if len(c.Users) != 1 || len(c.Names)+len(c.Bare) > 0 {
		return nil, models.Errorf(models.EINVALID, "Tell me one person, like `%s forget @someone`.", b.command)
	}
	return forgetConfirm(c.Users[0]), nil
}

// actForget carries out a confirmed deletion request.
func (b *Bot) actForget(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	if _, err := b.coordinator(ctx, cb.User.ID); err != nil {
		return err
	}
	id := models.UserID(act.Value)
	n, err := b.store.ForgetMember(ctx, id)
	if err != nil {
		return err
	}
	b.dmMu.Lock()
	delete(b.dms, id)
	b.dmMu.Unlock()
	b.log.Info("member forgotten", "by", cb.User.ID, "rows", n)
	b.tell(ctx, cb, fmt.Sprintf("Done. I deleted everything I kept about %s (%d records).", mention(string(id)), n))
	return nil
}

// cmdExport sends a coordinator a CSV of one-to-ones and reflections by DM.
func (b *Bot) cmdExport(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	b.background(ctx, "export", func(ctx context.Context) {
		if err := b.export(ctx, m); err != nil {
			if _, derr := b.dm(ctx, m.ID, b.fail(ctx, "export", string(m.ID), err), nil); derr != nil {
				b.log.Warn("could not report failed export", "user", m.ID, "err", derr)
			}
		}
	})
	return textReply(":inbox_tray: Preparing the export. I'll send it to you by DM in a moment. It contains reflections: please store it safely."), nil
}

func (b *Bot) export(ctx context.Context, m *models.Member) error {
	var buf bytes.Buffer
	if err := b.store.ExportCSV(ctx, &buf, m); err != nil {
		return err
	}
	ch, err := b.dmChannel(ctx, m.ID)
	if err != nil {
		return err
	}
	name := "onetoone-export-" + b.now().Format("2006-01-02") + ".csv"
	_, err = b.slack.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: &buf, FileSize: buf.Len(), Filename: name, Title: name, Channel: ch,
		InitialComment: "Here is the export of one-to-ones and reflections. It is private: please keep it safe and delete it when you're done.",
	})
	b.metrics.slackCall("files.upload", err)
	return err
}
