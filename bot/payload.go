package bot

import (
	"context"
	"errors"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Reading what a button or a modal sent: a modal's inputs, the one-to-one
// a button is about, and the error a modal's field shows.

// asError keeps a domain error as is and hides anything else behind
// ErrorMessage's apology.
func asError(err error) *models.Error {
	var e *models.Error
	if errors.As(err, &e) {
		return e
	}
	return &models.Error{Code: models.EINTERNAL, Err: err}
}

// stateOf reads one input of a submitted modal; block and action ids are
// the same in every view we build.
func stateOf(cb *slack.InteractionCallback, id string) slack.BlockAction {
	if cb.View.State == nil {
		return slack.BlockAction{}
	}
	if a, ok := cb.View.State.Values[id][id]; ok {
		return a
	}
	return slack.BlockAction{}
}

// oneToOneOf reads the one-to-one a button or modal is about, and checks the
// person acting is one of the two. A button from a deleted or foreign
// one-to-one answers as stale. It returns the store scoped to the
// one-to-one's group, which whatever follows acts in, whichever group the
// person acting chose.
func (b *Bot) oneToOneOf(ctx context.Context, raw string, actor string) (*models.OneToOne, *models.Store, error) {
	id, err := models.ParseOneToOneID(raw)
	if err != nil {
		return nil, nil, errStale
	}
	st, _, err := b.oneToOneStore(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	o, err := st.OneToOne(ctx, id)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil, errStale
	}
	if err != nil {
		return nil, nil, err
	}
	if !o.Involves(models.UserID(actor)) {
		return nil, nil, errStale
	}
	return o, st, nil
}

// storeOf is the store scoped to o's group, for work that follows a change
// to o (o was read by a scoped store, so its GroupID is its group's).
func (b *Bot) storeOf(o *models.OneToOne) *models.Store { return b.store.In(o.GroupID) }

var errStale = userError(models.ECONFLICT, "error.stale", nil)
