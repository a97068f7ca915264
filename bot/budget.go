package bot

import (
	"context"
	"errors"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// spendReminder offers a "Remind them" to the invitee's weekly budget of
// unasked messages (models.UnaskedKinds), recording it when it fits. On
// models.OverBudget, note is the kind answer for the organizer, in l:
// nothing is sent, and it says when a reminder could go. gs is scoped to
// the one-to-one's group, whose settings name the limit.
func (b *Bot) spendReminder(ctx context.Context, gs *models.Store, l catalog.Lang, o *models.OneToOne, window string) (got models.Budgeted, note string, err error) {
	st, err := b.settings(ctx, gs)
	if err != nil {
		return 0, "", err
	}
	loc := b.location(ctx, gs, o.InviteeID)
	week, limit := models.WeekOf(b.now(), loc), st.UnaskedLimit()
	got, err = gs.RecordUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(o.ID), string(o.InviteeID), window, week, limit)
	if err != nil || got != models.OverBudget {
		return got, "", err
	}
	return got, overBudgetNote(l, o.InviteeID, limit, week, loc), nil
}

// overBudgetNote tells an organizer why their reminder did not go: the
// person has had as many messages they didn't ask for as the group allows
// this week. Next week's Monday is shown at noon in the invitee's
// timezone, which is Monday for nearly every reader too.
func overBudgetNote(l catalog.Lang, invitee models.UserID, limit int, week models.Week, loc *time.Location) string {
	if limit == 0 {
		return catalog.T(l, "budget.none_allowed", personData(mention(string(invitee))))
	}
	y, m, d := week.End.Date()
	monday := time.Date(y, m, d, 12, 0, 0, 0, loc)
	return catalog.N(l, "budget.over", limit, map[string]any{"Person": mention(string(invitee)), "Day": slackDay(l, monday, loc)})
}

// reminderFailed answers an organizer whose reminder Slack did not post,
// after spendReminder recorded it. When it surely never left (Slack
// refused it or held it back for its rate limit), the invitee's slot and
// the day's reminder are given back so the organizer can try again; when
// it may have gone (a timeout), they stay spent, so nobody gets it twice.
func (b *Bot) reminderFailed(ctx context.Context, l catalog.Lang, o *models.OneToOne, window string, err error) string {
	b.log.Warn("reminder not sent", "one_to_one", o.ID, "err", err)
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	if !errors.As(err, &se) && !errors.As(err, &rl) {
		return catalog.T(l, "budget.unsure", personData(mention(string(o.InviteeID))))
	}
	if err := b.store.ReleaseUnasked(ctx, models.KindManualNudge, models.AboutOneToOne(o.ID), string(o.InviteeID), window); err != nil {
		b.log.Warn("could not give back the reminder's slot", "one_to_one", o.ID, "err", err)
	}
	return catalog.T(l, "budget.refused", personData(mention(string(o.InviteeID))))
}
