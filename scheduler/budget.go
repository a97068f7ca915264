package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/onetoone/onetoone/models"
)

// spend takes one of the recipient's weekly slots for an unasked message
// (models.UnaskedKinds) and reports whether d may go now. When it may not,
// d has been settled: put off to the recipient's next week, in their
// morning, when this week is full (never dropped: a nudge that no longer
// makes sense by then is skipped as usual); skipped when the group chose to
// get no unasked messages at all.
func (s *Scheduler) spend(ctx context.Context, p *pass, d models.Delivery, now time.Time) (bool, error) {
	if p.unasked == 0 {
		return false, s.settle(ctx, p, d, models.DeliverySkipped, "the group chose no unasked messages", now)
	}
	loc := p.loc(ctx, d.Recipient)
	week := models.WeekOf(now, loc)
	ok, err := s.store.SpendUnasked(ctx, d.ID, s.cfg.Worker, week, p.unasked)
	switch {
	case models.ErrorCode(err) == models.ECONFLICT:
		s.log.Warn("lost the claim before spending the weekly budget", "job", p.job, "kind", d.Kind, "subject", d.Subject)
		return false, nil
	case err != nil:
		return false, s.retry(ctx, p, d, now.Add(firstBackoff), "could not read the weekly budget: "+err.Error(), false)
	case !ok:
		next := p.cfg.Hours.Next(week.End, loc)
		return false, s.retry(ctx, p, d, next, fmt.Sprintf("this week's %d unasked messages were sent; waits for next week", p.unasked), false)
	}
	return true, nil
}

// previewBudget is the dry run's line for an unasked message the budget
// would hold back, or "".
func (s *Scheduler) previewBudget(ctx context.Context, p *pass, d models.Delivery, loc *time.Location) (string, error) {
	if !models.Unasked(d.Kind) {
		return "", nil
	}
	if p.unasked == 0 {
		return fmt.Sprintf("skip   %s to %s about %s: the group chose no unasked messages\n", d.Kind, d.Recipient, d.Subject), nil
	}
	week := models.WeekOf(p.now, loc)
	n, err := s.store.UnaskedSpent(ctx, d.Recipient, week)
	if err != nil || n < int64(p.unasked) {
		return "", err
	}
	return fmt.Sprintf("wait   %s for %s about %s until %s (%d unasked messages this week already)\n",
		d.Kind, d.Recipient, d.Subject, p.cfg.Hours.Next(week.End, loc).UTC().Format(time.RFC3339), n), nil
}
