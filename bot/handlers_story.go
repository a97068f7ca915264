package bot

import (
	"context"
	"strconv"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdPerson opens the card of a person of the group, by name:
// `/one-to-one person "Maria Lopez"`. With several of that name the
// viewer may see, it lists them to pick from.
func (b *Bot) cmdPerson(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if len(c.Names) != 1 || len(c.Users)+len(c.Bare) > 0 {
		return nil, userError(models.EINVALID, "story.err_who", map[string]any{"Command": b.command})
	}
	m, st, err := b.acting(ctx, models.UserID(cmd.UserID))
	if err != nil {
		return nil, err
	}
	people, err := st.PeopleCalled(ctx, c.Names[0])
	if err != nil {
		return nil, err
	}
	var stories []*models.Story
	for _, p := range people {
		s, err := st.PersonStory(ctx, m, p.ID)
		switch models.ErrorCode(err) {
		case "":
			stories = append(stories, s)
		case models.EUNAUTHORIZED, models.ENOTFOUND:
		default:
			return nil, err
		}
	}
	l := b.langOfMember(ctx, m)
	switch len(stories) {
	case 0:
		return nil, userError(models.ENOTFOUND, "story.err_not_found", map[string]any{"Name": esc(c.Names[0])})
	case 1:
		return modalReply(b.personCardFor(ctx, st, l, m, stories[0])), nil
	}
	var ps []models.Person
	for _, s := range stories {
		ps = append(ps, s.Person)
	}
	return pickPersonReply(l, ps, rosterFields(l, b.settingsOrDefault(ctx, st))), nil
}

// actPersonOpen opens a person's card (the button's value is their id),
// on top of the modal it was pressed in, if any.
func (b *Bot) actPersonOpen(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil || id <= 0 {
		return errStale
	}
	m, st, err := b.acting(ctx, models.UserID(cb.User.ID))
	if err != nil {
		return err
	}
	s, err := st.PersonStory(ctx, m, models.PersonID(id))
	if err != nil {
		return err
	}
	return b.pushOrOpen(ctx, cb, b.personCardFor(ctx, st, b.langOfMember(ctx, m), m, s))
}

// personCardFor builds s's card for m in st's group.
func (b *Bot) personCardFor(ctx context.Context, st *models.Store, l catalog.Lang, m *models.Member, s *models.Story) slack.ModalViewRequest {
	return personCard(l, s, rosterFields(l, b.settingsOrDefault(ctx, st)), b.ladderIn(ctx, st, l), m.IsCoordinator(), m.Location(b.zone(ctx, st)))
}

// settingsOrDefault is the group's settings in effect, or the operator's
// when they cannot be read: what names a field or a step.
func (b *Bot) settingsOrDefault(ctx context.Context, st *models.Store) models.Settings {
	set, err := b.settings(ctx, st)
	if err != nil {
		return b.defaults
	}
	return set
}
