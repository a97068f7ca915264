package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// DefaultLadder names the steps of the optional engagement rating; a
// coordinator may rename them.
var DefaultLadder = []string{"Just curious", "Interested", "Ready to help", "Active member", "Ready to lead"}

// reflectTarget is what a reflection modal is about, carried in its
// private_metadata: an existing one-to-one, or a new one being logged with a
// Slack member or a person outside Slack. Invitee is the other person when
// they are in Slack: whoever the author met, asked or asking.
type reflectTarget struct {
	ID      models.OneToOneID `json:"id,omitempty"`
	Invitee string            `json:"invitee,omitempty"`
	Person  string            `json:"person,omitempty"`
	// Open marks a `log` of the one-to-one ID, still asked for or
	// scheduled (at Scheduled): saving records it as held on the day
	// picked (logOpen).
	Open      bool       `json:"open,omitempty"`
	Scheduled *time.Time `json:"scheduled,omitempty"`
}

func (t reflectTarget) encode() string {
	b, _ := json.Marshal(t)
	return string(b)
}

func (t reflectTarget) who() string {
	if t.Person != "" {
		return "*" + esc(t.Person) + "*"
	}
	return mention(t.Invitee)
}

// reflectModal follows the guide's reflection: relationship, self-interest,
// self-evaluation, then next steps. Every answer is optional; existing
// answers are filled in so people can add to them.
func reflectModal(t reflectTarget, existing *models.Reflection, ladder []string, now time.Time, loc *time.Location) slack.ModalViewRequest {
	answers := map[string]string{}
	if existing != nil {
		answers = existing.Answers
	}
	blocks := []slack.Block{
		section(fmt.Sprintf("How did it go with %s? Take a few minutes while it's fresh. Write as much or as little as helps.", t.who())),
		contextLine(":lock: Only you and the group's coordinators can read this, never the person you met. Your Home shows who has read it."),
	}
	if t.Open {
		blocks = append(blocks, contextLine(openLogNote(t, loc)))
	}
	if t.ID == 0 || t.Open {
		met := slack.NewDatePickerBlockElement("met_on")
		met.InitialDate = now.In(loc).Format("2006-01-02")
		if t.Scheduled != nil && t.Scheduled.Before(now) {
			met.InitialDate = t.Scheduled.In(loc).Format("2006-01-02")
		}
		blocks = append(blocks, slack.NewInputBlock("met_on", plain("When did you meet?"), nil, met))
	}
	sec := ""
	for _, q := range models.Questions {
		if q.Section != sec {
			sec = q.Section
			blocks = append(blocks, header(sec))
		}
		blocks = append(blocks, textInput(q.Key, q.Prompt, "", answers[q.Key], "", true, true, models.MaxAnswerLen))
	}
	people := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Choose people"), "people")
	leads := slack.NewInputBlock("people", plain("Did they mention anyone you could meet?"), plain("Optional. After saving, you can add them to your list of people to meet in one click."), people)
	leads.Optional = true
	blocks = append(blocks, leads)

	follow := slack.NewDatePickerBlockElement("follow_up")
	hint := "Optional. I'll DM you that day with the ask you made."
	if existing != nil && existing.FollowUpOn != nil {
		follow.InitialDate = existing.FollowUpOn.Format("2006-01-02")
		if existing.FollowUpOn.Before(dayOf(now, loc)) {
			hint = "That day has passed. Pick a new one if you'd like another reminder, or leave it as it is."
		}
	}
	fu := slack.NewInputBlock("follow_up", plain("When should I remind you to follow up?"), plain(hint), follow)
	fu.Optional = true
	blocks = append(blocks, fu)

	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for i, label := range ladder {
		opt := slack.NewOptionBlockObject(strconv.Itoa(i+1), plain(truncate(fmt.Sprintf("%d · %s", i+1, label), 75)), nil)
		opts = append(opts, opt)
		if existing != nil && existing.Engagement == i+1 {
			initial = opt
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a step"), "engagement", opts...)
	sel.InitialOption = initial
	eng := slack.NewInputBlock("engagement", plain("Where are they on the engagement ladder?"), plain("Optional."), sel)
	eng.Optional = true
	blocks = append(blocks, eng)
	return modal(viewReflect, "Reflect", "Save", t.encode(), blocks...)
}

// openLogNote says which one-to-one a log of an open one records, so
// nobody wonders where their scheduled meeting went.
func openLogNote(t reflectTarget, loc *time.Location) string {
	if t.Scheduled != nil {
		return fmt.Sprintf(":calendar: You have a one-to-one with %s scheduled for %s. Saving this records that one as held, so it counts once.", t.who(), slackDate(*t.Scheduled, loc))
	}
	return fmt.Sprintf(":envelope_with_arrow: There's an open request for a one-to-one between you and %s. Saving this records it as held, so it counts once.", t.who())
}

// reflectionSavedView replaces the modal once the reflection is saved. The
// leads the organizer named can go on their list in one click.
func reflectionSavedView(t reflectTarget, leads []string) slack.ModalViewRequest {
	blocks := []slack.Block{
		section(fmt.Sprintf(":white_check_mark: Saved your reflection on %s. Thank you for taking the time: this is how relationships grow.", t.who())),
	}
	if len(leads) > 0 {
		var ms []string
		for _, id := range leads {
			ms = append(ms, mention(id))
		}
		s := section("They mentioned " + strings.Join(ms, ", ") + ". Want to meet them too?")
		b := slack.NewButtonBlockElement(actAddLeads, strings.Join(leads, ","), plain(fmt.Sprintf("Add %d to my list", len(leads))))
		b.Style = slack.StylePrimary
		s.Accessory = slack.NewAccessory(b)
		blocks = append(blocks, s)
	}
	blocks = append(blocks, contextLine("Only you and the group's coordinators can read your reflection, never the person you met. Your Home shows who has read it."))
	return modal(viewReflect+"_saved", "Reflection saved", "", "", blocks...)
}

// leadsAddedView replaces the confirmation once leads went on the list.
func leadsAddedView(r *reply) slack.ModalViewRequest {
	return modal(viewReflect+"_saved", "Reflection saved", "", "", r.Blocks...)
}
