package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdGoal sets my goal for the next four weeks, or shows it.
func (b *Bot) cmdGoal(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	loc, l := b.location(ctx, st, me), b.langOf(ctx, me)
	if len(c.Words) == 0 && len(c.Users) == 0 && len(c.Names) == 0 {
		g, held, err := st.GoalProgress(ctx, me)
		if err != nil {
			return nil, err
		}
		return goalReply(l, g, held, false, b.now(), loc), nil
	}
	n, err := strconv.Atoi(strings.Join(c.Words, ""))
	if err != nil || len(c.Words) != 1 || len(c.Users)+len(c.Names) > 0 {
		return nil, userError(models.EINVALID, "goal.invalid", map[string]any{"Min": models.MinGoal, "Max": models.MaxGoal, "Command": b.command})
	}
	g, err := models.NewGoal(me, n, b.now())
	if err != nil {
		return nil, err
	}
	if err := st.SetGoal(ctx, g); err != nil {
		return nil, err
	}
	_, held, err := st.GoalProgress(ctx, me)
	if err != nil {
		return nil, err
	}
	b.refreshHome(ctx, me)
	return goalReply(l, g, held, true, b.now(), loc), nil
}

// actGoalAgain sets the next four weeks' goal to the number of the one that
// just ended, in one click from Home or the goal command's answer, whose
// button it then retires. A click once a newer goal runs changes nothing.
func (b *Bot) actGoalAgain(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	n, err := strconv.Atoi(act.Value)
	if err != nil {
		return errStale
	}
	now := b.now()
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return err
	}
	latest, err := st.LatestGoal(ctx, me)
	if err != nil {
		return err
	}
	if latest.Active(now) {
		return userError(models.ECONFLICT, "goal.already_set", map[string]any{"Command": b.command})
	}
	g, err := models.NewGoal(me, n, now)
	if err != nil {
		return err
	}
	if err := st.SetGoal(ctx, g); err != nil {
		return err
	}
	b.refreshHome(ctx, me)
	if cb.ResponseURL == "" {
		return nil // clicked in Home, which the refresh redraws
	}
	_, held, err := st.GoalProgress(ctx, me)
	if err != nil {
		return err
	}
	msg := goalReply(b.langOf(ctx, me), g, held, true, now, b.location(ctx, st, me)).webhook()
	msg.ReplaceOriginal = true
	err = slack.PostWebhookContext(ctx, cb.ResponseURL, msg)
	b.metrics.slackCall("response_url", err)
	return err
}

// cmdPlan adds people to my list of ten, removes one, or shows the list.
func (b *Bot) cmdPlan(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	if len(c.Words) > 0 && catalog.Commands()[strings.ToLower(c.Words[0])] == "remove" {
		return b.planRemove(ctx, me, c)
	}
	if len(c.Words) > 0 || len(c.Bare) > 0 {
		return nil, userError(models.EINVALID, "plan.add_usage", map[string]any{"Command": b.command})
	}
	b.enrol(ctx, me)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	l := b.langOf(ctx, me)
	var entries []models.PlanEntry
	var outcomes []models.PlanOutcome
	for _, u := range c.Users {
		if _, err := b.personTarget(ctx, me, []models.UserID{u}, nil); err != nil {
			if models.ErrorCode(err) == models.EINTERNAL || models.ErrorCode(err) == models.EUNAVAILABLE {
				return nil, err
			}
			outcomes = append(outcomes, models.PlanOutcome{Entry: models.PlanEntry{InviteeID: u}, Reason: strings.TrimSuffix(refusalReason(l, err), ".")})
			continue
		}
		entries = append(entries, models.PlanEntry{InviteeID: u})
	}
	for _, n := range c.Names {
		name, err := models.CleanName(n)
		if err != nil {
			outcomes = append(outcomes, models.PlanOutcome{Entry: models.PlanEntry{Name: truncate(n, 40)}, Reason: strings.TrimSuffix(errorText(l, err), ".")})
			continue
		}
		entries = append(entries, models.PlanEntry{Name: name})
	}
	if len(entries) > 0 {
		added, err := st.AddToPlan(ctx, me, entries)
		if err != nil {
			return nil, err
		}
		outcomes = append(added, outcomes...)
		b.refreshHome(ctx, me)
	}
	items, err := st.Plan(ctx, me)
	if err != nil {
		return nil, err
	}
	return planReply(l, items, outcomes, b.command), nil
}

// refusalReason turns a refusal written for a request into a short reason
// for the list ("that's a bot"), in l. It reads the refusal's English.
func refusalReason(l catalog.Lang, err error) string {
	msg := models.ErrorMessage(err)
	switch {
	case strings.Contains(msg, "That's you"):
		return catalog.T(l, "plan.refused_self", nil)
	case strings.Contains(msg, "is a bot"):
		return catalog.T(l, "plan.refused_bot", nil)
	case strings.Contains(msg, "deactivated"):
		return catalog.T(l, "plan.refused_deactivated", nil)
	case strings.Contains(msg, "couldn't find"):
		return catalog.T(l, "plan.refused_not_found", nil)
	}
	return errorText(l, err)
}

func (b *Bot) planRemove(ctx context.Context, me models.UserID, c command) (*reply, error) {
	if len(c.Users)+len(c.Names) != 1 {
		return nil, userError(models.EINVALID, "plan.remove_usage", map[string]any{"Command": b.command})
	}
	var u models.UserID
	name := ""
	if len(c.Users) == 1 {
		u = c.Users[0]
	} else {
		name = strings.TrimSpace(c.Names[0])
	}
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	ok, err := st.RemoveFromPlan(ctx, me, u, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, userError(models.ENOTFOUND, "plan.not_on_list", map[string]any{"Command": b.command})
	}
	b.refreshHome(ctx, me)
	items, err := st.Plan(ctx, me)
	if err != nil {
		return nil, err
	}
	l := b.langOf(ctx, me)
	r := planReply(l, items, nil, b.command)
	r.Text = catalog.T(l, "plan.removed_text", nil) + " " + r.Text
	r.Blocks = append([]slack.Block{section(catalog.T(l, "plan.removed", nil))}, r.Blocks...)
	return r, nil
}

// actPlanAsk opens the invitation form for someone on my list.
func (b *Bot) actPlanAsk(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	return b.openModal(ctx, cb.TriggerID, requestModal(b.langOf(ctx, models.UserID(cb.User.ID)), act.Value))
}
