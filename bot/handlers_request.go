package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdRequest asks someone for a one-to-one, or opens the invitation form
// when no one is named or nothing is said.
func (b *Bot) cmdRequest(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if len(c.Users) == 0 && len(c.Bare) == 0 && len(c.Names) == 0 {
		return modalReply(requestModal(b.langOf(ctx, models.UserID(cmd.UserID)), "")), nil
	}
	if len(c.Names) > 0 {
		return b.planOutside(ctx, cmd, c)
	}
	requester := models.UserID(cmd.UserID)
	target, err := b.requestTarget(ctx, requester, c.Users, c.Bare)
	if err != nil {
		return nil, err
	}
	if c.Rest == "" {
		return b.askInOwnWords(ctx, requester, target.ID)
	}
	st, err := b.groupStore(ctx, requester)
	if err != nil {
		return nil, err
	}
	o, early, err := b.createRequest(ctx, st, requester, target.ID, c.Rest)
	if early != nil || err != nil {
		return early, err
	}
	if err := b.deliverRequest(ctx, o); err != nil {
		return nil, err
	}
	return requestSentReply(b.langOf(ctx, requester), o), nil
}

// requestTarget checks the person a request is for: someone personTarget
// accepts whom the bot may contact (MayContact), asked by someone it may
// tell how the request goes.
func (b *Bot) requestTarget(ctx context.Context, requester models.UserID, users []models.UserID, bare []string) (*models.Member, error) {
	b.enrol(ctx, requester)
	if err := b.store.MayContact(ctx, requester); err != nil {
		if errors.Is(err, models.ErrNoContact) {
			// The answer would be news they asked not to get.
			return nil, userError(models.EINVALID, "error.opted_out_self", map[string]any{"Command": b.command})
		}
		return nil, err
	}
	m, err := b.personTarget(ctx, requester, users, bare)
	if err != nil {
		return nil, err
	}
	if err := b.store.MayContact(ctx, m.ID); err != nil {
		if errors.Is(err, models.ErrNoContact) {
			return nil, noRequests(m.ID, err)
		}
		return nil, err
	}
	return m, nil
}

// personTarget checks the one Slack member a command is about: a real,
// active human who is not the person typing.
func (b *Bot) personTarget(ctx context.Context, requester models.UserID, users []models.UserID, bare []string) (*models.Member, error) {
	switch {
	case len(users)+len(bare) > 1:
		return nil, userError(models.EINVALID, "error.one_at_a_time_request", nil)
	case len(users) == 0:
		return nil, userError(models.EINVALID, "error.bare_name", map[string]any{"Name": esc(truncate(bare[0], 40))})
	case users[0] == requester:
		return nil, userError(models.EINVALID, "error.self_request", map[string]any{"Command": b.command})
	}
	m, err := b.member(ctx, users[0])
	if err != nil {
		return nil, err
	}
	switch {
	case m.IsBot:
		return nil, userError(models.EINVALID, "error.is_bot", personData(mention(string(m.ID))))
	case m.Deleted:
		return nil, userError(models.EINVALID, "error.deactivated", personData(mention(string(m.ID))))
	}
	return m, nil
}

// createRequest stores a new request, with its invitation and the
// requester's copy in the outbox, unless one is already open between the
// two in st's group; then early is the reply that says so, and nothing is
// stored.
func (b *Bot) createRequest(ctx context.Context, st *models.Store, requester, invitee models.UserID, message string) (o *models.OneToOne, early *reply, err error) {
	if early, err = b.alreadyOpen(ctx, st, requester, invitee); early != nil || err != nil {
		return nil, early, err
	}
	o, err = models.NewRequest(requester, invitee, message, b.now())
	if err != nil {
		return nil, nil, err
	}
	if err := st.CreateOneToOne(ctx, o, invitation(o), requesterCopy(o)); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			// Another click or replica won the race; answer as if it
			// had been there first.
			if early, err2 := b.alreadyOpen(ctx, st, requester, invitee); early != nil || err2 != nil {
				return nil, early, err2
			}
		}
		return nil, nil, err
	}
	return o, nil, nil
}

