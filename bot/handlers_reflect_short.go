package bot

import (
	"context"
	"encoding/json"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// reflectForm is how a reflection modal opens in st's group, in l: the
// group's ladder and issue tags, and the guide's full list of questions
// when existing, the author's saved reflection, answers one that the
// short reflection doesn't ask, so editing it loses nothing.
func (b *Bot) reflectForm(ctx context.Context, st *models.Store, l catalog.Lang, existing *models.Reflection) reflectForm {
	f := reflectForm{Ladder: b.ladderIn(ctx, st, l), Full: existing != nil && existing.IsLong()}
	if set, err := b.settings(ctx, st); err == nil {
		f.Tags = set.IssueTags
	}
	return f
}

// actReflectMore opens the guide's full list of questions in the
// reflection modal it was pressed in, with everything typed and picked so
// far kept. The view's hash makes Slack refuse the update if the modal
// changed meanwhile (a second click, a submission), rather than lose what
// was typed since.
func (b *Bot) actReflectMore(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	var t reflectTarget
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &t); err != nil {
		return errStale
	}
	var st *models.Store
	var err error
	if t.ID != 0 {
		_, st, err = b.oneToOneOf(ctx, t.ID.String(), cb.User.ID)
	} else {
		st, err = b.groupStore(ctx, me)
	}
	if err != nil {
		return err
	}
	// A date that can't be read is left out here; saving says so.
	draft, _ := reflectionFromState(cb, me)
	l := b.langOf(ctx, me)
	f := b.reflectForm(ctx, st, l, nil)
	f.Full = true
	f.MetOn = stateOf(cb, "met_on").SelectedDate
	f.Leads = stateOf(cb, "people").SelectedUsers
	v := reflectModal(l, t, draft, f, b.now(), b.location(ctx, st, me))
	_, err = b.api(ctx).UpdateViewContext(ctx, v, "", cb.View.Hash, cb.View.ID)
	b.metrics.slackCall("views.update", err)
	return err
}
