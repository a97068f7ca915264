package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// settings returns the settings in effect in st's group: what its
// coordinators chose over the operator's defaults
// (models.SavedSettings.Effective, which the scheduler reads too). They are
// read each time, so a change takes effect without a restart.
func (b *Bot) settings(ctx context.Context, st *models.Store) (models.Settings, error) {
	return st.EffectiveSettings(ctx, b.defaults)
}

// ladder returns the engagement ladder's labels, the coordinators' own
// when they set them.
func (b *Bot) ladder(ctx context.Context, gs *models.Store) []string {
	st, err := b.settings(ctx, gs)
	if err != nil || len(st.Ladder) != len(DefaultLadder) {
		return DefaultLadder
	}
	return st.Ladder
}

// digestChannelNow is where the digest goes now; "" when nowhere.
func (b *Bot) digestChannelNow(ctx context.Context, gs *models.Store) string {
	st, _ := b.settings(ctx, gs)
	return st.DigestChannel
}

// zone is the workspace's timezone in effect, for people whose Slack
// profile has none.
func (b *Bot) zone(ctx context.Context, gs *models.Store) *time.Location {
	st, _ := b.settings(ctx, gs)
	if st.Timezone == b.defaults.Timezone {
		return b.tz
	}
	return st.Location()
}

