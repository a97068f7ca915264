package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdLog opens the reflection modal for a one-to-one that already happened,
// with a Slack member or someone outside Slack.
func (b *Bot) cmdLog(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	me := models.UserID(cmd.UserID)
	var t reflectTarget
	switch {
	case len(c.Names) == 1 && len(c.Users) == 0:
		name, err := models.CleanName(c.Names[0])
		if err != nil {
			return nil, err
		}
		t.Person = name
	case len(c.Names) > 0 || len(c.Users) > 0 || len(c.Bare) > 0:
		if len(c.Names) > 0 {
			return nil, userError(models.EINVALID, "error.one_at_a_time_log", nil)
		}
		m, err := b.personTarget(ctx, me, c.Users, c.Bare)
		if err != nil {
			return nil, err
		}
		t.Invitee = string(m.ID)
	default:
		return nil, userError(models.EINVALID, "error.who_did_you_meet", map[string]any{"Command": b.command})
	}
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return nil, err
	}
	if err := b.logOpen(ctx, st, me, &t); err != nil {
		return nil, err
	}
	l := b.langOf(ctx, me)
	return modalReply(reflectModal(l, t, nil, b.reflectForm(ctx, st, l, nil), b.now(), b.location(ctx, st, me))), nil
}

// ladderIn is the engagement ladder as st's group's coordinators named its
// steps, or, while they keep the default, its steps in l.
func (b *Bot) ladderIn(ctx context.Context, st *models.Store, l catalog.Lang) []string {
	ladder := b.ladder(ctx, st)
	if slices.Equal(ladder, DefaultLadder) {
		return defaultLadder(l)
	}
	return ladder
}

// actReflect opens the reflection modal for a one-to-one I took part in,
// either of the two people (the organizer alone with someone outside
// Slack), filled with what I wrote before: each writes their own.
func (b *Bot) actReflect(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	o, st, err := b.oneToOneOf(ctx, act.Value, cb.User.ID)
	if err != nil {
		return err
	}
	if o.Status != models.StatusHeld && o.Status != models.StatusReflected && !o.IsOpen() {
		return errStale
	}
	existing, err := st.Reflection(ctx, o.ID, me, &models.Member{ID: me})
	if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return err
	}
	t := reflectTarget{ID: o.ID, Invitee: string(o.Other(me))}
	if o.PersonID != nil {
		people, err := st.People(ctx, []models.PersonID{*o.PersonID})
		if err != nil {
			return err
		}
		t.Person = people[*o.PersonID].Name
	}
	l := b.langOf(ctx, me)
	return b.openModal(ctx, cb.TriggerID, reflectModal(l, t, existing, b.reflectForm(ctx, st, l, existing), b.now(), b.location(ctx, st, me)))
}

