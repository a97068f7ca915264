package bot

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// coordinator returns the member and the group they act in if they are a
// named coordinator of it, else a kind refusal. Every coordinator surface
// checks through here. A workspace admin is told how to name the
// coordinators, themselves included.
func (b *Bot) coordinator(ctx context.Context, user string) (*models.Member, *models.Store, error) {
	m, st, err := b.acting(ctx, models.UserID(user))
	if err != nil {
		return nil, nil, err
	}
	switch {
	case m.IsCoordinator():
		return m, st, nil
	case m.CanManageSettings():
		return nil, nil, userError(models.EUNAUTHORIZED, "error.coordinators_only_admin", map[string]any{"Command": b.command})
	default:
		return nil, nil, userError(models.EUNAUTHORIZED, "error.coordinators_only", nil)
	}
}

// settingsManager returns the member and the group they act in if they
// may open its settings: a coordinator, or a workspace admin naming the
// first coordinators.
func (b *Bot) settingsManager(ctx context.Context, user string) (*models.Member, *models.Store, error) {
	m, st, err := b.acting(ctx, models.UserID(user))
	if err != nil {
		return nil, nil, err
	}
	if !m.CanManageSettings() {
		return nil, nil, userError(models.EUNAUTHORIZED, "error.settings_only", nil)
	}
	return m, st, nil
}

// cmdTeam opens the coordinators' view of the team: a loading modal, filled
// once it is open.
func (b *Bot) cmdTeam(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, st, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	r := modalReply(loadingModal(b.langOfMember(ctx, m), viewTeam))
	r.Opened = func(ctx context.Context, v *slack.View) error { return b.fillTeam(ctx, st, m, v) }
	return r, nil
}

// actOpenTeam opens it from a coordinator's App Home.
func (b *Bot) actOpenTeam(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	return b.openTeam(ctx, cb.User.ID, cb.TriggerID)
}

// openTeam opens a loading modal at once, then fills it: the trigger lives
// 3 seconds, the team's picture may take longer to gather.
func (b *Bot) openTeam(ctx context.Context, user, trigger string) error {
	m, st, err := b.coordinator(ctx, user)
	if err != nil {
		return err
	}
	v, err := b.openView(ctx, trigger, loadingModal(b.langOfMember(ctx, m), viewTeam))
	if err != nil {
		return err
	}
	return b.fillTeam(ctx, st, m, v)
}

// fillTeam replaces the loading modal v with the team's picture as the
// coordinator m may see it, of the group st is scoped to, with the funnel
// over the period and the page of one-to-ones v keeps in its
// private_metadata (teamState: four weeks and the newest at first).
func (b *Bot) fillTeam(ctx context.Context, st *models.Store, m *models.Member, v *slack.View) error {
	state := parseTeamState(v.PrivateMetadata)
	t, err := st.TeamPicturePage(ctx, m, b.now(), state.From, teamRows)
	if err != nil {
		return err
	}
	period := state.Period
	f, err := st.Funnel(ctx, m, periodSince(period, b.now()), b.now())
	if err != nil {
		return err
	}
	if t.Tags, err = st.TagCounts(ctx, m, b.now().AddDate(0, 0, -7*tagWeeks)); err != nil {
		return err
	}
	_, err = b.api(ctx).UpdateViewContext(ctx, teamModal(b.langOfMember(ctx, m), t, f, period, m.Location(b.zone(ctx, st))), "", v.Hash, v.ID)
	b.metrics.slackCall("views.update", err)
	return err
}

// actReadReflection shows the reflections on a one-to-one, each of the two
// people's own, that the viewer may read: its author, or a coordinator it is
// not about. The store refuses the others, and records each read. From the
// team view it opens on top; from Home, on its own.
func (b *Bot) actReadReflection(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	viewer, err := b.member(ctx, models.UserID(cb.User.ID))
	if err != nil {
		return err
	}
	var id models.OneToOneID
	if _, err := fmt.Sscan(act.Value, &id); err != nil {
		return errStale
	}
	// The one-to-one's group decides, whichever group the viewer chose:
	// the store checks the viewer's role there.
	st, g, err := b.oneToOneStore(ctx, id)
	if err != nil {
		return err
	}
	if viewer, err = b.roleIn(ctx, st, g.IsDefault, viewer); err != nil {
		return err
	}
	o, err := st.OneToOne(ctx, id)
	if err != nil {
		return err
	}
	var rs []models.Reflection
	var refused error
	for _, author := range []models.UserID{o.RequesterID, o.InviteeID} {
		if author == "" {
			continue
		}
		r, err := st.Reflection(ctx, id, author, viewer)
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
		return userError(models.ENOTFOUND, "error.no_reflection_yet", nil)
	}
	v := reflectionReadView(b.langOfMember(ctx, viewer), o, rs, b.ladder(ctx, st), viewer.Location(b.zone(ctx, st)))
	if cb.View.Type != slack.VTModal {
		return b.openModal(ctx, cb.TriggerID, v)
	}
	_, err = b.api(ctx).PushViewContext(ctx, cb.TriggerID, v)
	b.metrics.slackCall("views.push", err)
	return err
}

