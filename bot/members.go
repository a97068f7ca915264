package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// member returns what the bot knows of a Slack user, refreshing the profile
// from users.info when it is older than the profile TTL. Slack's answer is
// cached in the database so timezones survive restarts and replicas share
// them (docs/slack.md: cache profiles rather than call users.info per message).
//
// It is for people's own requests: users.info is called at once, spent in
// the budget (promptly), and someone the database does not hold is stored,
// the person acting or someone they name; work done on nobody's behalf uses
// peekMember. Someone forgotten at their request is not stored again until
// they opt in (Store.SaveMember): they get Slack's answer, unsaved.
func (b *Bot) member(ctx context.Context, id models.UserID) (*models.Member, error) {
	return b.lookupMember(ctx, id, b.promptly, b.store.SaveMember)
}

// peekMember is member for work done on nobody's behalf right now (a Home
// refresh after a command, the scheduler's sends) with users.info paced by
// via. It refreshes a stored profile but never stores someone new: the
// person may have been forgotten since the work began, and only their own
// use of the bot brings them back (Store.RefreshMember). Someone the
// database does not hold gets Slack's answer, unsaved.
func (b *Bot) peekMember(ctx context.Context, id models.UserID, via pacedCall) (*models.Member, error) {
	return b.lookupMember(ctx, id, via, b.store.RefreshMember)
}

// lookupMember is member and peekMember, saving Slack's answer with save.
func (b *Bot) lookupMember(ctx context.Context, id models.UserID, via pacedCall, save func(context.Context, *models.Member) error) (*models.Member, error) {
	m, err := b.store.Member(ctx, id)
	switch {
	case err == nil && !sameWorkspace(ctx, m):
		// Someone of another workspace the deployment serves: no one here.
		return nil, models.Errorf(models.ENOTFOUND, "I couldn't find that person in this Slack workspace.").Msg("error.not_found_person")
	case err == nil && b.now().Sub(m.ProfileFetchedAt) < b.ttl:
		return m, nil
	case err != nil && models.ErrorCode(err) != models.ENOTFOUND:
		return nil, err
	}
	var u *slack.User
	serr := via(ctx, b.lookupSlots(), func(ctx context.Context) error {
		var err error
		// The locale is the language of their Slack, which langOf
		// follows until they choose one.
		u, err = b.api(ctx).GetUserInfoContext(ctx, string(id), slack.GetUserInfoOptionIncludeLocale(true))
		b.metrics.slackCall("users.info", err)
		return err
	})
	if serr != nil {
		if code := slackErrCode(serr); code == "user_not_found" || code == "user_not_visible" {
			return nil, models.Errorf(models.ENOTFOUND, "I couldn't find that person in this Slack workspace.").Msg("error.not_found_person")
		}
		if m != nil {
			// Slack is unreachable: a stale profile beats no answer.
			return m, nil
		}
		return nil, &models.Error{Code: models.EUNAVAILABLE, Message: "Slack didn't answer just now. Please try again in a moment.", MessageID: "error.slack_unavailable", Err: fmt.Errorf("users.info: %w", serr)}
	}
	fresh := memberFromSlack(u)
	fresh.ProfileFetchedAt = b.now()
	if err := save(ctx, fresh); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	switch m, err := b.store.Member(ctx, id); {
	case err == nil:
		// Their profile's email (users:read.email) links them to the
		// roster person of that address; the email is not kept. Someone
		// not stored (forgotten, or peeked at) is linked to nobody.
		b.linkByEmail(ctx, id, u.Profile.Email)
		return m, nil
	case models.ErrorCode(err) == models.ENOTFOUND:
		// Not stored (peekMember), or forgotten meanwhile.
		return fresh, nil
	default:
		return nil, err
	}
}

// enrol stores the person acting now if the database does not hold them,
// where no lookup of theirs would: asking for a one-to-one, planning one,
// opening the Home tab. Home refreshes used to store them as a side effect;
// work on nobody's behalf stores nobody now (peekMember), so this is where
// they come in; someone forgotten at their request comes back by opting in.
// A stored profile, however old, is left to the lookups that refresh it.
func (b *Bot) enrol(ctx context.Context, me models.UserID) {
	_, err := b.store.Member(ctx, me)
	if models.ErrorCode(err) == models.ENOTFOUND {
		_, err = b.member(ctx, me)
	}
	if err != nil {
		b.log.Warn("could not store the person acting", "user", me, "err", err)
	}
}

// withBootstrap marks the environment's first coordinators as
// coordinators of the workspace's default group, until its coordinators
// save the list in settings: from then on that list alone counts, so
// removing someone there removes them. m was read in st's group
// (Store.WithRole), which is the default group when isDefault.
func (b *Bot) withBootstrap(ctx context.Context, st *models.Store, isDefault bool, m *models.Member) (*models.Member, error) {
	if !isDefault || !slices.Contains(b.firstCoordinators, m.ID) || m.IsCoordinator() {
		return m, nil
	}
	saved, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if saved.FirstCoordinatorsCount() {
		m.Role = models.RoleCoordinator
	}
	return m, nil
}

