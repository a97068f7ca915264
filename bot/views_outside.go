package bot

import (
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// plannedMeeting is a one-to-one with someone outside Slack that is not
// stored yet: the schedule modal carries it in its private_metadata, and
// submitting the modal stores it.
type plannedMeeting struct {
	Person string // a name as CleanName leaves it: one line
	Note   string // the organizer's words, at most models.MaxMessageLen
}

// encode fits private_metadata's 3000 characters: a name never holds a
// line break, so the first one ends it, and neither part is escaped.
func (p plannedMeeting) encode() string { return p.Person + "\n" + p.Note }

func decodePlanned(s string) (plannedMeeting, bool) {
	name, note, ok := strings.Cut(s, "\n")
	return plannedMeeting{Person: name, Note: note}, ok && name != ""
}

// plannedModal is the schedule modal for a first one-to-one with someone
// outside Slack, before anything is stored.
func plannedModal(l catalog.Lang, organizer models.UserID, p plannedMeeting, now time.Time, loc *time.Location) slack.ModalViewRequest {
	// The one-to-one as it will be stored, with no id yet, lends the
	// schedule modal its words.
	o := &models.OneToOne{RequesterID: organizer, PersonID: new(models.PersonID), PersonName: p.Person, Status: models.StatusRequested}
	v := scheduleModal(l, o, organizer, now, loc)
	v.CallbackID, v.PrivateMetadata = viewScheduleOutside, p.encode()
	return v
}