// submitReflect saves a reflection. Any failure keeps the modal open with
// the reason beside a field, so nothing typed is lost.
func (b *Bot) submitReflect(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	me := models.UserID(cb.User.ID)
	var t reflectTarget
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &t); err != nil {
		return nil, errStale
	}
	// A reflection on a one-to-one is saved in its group; a log of a new
	// one in the group I act in now.
	var st *models.Store
	var err error
	if t.ID != 0 {
		st, _, err = b.oneToOneStore(ctx, t.ID)
	} else {
		st, err = b.groupStore(ctx, me)
	}
	if err != nil {
		return nil, err
	}
	loc := b.location(ctx, st, me)
	r, err := reflectionFromState(cb, me)
	if err != nil {
		return nil, err
	}
	today := dayOf(b.now(), loc)
	var leads []string
	for _, u := range stateOf(cb, "people").SelectedUsers {
		if u != string(me) && u != t.Invitee && len(leads) < models.MaxPlanEntries {
			leads = append(leads, u)
		}
	}
	if t.Open {
		if err := r.CheckFollowUp(nil, today); err != nil {
			return nil, err
		}
		return b.submitLogOpen(ctx, st, cb, t, r, leads)
	}
	if t.ID != 0 {
		saved, err := st.Reflection(ctx, t.ID, me, &models.Member{ID: me})
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return nil, err
		}
		if err := r.CheckFollowUp(saved, today); err != nil {
			return nil, err
		}
		r.OneToOneID = t.ID
		if _, err := st.SaveReflection(ctx, r); err != nil {
			return nil, err
		}
		b.refreshHome(ctx, me)
		return slack.NewUpdateViewSubmissionResponse(ptr(reflectionSavedView(b.langOf(ctx, me), t, leads))), nil
	}
	if err := r.CheckFollowUp(nil, today); err != nil {
		return nil, err
	}
	met, err := metOn(cb, b.now(), loc)
	if err != nil {
		return nil, err
	}
	o, err := models.NewLogged(me, models.UserID(t.Invitee), nil, met, b.now())
	if err != nil {
		return nil, &models.FieldError{Field: "met_on", Err: asError(err)}
	}
	if err := st.LogOneToOne(ctx, o, t.Person, r); err != nil {
		return nil, err
	}
	b.refreshHome(ctx, me)
	return slack.NewUpdateViewSubmissionResponse(ptr(reflectionSavedView(b.langOf(ctx, me), t, leads))), nil
}

func ptr[T any](v T) *T { return &v }

// reflectionFromState reads what me wrote and picked in a reflection
// modal: the answers to the questions it shows, the follow-up day, the
// ladder's step and the tags.
func reflectionFromState(cb *slack.InteractionCallback, me models.UserID) (*models.Reflection, error) {
	r := &models.Reflection{AuthorID: me, Answers: map[string]string{}}
	for _, q := range models.AllQuestions() {
		if v := strings.TrimSpace(stateOf(cb, q.Key).Value); v != "" {
			r.Answers[q.Key] = v
		}
	}
	if d := stateOf(cb, "follow_up").SelectedDate; d != "" {
		day, err := time.Parse("2006-01-02", d)
		if err != nil {
			return r, &models.FieldError{Field: "follow_up", Err: userError(models.EINVALID, "error.pick_follow_up", nil)}
		}
		r.FollowUpOn = &day
	}
	if v := stateOf(cb, "engagement").SelectedOption.Value; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return r, &models.FieldError{Field: "engagement", Err: userError(models.EINVALID, "error.pick_step", nil)}
		}
		r.Engagement = n
	}
	for _, o := range stateOf(cb, blockReflectTags).SelectedOptions {
		r.Tags = append(r.Tags, o.Value)
	}
	return r, nil
}

// actAddLeads puts the people a reflection named on the organizer's list,
// and says in the confirmation what happened.
func (b *Bot) actAddLeads(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	me := models.UserID(cb.User.ID)
	st, err := b.groupStore(ctx, me)
	if err != nil {
		return err
	}
	l := b.langOf(ctx, me)
	var entries []models.PlanEntry
	var outcomes []models.PlanOutcome
	for _, id := range strings.Split(act.Value, ",") {
		u := models.UserID(strings.TrimSpace(id))
		if u == "" {
			continue
		}
		if _, err := b.personTarget(ctx, me, []models.UserID{u}, nil); err != nil {
			outcomes = append(outcomes, models.PlanOutcome{Entry: models.PlanEntry{InviteeID: u}, Reason: strings.TrimSuffix(refusalReason(l, err), ".")})
			continue
		}
		entries = append(entries, models.PlanEntry{InviteeID: u})
	}
	added, err := st.AddToPlan(ctx, me, entries)
	if err != nil {
		return err
	}
	items, err := st.Plan(ctx, me)
	if err != nil {
		return err
	}
	b.refreshHome(ctx, me)
	_, err = b.api(ctx).UpdateViewContext(ctx, leadsAddedView(l, planReply(l, items, append(added, outcomes...), b.command)), "", cb.View.Hash, cb.View.ID)
	b.metrics.slackCall("views.update", err)
	return err
}