func memberFromSlack(u *slack.User) *models.Member {
	name := u.Profile.DisplayName
	if name == "" {
		name = u.RealName
	}
	if name == "" {
		name = u.Name
	}
	return &models.Member{
		ID:      models.UserID(u.ID),
		TeamID:  models.TeamID(u.TeamID),
		Name:    name,
		TZ:      u.TZ,
		IsBot:   u.IsBot || u.ID == "USLACKBOT",
		Deleted: u.Deleted,
		IsAdmin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner,
		Locale:  u.Locale,
		Role:    models.RoleMember,
	}
}

// dmChannel returns the bot's DM channel with a user, opening it once per
// process (conversations.open is Tier 3; docs/slack.md asks us to cache it). It
// is for people's own requests: the open is made at once, spent in the
// budget (promptly).
func (b *Bot) dmChannel(ctx context.Context, user models.UserID) (string, error) {
	return b.dmChannelVia(ctx, user, b.promptly)
}

// dmChannelVia is dmChannel with conversations.open paced by via; a cached
// channel costs nothing.
func (b *Bot) dmChannelVia(ctx context.Context, user models.UserID, via pacedCall) (string, error) {
	b.dmMu.Lock()
	ch, ok := b.dms[user]
	b.dmMu.Unlock()
	if ok {
		return ch, nil
	}
	var c *slack.Channel
	err := via(ctx, b.openSlots(), func(ctx context.Context) error {
		var err error
		c, _, _, err = b.api(ctx).OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{string(user)}})
		b.metrics.slackCall("conversations.open", err)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	b.dmMu.Lock()
	b.dms[user] = c.ID
	b.dmMu.Unlock()
	return c.ID, nil
}

// slackErrCode returns Slack's error string ("user_not_found") of a Web API
// error, "ratelimited" for a 429, or "" for other failures.
func slackErrCode(err error) string {
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &se):
		return se.Err
	case errors.As(err, &rl):
		return "ratelimited"
	}
	return ""
}

// location is where a member's clock is, for fallbacks and pickers, for
// the person acting now or someone they name (member); st's group's
// timezone when their profile has none.
func (b *Bot) location(ctx context.Context, st *models.Store, u models.UserID) *time.Location {
	zone := b.zone(ctx, st)
	m, err := b.member(ctx, u)
	if err != nil {
		return zone
	}
	return m.Location(zone)
}

// peekLocation is location for work done after the ack, which may outlive
// a `forget` of u: it stores nothing about u (peekMember).
func (b *Bot) peekLocation(ctx context.Context, st *models.Store, u models.UserID) *time.Location {
	zone := b.zone(ctx, st)
	m, err := b.peekMember(ctx, u, b.promptly)
	if err != nil {
		return zone
	}
	return m.Location(zone)
}

// groupStore returns the store scoped to the group u acts in now: the one
// they chose, else the workspace's default (Store.CurrentGroup).
func (b *Bot) groupStore(ctx context.Context, u models.UserID) (*models.Store, error) {
	g, err := b.store.CurrentGroup(ctx, b.teamFor(ctx), u)
	if err != nil {
		return nil, err
	}
	return b.store.In(g.ID), nil
}

// acting resolves, once per request, the person acting (member) and the
// group they act in, with their role in it: handlers pass the scoped store
// on to everything they do.
func (b *Bot) acting(ctx context.Context, u models.UserID) (*models.Member, *models.Store, error) {
	m, err := b.member(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	g, err := b.store.CurrentGroup(ctx, b.teamFor(ctx), u)
	if err != nil {
		return nil, nil, err
	}
	st := b.store.In(g.ID)
	m, err = b.roleIn(ctx, st, g.IsDefault, m)
	return m, st, err
}

// roleIn returns m with their role in st's group, the environment's first
// coordinators included in the default group (withBootstrap).
func (b *Bot) roleIn(ctx context.Context, st *models.Store, isDefault bool, m *models.Member) (*models.Member, error) {
	m, err := st.WithRole(ctx, m)
	if err != nil {
		return nil, err
	}
	return b.withBootstrap(ctx, st, isDefault, m)
}

// oneToOneStore returns the store scoped to the group of one-to-one id: a
// click, a modal or a delivery about a one-to-one acts in its group,
// whichever group the person acting chose. A one-to-one that is gone
// answers as stale.
func (b *Bot) oneToOneStore(ctx context.Context, id models.OneToOneID) (*models.Store, *models.Group, error) {
	g, err := b.store.GroupOfOneToOne(ctx, id)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil, errStale
	}
	if err != nil {
		return nil, nil, err
	}
	return b.store.In(g.ID), g, nil
}