func (b *Bot) alreadyOpen(ctx context.Context, st *models.Store, requester, invitee models.UserID) (*reply, error) {
	open, err := st.OpenBetween(ctx, requester, invitee)
	if err != nil {
		return nil, err
	}
	if open != nil {
		return pendingReply(b.langOf(ctx, requester), open, b.location(ctx, st, requester)), nil
	}
	rev, err := st.OpenBetween(ctx, invitee, requester)
	if err != nil {
		return nil, err
	}
	if rev != nil {
		return reverseReply(b.langOf(ctx, requester), rev, b.location(ctx, st, requester)), nil
	}
	return nil, nil
}

// invitation and requesterCopy are the notes a new request stores with it.
func invitation(o *models.OneToOne) models.Note {
	return models.Note{Kind: models.KindInvitation, To: o.InviteeID, By: o.RequesterID}
}

func requesterCopy(o *models.OneToOne) models.Note {
	return models.Note{Kind: models.KindRequestCopy, To: o.RequesterID, By: o.RequesterID}
}

// deliverRequest sends the invitation and then the requester's copy, both
// stored with the request. If the invitation cannot be delivered the request
// is withdrawn, so nobody waits on a message that never arrived; its copy,
// overtaken, is never sent. A crash meanwhile leaves both in the outbox,
// for the outbox job to send.
func (b *Bot) deliverRequest(ctx context.Context, o *models.OneToOne) error {
	if err := b.follow(ctx, o, invitation(o))[0]; err != nil {
		b.log.Warn("invitation not delivered", "one_to_one", o.ID, "err", err)
		if _, cerr := b.storeOf(o).UpdateOneToOne(ctx, o.ID, func(o *models.OneToOne) error { return o.Cancel(o.RequesterID, "", b.now()) }); cerr != nil {
			b.log.Error("could not withdraw undelivered request", "one_to_one", o.ID, "err", cerr)
		}
		if errors.Is(err, models.ErrNoContact) {
			return noRequests(o.InviteeID, err) // they opted out a moment ago
		}
		undelivered := userError(models.EUNAVAILABLE, "error.undelivered_invitation", personData(mention(string(o.InviteeID))))
		undelivered.Err = err
		return undelivered
	}
	if err := b.follow(ctx, o, requesterCopy(o))[0]; err != nil {
		b.log.Warn("requester copy not delivered", "one_to_one", o.ID, "err", err)
	}
	b.refreshHome(ctx, o.RequesterID, o.InviteeID)
	return nil
}

// submitRequest sends the invitation written in the request modal.
func (b *Bot) submitRequest(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	requester := models.UserID(cb.User.ID)
	who := models.UserID(stateOf(cb, "who").SelectedUser)
	var users []models.UserID
	if who != "" {
		users = append(users, who)
	}
	target, err := b.requestTarget(ctx, requester, users, nil)
	if errors.Is(err, models.ErrNoContact) {
		// Modal errors are plain text: no mentions there.
		return nil, &models.FieldError{Field: "who", Err: userError(models.EINVALID, "consent.no_requests_plain", nil)}
	}
	if err != nil {
		return nil, &models.FieldError{Field: "who", Err: asError(err)}
	}
	// The invitation is the requester's words: what the form adds to it
	// is in their language too.
	l := b.langOf(ctx, requester)
	message := strings.TrimSpace(stateOf(cb, "message").Value)
	if times := strings.TrimSpace(stateOf(cb, "times").Value); times != "" {
		message += "\n\n" + catalog.T(l, "invite.times_suffix", map[string]any{"Times": times})
		if len([]rune(message)) > models.MaxMessageLen {
			return nil, &models.FieldError{Field: "times", Err: userError(models.EINVALID, "error.invitation_too_long", nil)}
		}
	}
	st, err := b.groupStore(ctx, requester)
	if err != nil {
		return nil, err
	}
	o, early, err := b.createRequest(ctx, st, requester, target.ID, message)
	if err != nil {
		return nil, err
	}
	if early != nil {
		// Modal errors are plain text: no mentions or dates there.
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"who": catalog.T(l, "error.already_open", map[string]any{"Command": b.command})}), nil
	}
	b.background(ctx, "deliver-request", func(ctx context.Context) {
		if err := b.deliverRequest(ctx, o); err != nil {
			if _, derr := b.dmAnswer(ctx, requester, models.ErrorMessage(err), nil); derr != nil {
				b.log.Warn("could not report failed delivery", "user", requester, "err", derr)
			}
		}
	})
	return nil, nil
}
