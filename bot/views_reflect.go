package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// DefaultLadder names the steps of the optional engagement rating, in
// English; a coordinator may rename them. Until they do, each person reads
// the steps in their own language (defaultLadder).
var DefaultLadder = defaultLadder(catalog.English)

// defaultLadder is the engagement ladder's default steps in l, lowest first
// (reflect.ladder.step1 to step5).
func defaultLadder(l catalog.Lang) []string {
	steps := make([]string, models.LadderSteps)
	for i := range steps {
		steps[i] = catalog.T(l, fmt.Sprintf("reflect.ladder.step%d", i+1), nil)
	}
	return steps
}

// sectionIDs are the catalog ids of the reflection's sections
// (models.Section*).
var sectionIDs = map[string]string{
	models.SectionRelationship: "reflect.section.relationship",
	models.SectionSelfInterest: "reflect.section.self_interest",
	models.SectionSelfEval:     "reflect.section.self_evaluation",
	models.SectionNextSteps:    "reflect.section.next_steps",
}

// sectionTitle is a reflection section's title in l.
func sectionTitle(l catalog.Lang, section string) string {
	return catalog.T(l, sectionIDs[section], nil)
}

// questionPrompt is a reflection question in l. Answers are stored by the
// question's Key, whatever language it was asked in.
func questionPrompt(l catalog.Lang, q models.Question) string {
	return catalog.T(l, "reflect.q."+q.Key, nil)
}

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

// reflectForm is what a reflection modal shows beside its target and the
// answers: the ladder's steps, the group's issue tags (none shows no
// menu), whether the guide's full list of questions is open, and what was
// picked before More questions opened it (the day met, the leads).
type reflectForm struct {
	Ladder []string
	Tags   []string
	Full   bool
	MetOn  string // YYYY-MM-DD; "" for today, or the day it was scheduled
	Leads  []string
}

// reflectModal follows the guide's reflection: relationship, self-interest,
// self-evaluation, then next steps. It starts short, a box per section and
// the ask (models.Question.Short), with More questions for the guide's
// full list (f.Full); a few lines count as much as a long reflection.
// Every answer is optional; existing answers (saved, or typed before More
// questions) are filled in so people can add to them. The engagement
// options' values are step numbers, and the tags' values the tags
// themselves, so reading the answer never depends on the labels'
// language.
func reflectModal(l catalog.Lang, t reflectTarget, existing *models.Reflection, f reflectForm, now time.Time, loc *time.Location) slack.ModalViewRequest {
	answers := map[string]string{}
	if existing != nil {
		answers = existing.Answers
	}
	blocks := []slack.Block{
		section(catalog.T(l, "reflect.how_did_it_go", personData(t.who()))),
		contextLine(catalog.T(l, "reflect.private", nil)),
	}
	if t.Open {
		blocks = append(blocks, contextLine(openLogNote(l, t, loc)))
	}
	if t.ID == 0 || t.Open {
		met := slack.NewDatePickerBlockElement("met_on")
		met.InitialDate = now.In(loc).Format("2006-01-02")
		if t.Scheduled != nil && t.Scheduled.Before(now) {
			met.InitialDate = t.Scheduled.In(loc).Format("2006-01-02")
		}
		if f.MetOn != "" {
			met.InitialDate = f.MetOn
		}
		blocks = append(blocks, slack.NewInputBlock("met_on", plain(catalog.T(l, "reflect.met_on", nil)), nil, met))
	}
	sec := ""
	for _, q := range models.AllQuestions() {
		if !f.Full && !q.Short() {
			continue
		}
		if q.Section != sec {
			sec = q.Section
			blocks = append(blocks, header(sectionTitle(l, sec)))
		}
		blocks = append(blocks, textInput(inputField{ID: q.Key, Label: questionPrompt(l, q), Initial: answers[q.Key], Multiline: true, Optional: true, MaxLen: models.MaxAnswerLen}))
	}
	if !f.Full {
		more := slack.NewButtonBlockElement(actReflectMore, "", plain(catalog.T(l, "reflect.more", nil)))
		blocks = append(blocks, contextLine(catalog.T(l, "reflect.short_is_fine", nil)), slack.NewActionBlock(blockReflectMore, more))
	}
	if in := reflectTagsInput(l, f.Tags, existing); in != nil {
		blocks = append(blocks, in)
	}
	people := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain(catalog.T(l, "common.choose_people", nil)), "people")
	people.InitialUsers = f.Leads
	leads := slack.NewInputBlock("people", plain(catalog.T(l, "reflect.leads", nil)), plain(catalog.T(l, "reflect.leads_hint", nil)), people)
	leads.Optional = true
	blocks = append(blocks, leads)

	follow := slack.NewDatePickerBlockElement("follow_up")
	hint := catalog.T(l, "reflect.follow_up_hint", nil)
	if existing != nil && existing.FollowUpOn != nil {
		follow.InitialDate = existing.FollowUpOn.Format("2006-01-02")
		if existing.FollowUpOn.Before(dayOf(now, loc)) {
			hint = catalog.T(l, "reflect.follow_up_passed", nil)
		}
	}
	fu := slack.NewInputBlock("follow_up", plain(catalog.T(l, "reflect.follow_up", nil)), plain(hint), follow)
	fu.Optional = true
	blocks = append(blocks, fu)

	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for i, label := range f.Ladder {
		opt := slack.NewOptionBlockObject(strconv.Itoa(i+1), plain(truncate(fmt.Sprintf("%d · %s", i+1, label), 75)), nil)
		opts = append(opts, opt)
		if existing != nil && existing.Engagement == i+1 {
			initial = opt
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(catalog.T(l, "reflect.pick_step", nil)), "engagement", opts...)
	sel.InitialOption = initial
	eng := slack.NewInputBlock("engagement", plain(catalog.T(l, "reflect.engagement", nil)), plain(catalog.T(l, "common.optional", nil)), sel)
	eng.Optional = true
	blocks = append(blocks, eng)
	return modal(l, viewReflect, catalog.T(l, "reflect.title", nil), catalog.T(l, "common.save", nil), t.encode(), blocks...)
}