// cmdSettings opens the settings modal for a coordinator or a workspace
// admin.
func (b *Bot) cmdSettings(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, gs, err := b.settingsManager(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	saved, err := gs.Settings(ctx)
	if err != nil {
		return nil, err
	}
	coords, err := b.coordinatorList(ctx, gs, saved)
	if err != nil {
		return nil, err
	}
	def, err := gs.DefaultsIn(ctx, b.defaults)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	v, err := b.settingsWithGroups(ctx, l, m.ID, gs.Scope(), settingsModal(l, saved.Effective(def), def, coords, b.store.Encrypts()))
	if err != nil {
		return nil, err
	}
	return modalReply(v), nil
}

// coordinatorList is the whole list of named coordinators, as the settings
// modal shows it: those named in settings and, until the list was first
// saved there, the environment's first coordinators.
func (b *Bot) coordinatorList(ctx context.Context, gs *models.Store, saved *models.SavedSettings) ([]models.UserID, error) {
	named, err := gs.Coordinators(ctx)
	if err != nil {
		return nil, err
	}
	var ids []models.UserID
	if saved.FirstCoordinatorsCount() {
		ids = append(ids, b.firstCoordinators...)
	}
	for _, m := range named {
		if !slices.Contains(ids, m.ID) {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// submitSettings validates and saves the coordinator's choices; a bad field
// keeps the modal open with the reason beside it. Only what they changed
// becomes their choice (models.SavedSettings.Choose).
func (b *Bot) submitSettings(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	_, gs, err := b.settingsManager(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	saved, err := gs.Settings(ctx)
	if err != nil {
		return nil, err
	}
	def, err := gs.DefaultsIn(ctx, b.defaults)
	if err != nil {
		return nil, err
	}
	shown := saved.Effective(def)
	l := b.langOf(ctx, models.UserID(cb.User.ID))
	form := readSettingsForm(l, cb, shown, def)
	for _, fe := range form.next.Validate() {
		if block := settingsBlock(fe.Field); form.errs[block] == "" {
			form.errs[block] = errorText(l, fe)
		}
	}
	if len(form.errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(form.errs), nil
	}
	var ids []models.UserID
	for _, u := range stateOf(cb, "coordinators").SelectedUsers {
		m, err := b.member(ctx, models.UserID(u))
		if err != nil {
			return nil, &models.FieldError{Field: "coordinators", Err: asError(err)}
		}
		if m.IsBot || m.Deleted {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"coordinators": catalog.T(l, "settings.err_bot_coordinator", nil)}), nil
		}
		ids = append(ids, m.ID)
	}
	saved.Choose(shown, form.next)
	for _, field := range form.reset {
		saved.Reset(field)
	}
	if err := gs.SaveSettings(ctx, saved); err != nil {
		return nil, err
	}
	if err := gs.SetCoordinators(ctx, ids); err != nil {
		return nil, err
	}
	b.log.Info("settings saved", "user", cb.User.ID)
	return nil, nil
}

// settingsForm is what a coordinator submitted: the settings they want,
// those they emptied to follow the operator's default again, and what
// could not be read, by block id.
type settingsForm struct {
	next  models.Settings
	reset []string // models.Field… names
	errs  map[string]string
}

// settingsBlock is the modal's block for a setting: its Field name, but
// for the digest's schedule, which is picked as a day and a time.
func settingsBlock(field string) string {
	if field == models.FieldDigestCron {
		return "digest_day"
	}
	return field
}

// readSettingsForm reads the settings modal over shown, the settings in
// effect when it was opened; def are the operator's defaults, which an
// emptied input returns to. What can't be read is said in l.
func readSettingsForm(l catalog.Lang, cb *slack.InteractionCallback, shown, def models.Settings) settingsForm {
	f := settingsForm{next: shown, errs: map[string]string{}}
	// text returns an input's trimmed text; an empty one goes back to the
	// default.
	text := func(field string) (string, bool) {
		v := strings.TrimSpace(stateOf(cb, field).Value)
		if v == "" {
			f.reset = append(f.reset, field)
		}
		return v, v != ""
	}
	duration := func(field string, to *time.Duration, defValue time.Duration) {
		v, ok := text(field)
		if !ok {
			*to = defValue
			return
		}
		d, err := models.ParseDuration(v)
		if err != nil {
			f.errs[field] = errorText(l, err)
			return
		}
		*to = d
	}

	channel := stateOf(cb, "digest_channel").SelectedConversation
	off := len(stateOf(cb, "digest_off").SelectedOptions) > 0
	switch {
	case off && channel != "" && channel != shown.DigestChannel:
		f.errs["digest_off"] = catalog.T(l, "settings.err_channel_and_off", nil)
	case off:
		f.next.DigestChannel = ""
	default:
		f.next.DigestChannel = channel
	}
	day, at := stateOf(cb, "digest_day").SelectedOption.Value, stateOf(cb, "digest_time").SelectedTime
	switch t, err := time.Parse("15:04", at); {
	case day == "" && at == "":
		f.next.DigestCron = def.DigestCron
		f.reset = append(f.reset, models.FieldDigestCron)
	case day == "" || at == "":
		f.errs["digest_day"] = catalog.T(l, "settings.err_day_and_time", nil)
	case err != nil:
		f.errs["digest_time"] = catalog.T(l, "settings.err_time", nil)
	default:
		f.next.DigestCron = fmt.Sprintf("%d %d * * %s", t.Minute(), t.Hour(), day)
	}
	if tz, ok := text(models.FieldTimezone); ok {
		f.next.Timezone = tz
	} else {
		f.next.Timezone = def.Timezone
	}
	duration(models.FieldNudgeAfter, &f.next.NudgeAfter, def.NudgeAfter)
	duration(models.FieldExpireAfter, &f.next.ExpireAfter, def.ExpireAfter)
	duration(models.FieldReflectionDelay, &f.next.ReflectionDelay, def.ReflectionDelay)
	if v, ok := text(models.FieldDeliveryHours); !ok {
		f.next.DeliveryHours = def.DeliveryHours
	} else if h, err := models.ParseHours(v); err != nil {
		f.errs[models.FieldDeliveryHours] = errorText(l, err)
	} else {
		f.next.DeliveryHours = h
	}
	if v, ok := text(models.FieldLadder); !ok {
		f.next.Ladder = def.Ladder
	} else {
		var labels []string
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				labels = append(labels, truncate(line, models.MaxLadderLabel))
			}
		}
		f.next.Ladder = labels
	}
	if v := stateOf(cb, models.FieldDigestNames).SelectedOption.Value; v != "" {
		f.next.DigestNames = v
	}
	// The menu offers only languages the bot speaks: another is a forged
	// payload, and the group's language stays as it was.
	if v := catalog.Lang(stateOf(cb, models.FieldLanguage).SelectedOption.Value); catalog.Has(v) {
		f.next.Language = string(v)
	}
	f.next.Welcome = len(stateOf(cb, models.FieldWelcome).SelectedOptions) > 0
	if v, ok := text(models.FieldGuideURL); ok {
		f.next.GuideURL = v
	} else {
		f.next.GuideURL = def.GuideURL
	}
	if v, ok := text(models.FieldIssueTags); ok {
		f.next.IssueTags = models.ParseLabels(v)
	} else {
		f.next.IssueTags = def.IssueTags
	}
	if v, ok := text(models.FieldRosterFields); ok {
		f.next.RosterFields = models.ParseLabels(v)
	} else {
		f.next.RosterFields = def.RosterFields
	}
	if v, ok := text(models.FieldUnaskedPerWeek); !ok {
		f.next.UnaskedPerWeek = def.UnaskedPerWeek
	} else if n, err := models.ParseUnaskedPerWeek(v); err != nil {
		f.errs[models.FieldUnaskedPerWeek] = errorText(l, err)
	} else {
		f.next.UnaskedPerWeek = n
	}
	return f
}
