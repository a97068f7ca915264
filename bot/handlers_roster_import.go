package bot

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The paste-CSV import: a coordinator pastes a small list, sees what
// importing it would do (a dry run of models.Store.ImportRoster), and
// imports it. The pasted text travels with the modal until it is imported,
// so nothing is lost on the way: going back, or an import that failed,
// shows it again.

// cmdImport answers `/one-to-one import`: the paste modal, for a
// coordinator.
func (b *Bot) cmdImport(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, st, err := b.rosterEditor(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	v, err := b.rosterPaste(ctx, b.langOfMember(ctx, m), st, "", "")
	if err != nil {
		return nil, err
	}
	return modalReply(v), nil
}

// actRosterImportOpen opens the paste modal from a button.
func (b *Bot) actRosterImportOpen(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v, err := b.rosterPaste(ctx, b.langOfMember(ctx, m), st, "", "")
	if err != nil {
		return err
	}
	return b.openOrPush(ctx, cb, v)
}

// rosterFieldsOf names the roster fields as st's group does, in l.
func (b *Bot) rosterFieldsOf(ctx context.Context, l catalog.Lang, st *models.Store) ([models.RosterFieldCount]string, error) {
	set, err := b.settings(ctx, st)
	if err != nil {
		return [models.RosterFieldCount]string{}, err
	}
	return rosterFields(l, set), nil
}

// rosterPaste is the paste modal for st's group, in l: the headers it
// names for the roster fields are the ones the import reads, the group's
// own names or else the English ones (models.ImportRoster), whatever l.
func (b *Bot) rosterPaste(ctx context.Context, l catalog.Lang, st *models.Store, csv, problem string) (slack.ModalViewRequest, error) {
	headers, err := b.rosterFieldsOf(ctx, catalog.English, st)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return rosterPasteModal(l, headers, csv, problem), nil
}

// submitRosterPaste previews the pasted list: a dry run, whose report
// replaces the paste modal. Text over the limit, or that can't be read as
// a list of people, is said beside the box, which keeps it.
func (b *Bot) submitRosterPaste(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	csv := stateOf(cb, fieldRosterCSV).Value
	fail := func(id string, data map[string]any) (*slack.ViewSubmissionResponse, error) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldRosterCSV: catalog.T(l, id, data)}), nil
	}
	if n := utf8.RuneCountInString(csv); n > maxPastedCSV {
		return fail("roster.paste.err_too_long", map[string]any{"Length": n, "Max": maxPastedCSV})
	}
	rep, err := st.ImportRoster(ctx, m, strings.NewReader(csv), models.ImportOptions{DryRun: true})
	if err != nil {
		return nil, &models.FieldError{Field: fieldRosterCSV, Err: asError(err)}
	}
	if rep.Rows() == 0 {
		return fail("roster.paste.err_no_rows", nil)
	}
	fields, err := b.rosterFieldsOf(ctx, l, st)
	if err != nil {
		return nil, err
	}
	return slack.NewUpdateViewSubmissionResponse(ptr(rosterPreviewModal(l, fields, rep, csv))), nil
}

// submitRosterImport imports the list the preview showed. Its report
// replaces the preview; an import that failed (nothing is stored then)
// goes back to the paste modal with the list and the reason.
func (b *Bot) submitRosterImport(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	fields, err := b.rosterFieldsOf(ctx, l, st)
	if err != nil {
		return nil, err
	}
	csv := cb.View.PrivateMetadata
	rep, err := st.ImportRoster(ctx, m, strings.NewReader(csv), models.ImportOptions{})
	if err != nil {
		problem := b.fail(ctx, "view:"+viewRosterImport, cb.User.ID, err)
		v, err := b.rosterPaste(ctx, l, st, csv, esc(problem))
		if err != nil {
			return nil, err
		}
		return slack.NewUpdateViewSubmissionResponse(&v), nil
	}
	b.log.Info("roster imported from Slack", "user", m.ID, "added", len(rep.Added), "merged", len(rep.Merged), "skipped", len(rep.Skipped))
	return slack.NewUpdateViewSubmissionResponse(ptr(rosterImportedModal(l, fields, rep))), nil
}

// actRosterPasteBack goes from the preview back to the paste modal, the
// list as it was pasted.
func (b *Bot) actRosterPasteBack(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.rosterEditor(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v, err := b.rosterPaste(ctx, b.langOfMember(ctx, m), st, cb.View.PrivateMetadata, "")
	if err != nil {
		return err
	}
	_, err = b.api(ctx).UpdateViewContext(ctx, v, "", cb.View.Hash, cb.View.ID)
	b.metrics.slackCall("views.update", err)
	return err
}