// cmdForget asks a coordinator to confirm deleting everything about someone
// in Slack; someone outside Slack may also be forgotten by the organizer
// who named them (forgetPerson).
func (b *Bot) cmdForget(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if len(c.Names) == 1 && len(c.Users)+len(c.Bare) == 0 {
		return b.forgetPerson(ctx, models.UserID(cmd.UserID), c.Names[0])
	}
	if _, _, err := b.coordinator(ctx, cmd.UserID); err != nil {
		return nil, err
	}
	if len(c.Users) != 1 || len(c.Names)+len(c.Bare) > 0 {
		return nil, userError(models.EINVALID, "forget.usage", map[string]any{"Command": b.command})
	}
	return forgetConfirm(b.langOf(ctx, models.UserID(cmd.UserID)), c.Users[0], b.command), nil
}

// actForget carries out a confirmed deletion request.
func (b *Bot) actForget(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	if _, _, err := b.coordinator(ctx, cb.User.ID); err != nil {
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
	b.tell(ctx, cb, catalog.N(b.langOf(ctx, models.UserID(cb.User.ID)), "forget.done", n, map[string]any{"Person": mention(string(id))}))
	return nil
}

// forgetPerson asks to confirm forgetting someone outside Slack: the
// organizer's own contact of that name, or, for a coordinator, everyone's.
func (b *Bot) forgetPerson(ctx context.Context, me models.UserID, name string) (*reply, error) {
	m, st, err := b.acting(ctx, me)
	if err != nil {
		return nil, err
	}
	people, err := st.PeopleNamed(ctx, m, name)
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		id := "forget.unknown_outside_mine"
		if m.IsCoordinator() {
			id = "forget.unknown_outside_any"
		}
		return nil, userError(models.ENOTFOUND, id, map[string]any{"Name": esc(truncate(name, 80)), "Command": b.command})
	}
	return forgetPersonConfirm(b.langOf(ctx, me), people, me), nil
}

// actForgetPerson carries out a confirmed deletion of someone outside
// Slack; the store forgets only the contacts the person clicking may.
func (b *Bot) actForgetPerson(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.acting(ctx, models.UserID(cb.User.ID))
	if err != nil {
		return err
	}
	var ids []models.PersonID
	for _, s := range strings.Split(act.Value, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return errStale
		}
		ids = append(ids, models.PersonID(id))
	}
	gone, n, err := st.ForgetPeople(ctx, m, ids)
	if err != nil {
		return err
	}
	var owners []models.UserID
	for _, p := range gone {
		owners = append(owners, p.OwnerID)
	}
	b.refreshHome(ctx, owners...)
	b.log.Info("person outside Slack forgotten", "by", cb.User.ID, "rows", n)
	b.tell(ctx, cb, catalog.N(b.langOfMember(ctx, m), "forget.done_outside", n, map[string]any{"Name": esc(gone[0].Name)}))
	return nil
}

// cmdExport sends a coordinator a CSV of one-to-ones and reflections by DM.
func (b *Bot) cmdExport(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, st, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	b.background(ctx, "export", func(ctx context.Context) {
		if err := b.export(ctx, st, m); err != nil {
			if _, derr := b.dmAnswer(ctx, m.ID, b.fail(ctx, "export", string(m.ID), err), nil); derr != nil {
				b.log.Warn("could not report failed export", "user", m.ID, "err", derr)
			}
		}
	})
	return textReply("%s", catalog.T(b.langOfMember(ctx, m), "export.preparing", nil)), nil
}

func (b *Bot) export(ctx context.Context, st *models.Store, m *models.Member) error {
	var buf bytes.Buffer
	if err := st.ExportCSV(ctx, &buf, m); err != nil {
		return err
	}
	ch, err := b.dmChannel(ctx, m.ID)
	if err != nil {
		return err
	}
	name := "onetoone-export-" + b.now().Format("2006-01-02") + ".csv"
	_, err = b.api(ctx).UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: &buf, FileSize: buf.Len(), Filename: name, Title: name, Channel: ch,
		InitialComment: catalog.T(b.langOfMember(ctx, m), "export.comment", nil),
	})
	b.metrics.slackCall("files.upload", err)
	if err != nil {
		return err
	}
	return b.exportRoster(ctx, st, m, ch)
}

// exportRoster sends a coordinator the group's roster, with the columns an
// import reads, beside the one-to-ones' export; nothing while the roster
// is empty.
func (b *Bot) exportRoster(ctx context.Context, st *models.Store, m *models.Member, ch string) error {
	var buf bytes.Buffer
	if err := st.ExportRosterCSV(ctx, &buf, m); err != nil {
		return err
	}
	if bytes.Count(buf.Bytes(), []byte("\n")) < 2 { // the header alone
		return nil
	}
	name := "onetoone-roster-" + b.now().Format("2006-01-02") + ".csv"
	_, err := b.api(ctx).UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: &buf, FileSize: buf.Len(), Filename: name, Title: name, Channel: ch,
		InitialComment: catalog.T(b.langOfMember(ctx, m), "roster.import.export_comment", nil),
	})
	b.metrics.slackCall("files.upload", err)
	return err
}
