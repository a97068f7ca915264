package bot

import (
	"context"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdAssign is `/one-to-one assign @organizer "Maria Lopez" ["note"]`, for
// coordinators: exactly one roster person of that name is assigned; several
// are listed to pick from; none is added to the roster, then assigned (a
// coordinator naming someone is adding them).
func (b *Bot) cmdAssign(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	m, st, err := b.coordinator(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	if len(c.Users) != 1 || len(c.Names) == 0 {
		return nil, userError(models.EINVALID, "assign.usage", map[string]any{"Command": b.command})
	}
	organizer := c.Users[0]
	if _, err := b.member(ctx, organizer); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	name, err := models.CleanName(c.Names[0])
	if err != nil {
		return nil, err
	}
	note := strings.TrimSpace(strings.Join(append(c.Names[1:], c.Words...), " "))
	people, err := st.RosterNamed(ctx, name)
	if err != nil {
		return nil, err
	}
	settings, err := b.settings(ctx, st)
	if err != nil {
		return nil, err
	}
	if len(people) > 1 {
		return assignPickReply(l, rosterFields(l, settings), name, people, organizer, note), nil
	}
	added := len(people) == 0
	if added {
		p, err := st.AddToRoster(ctx, m, name)
		if err != nil {
			return nil, err
		}
		people = []models.Person{*p}
	}
	if err := b.assign(ctx, st, m, people[0].ID, organizer, note); err != nil {
		return nil, err
	}
	key := "assign.done"
	if added {
		key = "assign.done_added"
	}
	return &reply{Text: catalog.T(l, key, map[string]any{"Name": esc(people[0].Name), "Organizer": mention(string(organizer))})}, nil
}

// assign stores one assignment and sends its DM.
func (b *Bot) assign(ctx context.Context, st *models.Store, by *models.Member, person models.PersonID, organizer models.UserID, note string) error {
	got, err := st.Assign(ctx, by, person, organizer, note)
	if err != nil {
		return err
	}
	b.sendAssigned(ctx, got)
	return nil
}

// sendAssigned sends the DM an assignment action stored, at once when it
// is the organizer's daytime; else the outbox job sends it in their
// morning.
func (b *Bot) sendAssigned(ctx context.Context, got *models.Assigned) {
	if b.outbox == nil {
		b.log.Warn("no outbox: the assignment DM waits for the outbox job", "user", got.Delivery.Recipient)
		return
	}
	for _, err := range b.outbox.SendNow(prompt(ctx), got.Delivery) {
		if err != nil {
			b.log.Warn("assignment DM not sent at once", "user", got.Delivery.Recipient, "err", err)
		}
	}
}

// actAssignPick assigns the roster person a coordinator picked among
// several of one name.
func (b *Bot) actAssignPick(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	pick, ok := decodeAssignPick(act.Value)
	if !ok {
		return userError(models.EINVALID, "assign.err_stale", nil)
	}
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	p, err := st.RosterEntry(ctx, pick.Person)
	if err != nil {
		return err
	}
	if err := b.assign(ctx, st, m, p.ID, pick.Organizer, pick.Note); err != nil {
		return err
	}
	b.tell(ctx, cb, catalog.T(b.langOfMember(ctx, m), "assign.done", map[string]any{"Name": esc(p.Name), "Organizer": mention(string(pick.Organizer))}))
	return nil
}

// actAssignOpen opens the coordinator's Assign people modal, for the
// person the button names, or for anyone (value "").
func (b *Bot) actAssignOpen(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	l := b.langOfMember(ctx, m)
	settings, err := b.settings(ctx, st)
	if err != nil {
		return err
	}
	var p *models.Person
	if act.Value != "" {
		id, err := parsePersonID(act.Value)
		if err != nil {
			return err
		}
		if p, err = st.RosterEntry(ctx, id); err != nil {
			return err
		}
	}
	v := assignModal(l, rosterFields(l, settings), p)
	if cb.View.Type != slack.VTModal {
		return b.openModal(ctx, cb.TriggerID, v)
	}
	// From the team view: on top of it.
	_, err = b.api(ctx).PushViewContext(ctx, cb.TriggerID, v)
	b.metrics.slackCall("views.push", err)
	return err
}

// submitAssign saves the Assign people modal: one person (named by the
// button, or by name) or everyone matching the filter. Mistakes show in
// the modal, which stays open.
func (b *Bot) submitAssign(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return nil, err
	}
	l := b.langOfMember(ctx, m)
	organizer := models.UserID(stateOf(cb, "organizer").SelectedUser)
	if organizer == "" {
		return nil, &models.FieldError{Field: "organizer", Err: userError(models.EINVALID, "assign.err_no_organizer", nil)}
	}
	if _, err := b.member(ctx, organizer); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	note := stateOf(cb, "note").Value
	var done string
	switch name := strings.TrimSpace(stateOf(cb, "person").Value); {
	case cb.View.PrivateMetadata != "":
		id, err := parsePersonID(cb.View.PrivateMetadata)
		if err != nil {
			return nil, err
		}
		p, err := st.RosterEntry(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := b.assign(ctx, st, m, id, organizer, note); err != nil {
			return nil, fieldError("organizer", err)
		}
		done = catalog.T(l, "assign.done", map[string]any{"Name": esc(p.Name), "Organizer": mention(string(organizer))})
	case name != "":
		people, err := st.RosterNamed(ctx, name)
		if err != nil {
			return nil, err
		}
		switch len(people) {
		case 0:
			return nil, &models.FieldError{Field: "person", Err: userError(models.EINVALID, "assign.err_no_one_named", map[string]any{"Name": name})}
		case 1:
		default:
			return nil, &models.FieldError{Field: "person", Err: userError(models.EINVALID, "assign.err_several_named", map[string]any{"Name": name, "Command": b.command})}
		}
		if err := b.assign(ctx, st, m, people[0].ID, organizer, note); err != nil {
			return nil, fieldError("organizer", err)
		}
		done = catalog.T(l, "assign.done", map[string]any{"Name": esc(people[0].Name), "Organizer": mention(string(organizer))})
	default:
		f := models.AssignFilter{Site: stateOf(cb, "site").Value, Department: stateOf(cb, "department").Value, Shift: stateOf(cb, "shift").Value}
		for _, o := range stateOf(cb, "only").SelectedOptions {
			f.NotMet = f.NotMet || o.Value == assignOnlyNotMet
			f.Unassigned = f.Unassigned || o.Value == assignOnlyUnassigned
		}
		if f.Site == "" && f.Department == "" && f.Shift == "" && !f.NotMet && !f.Unassigned {
			return nil, &models.FieldError{Field: "person", Err: userError(models.EINVALID, "assign.err_nobody_chosen", nil)}
		}
		got, err := st.AssignMatching(ctx, m, f, organizer, note)
		if err != nil {
			// Who matched is the filter's mistake; the rest, the organizer's.
			if e := asError(err); e.MessageID == "assign.err_nobody_matches" || e.MessageID == "assign.err_too_many" {
				return nil, &models.FieldError{Field: "site", Err: e}
			}
			return nil, fieldError("organizer", err)
		}
		b.sendAssigned(ctx, got)
		done = catalog.N(l, "assign.done_many", len(got.Assignments), map[string]any{"Organizer": mention(string(organizer))})
	}
	b.background(ctx, "assign-done", func(ctx context.Context) {
		if _, err := b.dmAnswer(ctx, m.ID, done, nil); err != nil {
			b.log.Warn("could not tell the coordinator", "user", m.ID, "err", err)
		}
	})
	return nil, nil
}
