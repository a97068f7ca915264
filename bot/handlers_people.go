package bot

import (
	"context"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdPeople opens the People list for a coordinator, searched for the
// words after the command when there are any: a loading modal at once,
// filled once it is open.
func (b *Bot) cmdPeople(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, st, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	state := peopleState{Query: peopleQuery(c)}
	r := modalReply(peopleLoading(b.langOfMember(ctx, m)))
	r.Opened = func(ctx context.Context, v *slack.View) error { return b.fillPeople(ctx, st, m, v, state) }
	return r, nil
}

// peopleQuery is what a coordinator typed after `people`, as they typed
// it: a mention searches by organizer.
func peopleQuery(c command) string {
	words := append([]string(nil), c.Names...)
	words = append(words, c.Words...)
	words = append(words, c.Bare...)
	q := strings.Join(words, " ")
	if len(c.Users) > 0 {
		q = strings.TrimSpace(mention(string(c.Users[0])) + " " + q)
	}
	return q
}

// peopleLoading is the People list while it is gathered, in l.
func peopleLoading(l catalog.Lang) slack.ModalViewRequest {
	return modal(l, viewPeople, catalog.T(l, "people.title", nil), "", "", section(catalog.T(l, "team.loading", nil)))
}

// actPeopleOpen opens the People list: on top of the team view, or on its
// own from Home or a message.
func (b *Bot) actPeopleOpen(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v, err := b.stackView(ctx, cb, peopleLoading(b.langOfMember(ctx, m)))
	if err != nil {
		return err
	}
	return b.fillPeople(ctx, st, m, v, peopleState{})
}

// actPeoplePage turns the People list's page; the button carries the
// state of the page it shows.
func (b *Bot) actPeoplePage(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v := cb.View
	return b.fillPeople(ctx, st, m, &v, parsePeopleState(act.Value))
}

// submitPeople searches: the list shows the first page of what matches
// the words in its search box, in place.
func (b *Bot) submitPeople(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	state := peopleState{Query: strings.TrimSpace(cb.View.State.Values[blockPeopleQuery][blockPeopleQuery].Value)}
	v, err := b.peopleView(ctx, st, m, state)
	if err != nil {
		return nil, err
	}
	return slack.NewUpdateViewSubmissionResponse(&v), nil
}

// fillPeople replaces v with the page of the People list state asks for.
func (b *Bot) fillPeople(ctx context.Context, st *models.Store, m *models.Member, v *slack.View, state peopleState) error {
	pv, err := b.peopleView(ctx, st, m, state)
	if err != nil {
		return err
	}
	_, err = b.api(ctx).UpdateViewContext(ctx, pv, "", v.Hash, v.ID)
	b.metrics.slackCall("views.update", err)
	return err
}

// peopleView builds the page of the People list state asks for, as the
// coordinator m may see it. A query that is a mention searches by
// organizer.
func (b *Bot) peopleView(ctx context.Context, st *models.Store, m *models.Member, state peopleState) (slack.ModalViewRequest, error) {
	filter := models.PeopleFilter{Text: strings.TrimPrefix(state.Query, "@")}
	if c := parseCommand(state.Query); len(c.Users) > 0 && c.Name == cmdRequest {
		filter = models.PeopleFilter{Organizer: c.Users[0], Text: strings.TrimSpace(c.Rest)}
	}
	res, err := st.SearchPeople(ctx, m, filter, models.PeoplePage{Offset: state.Offset, Limit: peopleRows})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	l := b.langOfMember(ctx, m)
	set, err := b.settings(ctx, st)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return peopleModal(l, state, res, rosterFields(l, set)), nil
}
