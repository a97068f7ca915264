package models

import (
	"slices"
	"strings"
	"time"
)

// Question is one prompt of the guide's reflection, keyed so answers survive
// rewording of the prompt.
type Question struct {
	Key     string
	Section string
	Prompt  string
}

// Reflection sections, in the guide's order.
const (
	SectionRelationship = "Relationship"
	SectionSelfInterest = "Self-interest"
	SectionSelfEval     = "Self-evaluation"
	SectionNextSteps    = "Next steps"
)

// Questions are the guide's reflection questions, followed by next steps.
// Their text is the product's content: change it with the guide.
var Questions = []Question{
	{"common", SectionRelationship, "What do you have in common? What might be the basis of a relationship?"},
	{"learned", SectionSelfInterest, "What are some important things you learned about this person?"},
	{"cares", SectionSelfInterest, "What does this person care most about? Why?"},
	{"excites", SectionSelfInterest, "What does this person get excited talking about?"},
	{"talents", SectionSelfInterest, "What talents, background or skills do they have to offer? Where are they using them?"},
	{"why_involved", SectionSelfInterest, "Why is this person involved in the things they're involved in?"},
	{"role", SectionSelfInterest, "Is there a potential role in the campaign that would really get them excited?"},
	{"did_well", SectionSelfEval, "What did you do well? What can you do differently next time?"},
	{"stories", SectionSelfEval, "Did you listen for the stories behind this person's facts and opinions?"},
	{"leads", SectionSelfEval, "Were there leads they gave you that you didn't follow up? Why?"},
	{"felt", SectionSelfEval, "How did this visit feel? Did you begin a relationship? Would you talk with them again?"},
	{"ask", SectionNextSteps, "What did you ask of them, and what did they say?"},
	{"interests", SectionNextSteps, "Which parts of the group might interest them (a working group, an event)?"},
}

// SectionQuestions are the short reflection's boxes: one per section of
// the guide, asked in the guide's own words (its "Reflect" step: what you
// learned about the person, and what you could have done better). A
// quick reflection answers these and the ask; the full one adds the
// guide's every question (Questions). Both count the same everywhere.
var SectionQuestions = []Question{
	{"relationship", SectionRelationship, "How did you connect? What might be the basis of a relationship?"},
	{"self_interest", SectionSelfInterest, "What did you learn about them: what do they care about most, and why?"},
	{"self_eval", SectionSelfEval, "What did you do well, and what could you have done better?"},
}

// AskKey is the question the short reflection keeps from the next steps:
// the ask, which a follow-up reminder recalls.
const AskKey = "ask"

// AllQuestions is every question in the guide's order, each section's
// own box (SectionQuestions) before its full list: the full reflection.
func AllQuestions() []Question {
	out := make([]Question, 0, len(SectionQuestions)+len(Questions))
	for _, q := range Questions {
		for _, sq := range SectionQuestions {
			if sq.Section == q.Section && !slices.ContainsFunc(out, func(x Question) bool { return x.Key == sq.Key }) {
				out = append(out, sq)
			}
		}
		out = append(out, q)
	}
	return out
}

// Short reports whether the short reflection asks q.
func (q Question) Short() bool {
	return q.Key == AskKey || slices.ContainsFunc(SectionQuestions, func(sq Question) bool { return sq.Key == q.Key })
}

// IsLong reports whether r answers a question only the full reflection
// asks, so editing it opens the full list and loses nothing.
func (r *Reflection) IsLong() bool {
	for _, q := range AllQuestions() {
		if !q.Short() && strings.TrimSpace(r.Answers[q.Key]) != "" {
			return true
		}
	}
	return false
}

// MaxAnswerLen bounds one answer: Slack's plain_text_input has no documented
// limit, and docs/slack.md asks us to keep it at 3000.
const MaxAnswerLen = 3000

// Engagement ladder bounds (an optional 1–5 rating).
const (
	MinEngagement = 1
	MaxEngagement = 5
)

// Reflection is what one of the two people learned in a one-to-one. Each
// may write their own: a reflection belongs to its author, the key of every
// rule about it. It is private to its author and the group's coordinators
// on every surface, and never shown to the person it is about
// (MayReadReflection).
type Reflection struct {
	ID int64 `gorm:"primaryKey"`
	// GroupID is its one-to-one's group.
	GroupID    GroupID
	OneToOneID OneToOneID
	// AuthorID is who wrote it: either person of a pair in Slack, the
	// organizer alone for someone outside Slack. One per author.
	AuthorID UserID
	// Answers maps Question.Key to the author's words. It is stored
	// sealed in Body (see Sealer) and never logged.
	Answers    map[string]string `gorm:"-"`
	Body       []byte
	Engagement int // 0 when not rated
	// Tags are the group's issue tags its author chose (ReflectionTag):
	// saving keeps those on the group's list (KeepTags); reading fills them.
	Tags       []string   `gorm:"-"`
	FollowUpOn *time.Time // a date (midnight UTC) to recall the ask
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Readers are the people other than its author who have read it,
	// filled by Store.Reflection for those allowed to see the record.
	Readers []Reader `gorm:"-"`
}

// Validate refuses a reflection with nothing worth saving, answers longer
// than Slack lets people type, and a rating off the ladder. Errors name the
// question key in Field so a modal can show them beside the right input.
func (r *Reflection) Validate() error {
	filled := 0
	for _, q := range AllQuestions() {
		a := strings.TrimSpace(r.Answers[q.Key])
		if n := len([]rune(a)); n > MaxAnswerLen {
			return &FieldError{Field: q.Key, Err: Errorf(EINVALID, "Please keep this under %d characters (it has %d).", MaxAnswerLen, n).Msg("error.answer_too_long", "Max", MaxAnswerLen, "Length", n)}
		}
		if a != "" {
			filled++
		}
	}
	if r.Engagement != 0 && (r.Engagement < MinEngagement || r.Engagement > MaxEngagement) {
		return &FieldError{Field: "engagement", Err: Errorf(EINVALID, "Pick a level from %d to %d.", MinEngagement, MaxEngagement).Msg("error.pick_level", "Min", MinEngagement, "Max", MaxEngagement)}
	}
	if filled == 0 && r.FollowUpOn == nil {
		return &FieldError{Field: AllQuestions()[0].Key, Err: Errorf(EINVALID, "Write a line or two about at least one question, so there's something to come back to.").Msg("error.reflection_empty")}
	}
	return nil
}

// CheckFollowUp refuses a follow-up day before today, the author's own date
// as midnight UTC, since nobody can be reminded on a day gone by. The day
// already saved is the exception: a reflection opened again after its
// follow-up day shows that day, and saving it unchanged must work, or the
// author could not add what they remembered later without inventing a new
// date. saved is the author's reflection as stored, nil for a new one.
func (r *Reflection) CheckFollowUp(saved *Reflection, today time.Time) error {
	if r.FollowUpOn == nil || !r.FollowUpOn.Before(today) {
		return nil
	}
	if saved != nil && saved.FollowUpOn != nil && saved.FollowUpOn.Equal(*r.FollowUpOn) {
		return nil
	}
	return &FieldError{Field: "follow_up", Err: Errorf(EINVALID, "Pick a day from today on.").Msg("error.pick_follow_up")}
}

// FieldError ties a validation error to one field of a form.
type FieldError struct {
	Field string
	Err   *Error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap lets errors.As find the *Error inside.
func (e *FieldError) Unwrap() error { return e.Err }
