package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Home's buttons at the top (homeActions) open the same forms the command
// does: asking someone, logging a one-to-one, setting the goal. Each opens
// its modal first, on a trigger that lives 3 s (docs/slack.md).

// actHomeAsk opens the request form with nobody chosen.
func (b *Bot) actHomeAsk(ctx context.Context, cb *slack.InteractionCallback, _ *slack.BlockAction) error {
	return b.openModal(ctx, cb.TriggerID, requestModal(b.langOf(ctx, models.UserID(cb.User.ID)), ""))
}

// actHomeLog asks who the one-to-one was with.
func (b *Bot) actHomeLog(ctx context.Context, cb *slack.InteractionCallback, _ *slack.BlockAction) error {
	return b.openModal(ctx, cb.TriggerID, logWhoModal(b.langOf(ctx, models.UserID(cb.User.ID))))
}

// actHomeGoal opens the goal form, starting from the running goal.
func (b *Bot) actHomeGoal(ctx context.Context, cb *slack.InteractionCallback, _ *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	l := b.langOf(ctx, me)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return err
	}
	g, _, err := st.GoalProgress(ctx, me)
	if err != nil {
		return err
	}
	if g != nil && !g.Active(b.now()) {
		g = nil
	}
	return b.openModal(ctx, cb.TriggerID, goalModal(l, g))
}

// submitLogWho turns the answer to "who was it with?" into the reflection
// modal, checked as `log` checks it: one Slack member (a real person, not
// oneself) or one name, never both or neither.
func (b *Bot) submitLogWho(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	me := models.UserID(cb.User.ID)
	who := stateOf(cb, "who").SelectedUser
	name := strings.TrimSpace(stateOf(cb, "name").Value)
	var t reflectTarget
	switch {
	case who != "" && name != "":
		return nil, &models.FieldError{Field: "name", Err: userError(models.EINVALID, "home_actions.log_both", nil)}
	case who != "":
		m, err := b.personTarget(ctx, me, []models.UserID{models.UserID(who)}, nil)
		if err != nil {
			return nil, fieldError("who", err)
		}
		t.Invitee = string(m.ID)
	case name != "":
		clean, err := models.CleanName(name)
		if err != nil {
			return nil, fieldError("name", err)
		}
		t.Person = clean
	default:
		return nil, &models.FieldError{Field: "who", Err: userError(models.EINVALID, "home_actions.log_nobody", nil)}
	}
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	if err := b.logOpen(ctx, st, me, &t); err != nil {
		return nil, err
	}
	l := b.langOf(ctx, me)
	v := reflectModal(l, t, nil, b.reflectForm(ctx, st, l, nil), b.now(), b.location(ctx, st, me))
	return slack.NewUpdateViewSubmissionResponse(&v), nil
}

// submitGoal sets the goal for the next four weeks, as `goal N` does, and
// redraws Home.
func (b *Bot) submitGoal(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	me := models.UserID(cb.User.ID)
	n, err := strconv.Atoi(strings.TrimSpace(stateOf(cb, "goal").Value))
	if err != nil {
		n = -1
	}
	g, err := models.NewGoal(me, n, b.now())
	if err != nil {
		return nil, &models.FieldError{Field: "goal", Err: userError(models.EINVALID, "home_actions.goal_invalid", map[string]any{"Min": models.MinGoal, "Max": models.MaxGoal})}
	}
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	if err := st.SetGoal(ctx, g); err != nil {
		return nil, err
	}
	b.background(ctx, "goal-home", func(ctx context.Context) { b.refreshHome(ctx, me) })
	return nil, nil
}

// fieldError shows a person's mistake beside the field it is about; any
// other error stays as it is.
func fieldError(field string, err error) error {
	if e := asError(err); e.Code == models.EINVALID {
		return &models.FieldError{Field: field, Err: e}
	}
	return err
}
