package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// homeReflections is how many of their newest reflections Home lists for
// their author.
const homeReflections = 5

// readersShown caps the readers named in a line; the rest are counted.
const readersShown = 5

// slackShortDay renders a date as "Nov 27", or "today", in each reader's
// own timezone.
func slackShortDay(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty}|%s>", t.Unix(), t.In(loc).Format("Jan 2"))
}

// readerName names someone who read a reflection.
func readerName(id models.UserID) string {
	if id == models.OperatorID {
		return "the server's operator"
	}
	return mention(string(id))
}

// readersText says who other than its author has read a reflection, each
// reader once with their last read, newest first; "" when nobody has.
func readersText(rs []models.Reader, loc *time.Location) string {
	var ns []string
	for i, r := range rs {
		if i == readersShown {
			ns = append(ns, fmt.Sprintf("%d more", len(rs)-readersShown))
			break
		}
		when := slackShortDay(r.Last, loc)
		if r.Via == models.ReadExported {
			when = "in an export, " + when
		}
		if r.Times > 1 {
			when = fmt.Sprintf("%d times, last %s", r.Times, when)
		}
		ns = append(ns, fmt.Sprintf("%s (%s)", readerName(r.ID), when))
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return "Read by " + ns[0]
	}
	return "Read by " + strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// myReflectionsBlocks lists a person's newest reflections on their Home,
// each with who else has read it and a button to read it again. Only its
// author sees this list: the store builds it from their own reflections.
func myReflectionsBlocks(rs []models.AuthoredReflection, me models.UserID, loc *time.Location) []slack.Block {
	if len(rs) == 0 {
		return nil
	}
	blocks := []slack.Block{header("Your reflections")}
	for i, r := range rs {
		if i == homeReflections {
			break
		}
		o := r.OneToOne
		at := r.SavedAt
		if o.HeldAt != nil {
			at = *o.HeldAt
		}
		line := fmt.Sprintf("With %s, %s", otherOf(&o, me), slackDay(at, loc))
		if read := readersText(r.Readers, loc); read != "" {
			line += "\n:eyes: " + read + "."
		} else {
			line += "\n:lock: Nobody else has read it."
		}
		s := section(line)
		s.Accessory = slack.NewAccessory(button("Read", actReadReflection, o.ID, ""))
		blocks = append(blocks, s)
	}
	return blocks
}
