package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The roster in Slack: coordinators add and change people of the group's
// roster (the person modal), and paste a small CSV (handlers_roster_import.go).
// Who may is models' rule (MayEditRoster); the bot checks it first only to
// refuse kindly before a modal opens.

// rosterEditor returns the member acting and the store of the group they
// act in when they may change its roster, else a kind refusal: only the
// group's coordinators may.
func (b *Bot) rosterEditor(ctx context.Context, user string) (*models.Member, *models.Store, error) {
	m, st, err := b.acting(ctx, models.UserID(user))
	if err != nil {
		return nil, nil, err
	}
	if !models.MayEditRoster(m) {
		return nil, nil, userError(models.EUNAUTHORIZED, "roster.person.err_coordinators_only", nil)
	}
	return m, st, nil
}

// cmdRoster answers `/one-to-one roster [add|import]`: the person modal to
// add someone, or the paste-CSV import, for a coordinator.
func (b *Bot) cmdRoster(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if len(c.Words) > 0 && commandName(c.Words[0]) == cmdImport {
		return b.cmdImport(ctx, cmd, c)
	}
	m, st, err := b.rosterEditor(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	fields, err := b.rosterFieldsOf(ctx, l, st)
	if err != nil {
		return nil, err
	}
	return modalReply(personModal(l, models.Person{}, fields)), nil
}

// rosterPersonID reads a person's id from a button's value or a modal's
// metadata: 0 for someone new (""), false for anything else.
func rosterPersonID(s string) (models.PersonID, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return models.PersonID(n), true
}

// actPersonEdit opens the person modal (on top of the modal the click came
// from, if any): empty for someone new, filled with what the roster holds
// for a person of the group, notes included.
func (b *Bot) actPersonEdit(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	id, ok := rosterPersonID(act.Value)
	if !ok {
		return errStale
	}
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	p := &models.Person{}
	if id != 0 {
		if p, _, err = st.RosterPerson(ctx, m, id); err != nil {
			if models.ErrorCode(err) == models.ENOTFOUND {
				return errStale
			}
			return err
		}
	}
	l := b.langOfMember(ctx, m)
	fields, err := b.rosterFieldsOf(ctx, l, st)
	if err != nil {
		return err
	}
	return b.openOrPush(ctx, cb, personModal(l, *p, fields))
}

// openOrPush shows v on top of the modal a click came from, or opens it
// when the click came from a message or Home.
func (b *Bot) openOrPush(ctx context.Context, cb *slack.InteractionCallback, v slack.ModalViewRequest) error {
	if cb.View.Type != slack.VTModal {
		return b.openModal(ctx, cb.TriggerID, v)
	}
	_, err := b.api(ctx).PushViewContext(ctx, cb.TriggerID, v)
	b.metrics.slackCall("views.push", err)
	return err
}

// submitPerson saves the person modal: a new person of the roster, or the
// changes to one. What cannot be saved (no name, an address that is not
// one, someone already on the roster, a Slack account linked to someone
// else) is said beside its field, and the modal keeps what was typed.
func (b *Bot) submitPerson(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := rosterPersonID(cb.View.PrivateMetadata)
	if !ok {
		return nil, errStale
	}
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	p := models.Person{
		ID:         id,
		Name:       stateOf(cb, models.PersonFieldName).Value,
		Email:      stateOf(cb, models.PersonFieldEmail).Value,
		Phone:      stateOf(cb, models.PersonFieldPhone).Value,
		Site:       stateOf(cb, models.PersonFieldSite).Value,
		Department: stateOf(cb, models.PersonFieldDepartment).Value,
		Shift:      stateOf(cb, models.PersonFieldShift).Value,
		Notes:      stateOf(cb, models.PersonFieldNotes).Value,
	}
	if u := stateOf(cb, models.PersonFieldSlack).SelectedUser; u != "" && len(stateOf(cb, fieldPersonUnlink).SelectedOptions) == 0 {
		ids, bad, err := b.people(ctx, []string{u})
		switch {
		case err != nil:
			return nil, &models.FieldError{Field: models.PersonFieldSlack, Err: asError(err)}
		case bad:
			return slack.NewErrorsViewSubmissionResponse(map[string]string{models.PersonFieldSlack: catalog.T(l, "roster.link.err_bot", nil)}), nil
		}
		p.SlackID = ids[0]
	}
	if id == 0 {
		err = st.AddPerson(ctx, m, &p)
	} else {
		err = st.UpdatePerson(ctx, m, &p)
	}
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, errStale
	}
	if err != nil {
		return nil, err
	}
	b.log.Info("roster person saved", "user", m.ID, "person", p.ID, "added", id == 0, "linked", p.SlackID != "")
	return slack.NewUpdateViewSubmissionResponse(ptr(personSavedView(l, p, id == 0))), nil
}

// linkByEmail links the member u, whose Slack profile gives email, to the
// roster person of that address in each group of the workspace that has
// exactly one and none linked yet (models.Store.LinkByEmail). The address
// is read from Slack each time and kept nowhere: the bot stores no
// member's email. Failing to link is logged, never in the way.
func (b *Bot) linkByEmail(ctx context.Context, u models.UserID, email string) {
	if strings.TrimSpace(email) == "" {
		return
	}
	n, err := b.store.LinkByEmail(ctx, b.teamFor(ctx), u, email)
	if err != nil {
		b.log.Warn("could not link a member to the roster by email", "user", u, "err", err)
		return
	}
	if n > 0 {
		b.log.Info("member linked to the roster by email", "user", u, "people", n)
	}
}
