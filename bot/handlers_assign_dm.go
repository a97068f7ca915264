package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// parsePersonID reads a person id as buttons carry it (decimal).
func parsePersonID(s string) (models.PersonID, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, userError(models.EINVALID, "assign.err_stale", nil)
	}
	return models.PersonID(n), nil
}

// personStore returns the store of the group person id belongs to, and
// the person, for a click about them: it acts in the person's group,
// whichever group the organizer chose, and only in the workspace the click
// came from.
func (b *Bot) personStore(ctx context.Context, raw string) (*models.Store, *models.Person, error) {
	id, err := parsePersonID(raw)
	if err != nil {
		return nil, nil, err
	}
	g, err := b.store.GroupOfPerson(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if g.TeamID != b.teamFor(ctx) {
		return nil, nil, userError(models.ENOTFOUND, "assign.err_no_person", nil)
	}
	st := b.store.In(g.ID)
	p, err := st.RosterEntry(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return st, p, nil
}

// actAssignAsk opens the way to ask an assigned person for a one-to-one:
// the request modal for someone in Slack, else the schedule modal for a
// first one-to-one with someone outside it.
func (b *Bot) actAssignAsk(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	st, p, err := b.personStore(ctx, act.Value)
	if err != nil {
		return err
	}
	l := b.langOf(ctx, me)
	if p.SlackID != "" {
		return b.openModal(ctx, cb.TriggerID, requestModal(l, string(p.SlackID)))
	}
	return b.openModal(ctx, cb.TriggerID, plannedModal(l, me, plannedMeeting{Person: p.Name}, b.now(), b.location(ctx, st, me)))
}

// actAssignLog opens the log-a-one-to-one modal with the assigned person
// filled in.
func (b *Bot) actAssignLog(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	st, p, err := b.personStore(ctx, act.Value)
	if err != nil {
		return err
	}
	t := reflectTarget{Person: p.Name}
	if p.SlackID != "" {
		t = reflectTarget{Invitee: string(p.SlackID)}
	}
	if err := b.logOpen(ctx, st, me, &t); err != nil {
		return err
	}
	l := b.langOf(ctx, me)
	return b.openModal(ctx, cb.TriggerID, reflectModal(l, t, nil, b.reflectForm(ctx, st, l, nil), b.now(), b.location(ctx, st, me)))
}

// actAssignBack hands the person back to the coordinators (the button
// asked to confirm), and says so in the DM.
func (b *Bot) actAssignBack(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	st, p, err := b.personStore(ctx, act.Value)
	if err != nil {
		return err
	}
	if err := st.HandBack(ctx, me, p.ID); err != nil {
		return err
	}
	l := b.langOf(ctx, me)
	b.retireAssigned(ctx, cb, p.ID, catalog.T(l, "assign.handed_back", map[string]any{"Name": esc(p.Name)}))
	b.background(ctx, "assign-back-home", func(ctx context.Context) { b.refreshHome(ctx, me) })
	return nil
}

// actAssignMore answers the DM's menus: Hand on… opens its modal; in a DM
// about several people, each one's Ask, Log and Hand back too.
func (b *Bot) actAssignMore(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	what, id, _ := strings.Cut(act.SelectedOption.Value, ":")
	a := *act
	a.Value = id
	switch what {
	case "ask":
		return b.actAssignAsk(ctx, cb, &a)
	case "log":
		return b.actAssignLog(ctx, cb, &a)
	case "back":
		return b.actAssignBack(ctx, cb, &a)
	case "on":
		_, p, err := b.personStore(ctx, id)
		if err != nil {
			return err
		}
		l := b.langOf(ctx, models.UserID(cb.User.ID))
		return b.openModal(ctx, cb.TriggerID, handOnModal(l, *p, handOnMeta(l, cb, p)))
	}
	return userError(models.EINVALID, "assign.err_stale", nil)
}

// submitHandOn passes the person on to the organizer chosen, with the
// note; the new organizer gets their DM, and the old one's says so.
func (b *Bot) submitHandOn(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	me := models.UserID(cb.User.ID)
	parts := strings.SplitN(cb.View.PrivateMetadata, "\n", 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	st, p, err := b.personStore(ctx, parts[0])
	if err != nil {
		return nil, err
	}
	to := models.UserID(stateOf(cb, "to").SelectedUser)
	if to == "" {
		return nil, &models.FieldError{Field: "to", Err: userError(models.EINVALID, "assign.err_no_organizer", nil)}
	}
	if _, err := b.member(ctx, to); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	got, err := st.HandOn(ctx, me, p.ID, to, stateOf(cb, "note").Value)
	if err != nil {
		return nil, fieldError("to", err)
	}
	b.sendAssigned(ctx, got)
	l := b.langOf(ctx, me)
	done := catalog.T(l, "assign.handed_on", map[string]any{"Name": esc(p.Name), "Organizer": mention(string(to))})
	channel, ts, blocks := parts[1], parts[2], decodeBlocks(parts[3])
	b.background(ctx, "assign-on", func(ctx context.Context) {
		if _, err := b.dmAnswer(ctx, me, done, nil); err != nil {
			b.log.Warn("could not tell the organizer", "user", me, "err", err)
		}
		if len(blocks) > 0 {
			b.update(ctx, channel, ts, stripMarkup(done), blocks)
		}
		b.refreshHome(ctx, me)
	})
	return nil, nil
}

// handOnMeta is the Hand on modal's private_metadata: the person, and the
// DM the click came from with its blocks as they will read once the person
// went on, when they fit (private_metadata holds 3000 characters), so
// saving the modal can update it.
func handOnMeta(l catalog.Lang, cb *slack.InteractionCallback, p *models.Person) string {
	meta := []string{strconv.FormatInt(int64(p.ID), 10), cb.Container.ChannelID, cb.Container.MessageTs, ""}
	if len(cb.Message.Blocks.BlockSet) > 0 {
		retired := assignDoneBlocks(cb.Message.Blocks.BlockSet, p.ID, catalog.T(l, "assign.handed_on_short", map[string]any{"Name": esc(p.Name)}))
		if raw, err := json.Marshal(slack.Blocks{BlockSet: retired}); err == nil && len(raw)+len(meta[1])+len(meta[2])+30 < 3000 {
			meta[3] = string(raw)
		}
	}
	return strings.Join(meta, "\n")
}

func decodeBlocks(raw string) []slack.Block {
	if raw == "" {
		return nil
	}
	var bs slack.Blocks
	if err := json.Unmarshal([]byte(raw), &bs); err != nil {
		return nil
	}
	return bs.BlockSet
}

// retireAssigned updates the DM the click came from: what it said about
// the person becomes done.
func (b *Bot) retireAssigned(ctx context.Context, cb *slack.InteractionCallback, person models.PersonID, done string) {
	channel, ts := cb.Container.ChannelID, cb.Container.MessageTs
	if channel == "" || ts == "" || len(cb.Message.Blocks.BlockSet) == 0 {
		return
	}
	b.update(ctx, channel, ts, cb.Message.Text, assignDoneBlocks(cb.Message.Blocks.BlockSet, person, done))
}

// composeAssignment renders the DM about an assignment action, with the
// people still assigned to the recipient by it; none left, it is skipped.
func (n *Notifier) composeAssignment(ctx context.Context, d models.Delivery) (*outgoing, error) {
	st := n.b.store.In(d.GroupID)
	aps, err := st.AssignmentsByID(ctx, d.AssignmentIDs())
	if err != nil {
		return nil, err
	}
	to := models.UserID(d.Recipient)
	var open []models.AssignedPerson
	for _, ap := range aps {
		if ap.Open() && ap.OrganizerID == to {
			open = append(open, ap)
		}
	}
	if len(open) == 0 {
		return nil, skip("nobody of this assignment is still with %s", to)
	}
	if err := n.reachable(ctx, to); err != nil {
		return nil, err
	}
	settings, err := n.b.settings(ctx, st)
	if err != nil {
		return nil, err
	}
	l := n.b.langOf(ctx, to)
	first := open[0].Assignment
	dm := assignDM{By: first.AssignedBy, Note: first.Note, People: open, Fields: rosterFields(l, settings), Command: n.b.command}
	dm.HandedOn = len(aps) == 1 && n.handedOn(ctx, st, first)
	text, blocks := assignmentView(l, dm)
	return &outgoing{to: to, text: text, blocks: blocks}, nil
}

// handedOn reports whether a was an organizer passing the person on: the
// person's previous assignment, with a's assigner, ended as handed on.
func (n *Notifier) handedOn(ctx context.Context, st *models.Store, a models.Assignment) bool {
	story, err := st.PersonAssignments(ctx, a.PersonID)
	if err != nil {
		return false
	}
	for i := range story {
		if story[i].ID == a.ID && i > 0 {
			prev := story[i-1]
			return prev.OrganizerID == a.AssignedBy && prev.EndReason == models.AssignmentHandedOn
		}
	}
	return false
}
