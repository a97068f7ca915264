package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
)

// askInOwnWords answers a request that names the person but says nothing
// more: the guide warns against impersonal outreach, so instead of a bare
// invitation the request modal opens with the person chosen and the
// guide's sample invitation to make their own. A request already open
// between the two is pointed out instead, as a typed one would be.
func (b *Bot) askInOwnWords(ctx context.Context, requester, invitee models.UserID) (*reply, error) {
	st, err := b.groupStore(ctx, requester)
	if err != nil {
		return nil, err
	}
	if early, err := b.alreadyOpen(ctx, st, requester, invitee); early != nil || err != nil {
		return early, err
	}
	return modalReply(requestModal(b.langOf(ctx, requester), string(invitee))), nil
}
