package bot

import (
	"context"
	"sync"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// eventHomeOpened draws the Home tab when someone opens it, with the hash
// Slack gave us so a newer view is never overwritten.
func (b *Bot) eventHomeOpened(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error {
	e, ok := ev.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || e.Tab != "home" {
		return nil
	}
	b.enrol(ctx, models.UserID(e.User))
	hash := ""
	if e.View != nil { // absent the first time someone opens the tab
		hash = e.View.Hash
	}
	return b.publishHome(ctx, models.UserID(e.User), hash)
}

// homeDBBudget bounds the database reads of a Home refresh, counted from
// the moment it was asked for, waits for earlier publishes of the same tabs
// included. Against a database that stopped answering, refreshes give up
// instead of queueing behind each other for minutes.
const homeDBBudget = 5 * time.Second

// refreshHome redraws the Home tab of people whose one-to-ones, goal or
// list just changed, after the ack, within homeDBBudget.
func (b *Bot) refreshHome(ctx context.Context, users ...models.UserID) {
	deadline := time.Now().Add(homeDBBudget)
	b.background(ctx, "refresh-home", func(ctx context.Context) {
		ctx = models.WithDeadline(ctx, deadline)
		for _, u := range users {
			if u == "" {
				continue
			}
			if err := b.publishHome(ctx, u, ""); err != nil {
				b.fail(ctx, "home", string(u), err)
			}
		}
	})
}

// publishHome renders and publishes one member's Home tab. On a hash
// conflict the view is rebuilt from the database, which is the newest truth,
// and published once more without the hash.
func (b *Bot) publishHome(ctx context.Context, me models.UserID, hash string) error {
	mu, _ := b.homeMu.LoadOrStore(me, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	d, err := b.homeData(ctx, me)
	if err != nil {
		return err
	}
	view := homeView(b.langOf(ctx, me), *d)
	req := slack.PublishViewContextRequest{UserID: string(me), View: view}
	if hash != "" {
		req.Hash = &hash
	}
	_, err = b.api(ctx).PublishViewContext(ctx, req)
	b.metrics.slackCall("views.publish", err)
	if slackErrCode(err) == "hash_conflict" {
		if d, err = b.homeData(ctx, me); err != nil {
			return err
		}
		_, err = b.api(ctx).PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: string(me), View: homeView(b.langOf(ctx, me), *d)})
		b.metrics.slackCall("views.publish", err)
	}
	return err
}

// homeData gathers my Home as it stands in the group I act in now.
func (b *Bot) homeData(ctx context.Context, me models.UserID) (*homeData, error) {
	grp, err := b.store.CurrentGroup(ctx, b.teamFor(ctx), me)
	if err != nil {
		return nil, err
	}
	st := b.store.In(grp.ID)
	l, people, err := b.myList(ctx, st, me)
	if err != nil {
		return nil, err
	}
	g, held, err := st.GoalProgress(ctx, me)
	if err != nil {
		return nil, err
	}
	plan, err := st.Plan(ctx, me)
	if err != nil {
		return nil, err
	}
	waiting, err := st.Waiting(ctx, me)
	if err != nil {
		return nil, err
	}
	reflections, err := st.ReflectionsBy(ctx, me, homeReflections)
	if err != nil {
		return nil, err
	}
	// A Home refresh may outlive a `forget` of me, so it only peeks: the
	// Home is drawn, nothing about me is stored again.
	loc := b.zone(ctx, st)
	var team *models.Team
	if m, err := b.peekMember(ctx, me, b.promptly); err == nil {
		loc = m.Location(loc)
		if m, err = b.roleIn(ctx, st, grp.IsDefault, m); err != nil {
			return nil, err
		}
		if m.IsCoordinator() {
			if team, err = st.TeamPicture(ctx, m, b.now(), 0); err != nil {
				return nil, err
			}
		}
	}
	d := &homeData{Me: me, Now: b.now(), Loc: loc, List: l, People: people, Goal: g, Held: held, Plan: plan, Waiting: waiting, Reflections: reflections, Team: team}
	d.Groups, d.Group = b.homeGroups(ctx, me), grp.ID
	return d, nil
}