// openLogNote says which one-to-one a log of an open one records, so
// nobody wonders where their scheduled meeting went.
func openLogNote(l catalog.Lang, t reflectTarget, loc *time.Location) string {
	if t.Scheduled != nil {
		return catalog.T(l, "reflect.open_scheduled", map[string]any{"Person": t.who(), "When": slackDate(l, *t.Scheduled, loc)})
	}
	return catalog.T(l, "reflect.open_requested", personData(t.who()))
}

// reflectionSavedView replaces the modal once the reflection is saved. The
// leads the organizer named can go on their list in one click.
func reflectionSavedView(l catalog.Lang, t reflectTarget, leads []string) slack.ModalViewRequest {
	blocks := []slack.Block{
		section(catalog.T(l, "reflect.saved", personData(t.who()))),
	}
	if len(leads) > 0 {
		var ms []string
		for _, id := range leads {
			ms = append(ms, mention(id))
		}
		s := section(catalog.T(l, "reflect.mentioned", map[string]any{"People": strings.Join(ms, ", ")}))
		b := slack.NewButtonBlockElement(actAddLeads, strings.Join(leads, ","), plain(catalog.N(l, "reflect.add_leads", len(leads), nil)))
		b.Style = slack.StylePrimary
		s.Accessory = slack.NewAccessory(b)
		blocks = append(blocks, s)
	}
	blocks = append(blocks, contextLine(catalog.T(l, "reflect.saved_private", nil)))
	return modal(l, viewReflect+"_saved", catalog.T(l, "reflect.saved_title", nil), "", "", blocks...)
}

// leadsAddedView replaces the confirmation once leads went on the list.
func leadsAddedView(l catalog.Lang, r *reply) slack.ModalViewRequest {
	return modal(l, viewReflect+"_saved", catalog.T(l, "reflect.saved_title", nil), "", "", r.Blocks...)
}
