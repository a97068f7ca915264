package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// settings returns the workspace's choices in effect: what coordinators
// saved over the operator's defaults. They are read each time, so a change
// takes effect without a restart.
func (b *Bot) settings(ctx context.Context) (models.Settings, error) {
	st, err := b.store.Settings(ctx, b.team)
	if err != nil {
		return b.defaults, err
	}
	return st.Effective(b.defaults), nil
}

// ladder returns the engagement ladder's labels, the coordinators' own
// when they set five.
func (b *Bot) ladder(ctx context.Context) []string {
	st, err := b.settings(ctx)
	if err != nil {
		return DefaultLadder
	}
	labels := strings.Split(strings.TrimSpace(st.LadderLabels), "\n")
	if len(labels) != len(DefaultLadder) {
		return DefaultLadder
	}
	return labels
}

// digestChannelNow is where the digest goes now.
func (b *Bot) digestChannelNow(ctx context.Context) string {
	st, err := b.settings(ctx)
	if err != nil {
		return b.defaults.DigestChannel
	}
	return st.DigestChannel
}

// cmdSettings opens the settings modal for a coordinator.
func (b *Bot) cmdSettings(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	if _, err := b.coordinator(ctx, cmd.UserID); err != nil {
		return nil, err
	}
	st, err := b.settings(ctx)
	if err != nil {
		return nil, err
	}
	coords, err := b.store.Coordinators(ctx)
	if err != nil {
		return nil, err
	}
	return modalReply(settingsModal(st, coords, b.ladder(ctx))), nil
}

// submitSettings validates and saves the coordinator's choices; a bad field
// keeps the modal open with the reason beside it.
func (b *Bot) submitSettings(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	if _, err := b.coordinator(ctx, cb.User.ID); err != nil {
		return nil, err
	}
	st, err := b.store.Settings(ctx, b.team)
	if err != nil {
		return nil, err
	}
	errs := map[string]string{}
	st.DigestChannel = stateOf(cb, "digest_channel").SelectedConversation
	day, at := stateOf(cb, "digest_day").SelectedOption.Value, stateOf(cb, "digest_time").SelectedTime
	switch {
	case day != "" && at != "":
		t, err := time.Parse("15:04", at)
		if err != nil {
			errs["digest_time"] = "Pick a time like 09:00."
		}
		st.DigestCron = fmt.Sprintf("%d %d * * %s", t.Minute(), t.Hour(), day)
	case day != "" || at != "":
		errs["digest_day"] = "Pick both a day and a time, or neither to keep the default."
	}
	if tz := strings.TrimSpace(stateOf(cb, "timezone").Value); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			errs["timezone"] = "That isn't a timezone I know. Use a name like America/Chicago or Europe/Paris."
		}
		st.Timezone = tz
	} else {
		st.Timezone = ""
	}
	st.NudgeAfterSec = wholeField(stateOf(cb, "nudge_days").Value, 1, 60, 86400, "nudge_days", "a whole number of days from 1 to 60", errs)
	st.ReflectionDelaySec = wholeField(stateOf(cb, "reflection_hours").Value, 1, 72, 3600, "reflection_hours", "a whole number of hours from 1 to 72", errs)
	if h := strings.TrimSpace(stateOf(cb, "delivery_hours").Value); h != "" && !validHours(h) {
		errs["delivery_hours"] = "Write it like 09-19 (from 9 in the morning to 7 in the evening), or always."
	} else {
		st.DeliveryHours = h
	}
	if n, err := models.ParseUnaskedPerWeek(stateOf(cb, "unasked_per_week").Value); err != nil {
		errs["unasked_per_week"] = models.ErrorMessage(err)
	} else {
		st.UnaskedPerWeek = n
	}
	ladder := strings.TrimSpace(stateOf(cb, "ladder").Value)
	if ladder != "" {
		var labels []string
		for _, l := range strings.Split(ladder, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				labels = append(labels, truncate(l, 60))
			}
		}
		if len(labels) != len(DefaultLadder) {
			errs["ladder"] = fmt.Sprintf("Write exactly %d steps, one per line.", len(DefaultLadder))
		}
		ladder = strings.Join(labels, "\n")
	}
	st.LadderLabels = ladder
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	var ids []models.UserID
	for _, u := range stateOf(cb, "coordinators").SelectedUsers {
		m, err := b.member(ctx, models.UserID(u))
		if err != nil {
			return nil, &models.FieldError{Field: "coordinators", Err: asError(err)}
		}
		if m.IsBot || m.Deleted {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"coordinators": "Coordinators must be active people, not bots."}), nil
		}
		ids = append(ids, m.ID)
	}
	st.TeamID = b.team
	if err := b.store.SaveSettings(ctx, st); err != nil {
		return nil, err
	}
	if err := b.store.SetCoordinators(ctx, ids); err != nil {
		return nil, err
	}
	b.log.Info("settings saved", "user", cb.User.ID)
	return nil, nil
}

// wholeField reads an optional whole number in [min, max], scaled to
// seconds by unit; empty means "use the default" (0).
func wholeField(v string, min, max, unit int64, field, what string, errs map[string]string) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		errs[field] = "Please enter " + what + "."
		return 0
	}
	return n * unit
}

// validHours accepts "always" or "HH-HH" with HH from 0 to 24, start before
// end.
func validHours(s string) bool {
	if strings.EqualFold(s, "always") {
		return true
	}
	from, to, ok := strings.Cut(s, "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(from))
	z, err2 := strconv.Atoi(strings.TrimSpace(to))
	return ok && err1 == nil && err2 == nil && a >= 0 && z <= 24 && a < z
}
