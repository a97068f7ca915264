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
// one-to-one answers as stale.
func (b *Bot) oneToOneOf(ctx context.Context, raw string, actor string) (*models.OneToOne, error) {
	id, err := models.ParseOneToOneID(raw)
	if err != nil {
		return nil, errStale
	}
	o, err := b.store.OneToOne(ctx, id)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, errStale
	}
	if err != nil {
		return nil, err
	}
	if !o.Involves(models.UserID(actor)) {
		return nil, errStale
	}
	return o, nil
}

var errStale = userError(models.ECONFLICT, "error.stale", nil)
