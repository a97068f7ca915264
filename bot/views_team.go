package bot

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// teamRows caps each list of the team view so it fits a modal's 100 blocks.
const teamRows = 25

// loadingModal opens at once on a trigger, so slow work can follow and
// replace it (docs/slack.md: views.open before anything slow).
func loadingModal(callbackID, title string) slack.ModalViewRequest {
	return modal(catalog.English, callbackID, title, "", "", section(":hourglass_flowing_sand: One moment…"))
}

// statusWords name the lifecycle for people.
var statusWords = map[models.Status]string{
	models.StatusRequested: "asked", models.StatusScheduled: "scheduled", models.StatusHeld: "met",
	models.StatusReflected: "met and reflected", models.StatusDeclined: "not now",
	models.StatusCancelled: "cancelled", models.StatusExpired: "expired",
}

// teamSummary is the team's picture in a line or two.
func teamSummary(t *models.Team) string {
	var counts []string
	for _, st := range []models.Status{models.StatusRequested, models.StatusScheduled, models.StatusHeld, models.StatusReflected} {
		if n := t.ByStatus[st]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, statusWords[st]))
		}
	}
	if len(counts) == 0 {
		counts = []string{"No one-to-ones yet"}
	}
	line := strings.Join(counts, " · ")
	if t.UnmetAll > 0 {
		line += fmt.Sprintf("\n%d %s nobody has met yet.", t.UnmetAll, map[bool]string{true: "person", false: "people"}[t.UnmetAll == 1])
	}
	if n := len(t.NoGoal); n > 0 {
		line += fmt.Sprintf("\n%d organizer%s without a goal.", n, plural(n))
	}
	return line
}

// teamModal is the coordinators' picture of the practice. Reflections are
// one click away for coordinators, and nowhere else.
func teamModal(t *models.Team, loc *time.Location) slack.ModalViewRequest {
	var counts []string
	for _, st := range []models.Status{models.StatusRequested, models.StatusScheduled, models.StatusHeld, models.StatusReflected, models.StatusDeclined, models.StatusCancelled, models.StatusExpired} {
		if n := t.ByStatus[st]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, statusWords[st]))
		}
	}
	if len(counts) == 0 {
		counts = []string{"no one-to-ones yet"}
	}
	blocks := []slack.Block{
		section("*All one-to-ones:* " + strings.Join(counts, " · ")),
		contextLine(":lock: You see reflections because you are a coordinator, except those about you. Each read is recorded and shown to the reflection's author. Please keep what people shared to yourself."),
		header("Who is meeting whom"),
	}
	who := func(o models.OneToOne) string {
		if o.PersonID != nil {
			if p, ok := t.PeopleByID[*o.PersonID]; ok {
				return "*" + esc(p.Name) + "* (outside Slack)"
			}
			return "someone outside Slack"
		}
		return mention(string(o.InviteeID))
	}
	for i, o := range t.Recent {
		if i == teamRows {
			break
		}
		line := fmt.Sprintf("%s → %s · %s", mention(string(o.RequesterID)), who(o), statusWords[o.Status])
		switch {
		case o.ScheduledAt != nil && o.Status == models.StatusScheduled:
			line += " " + slackDate(catalog.English, *o.ScheduledAt, loc)
		case o.HeldAt != nil:
			line += " " + slackDay(catalog.English, *o.HeldAt, loc)
		}
		if read := readersText(catalog.English, t.ReadBy[o.ID], loc); read != "" {
			line += "\n:eyes: " + read
		}
		s := section(line)
		if t.Reflected[o.ID] {
			s.Accessory = slack.NewAccessory(button("Read reflection", actReadReflection, o.ID, ""))
		}
		blocks = append(blocks, s)
	}
	if len(t.Recent) == 0 {
		blocks = append(blocks, section("Nobody has asked for a one-to-one yet."))
	}
	if t.UnmetAll > 0 {
		var ns []string
		for _, m := range t.Unmet {
			ns = append(ns, mention(string(m.ID)))
		}
		line := strings.Join(ns, ", ")
		if more := t.UnmetAll - int64(len(t.Unmet)); more > 0 {
			line += fmt.Sprintf(" and %d more", more)
		}
		blocks = append(blocks, header("Nobody has met yet"), section(truncateBytes(line, sectionLimit)),
			contextLine(fmt.Sprintf("Left out: people who opted out, or said \"Not now\" in the last %s. Nobody should feel pressed.", inWords(models.NotNowFor))))
	}
	if len(t.NoGoal) > 0 {
		ids := append([]models.UserID(nil), t.NoGoal...)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		var ns []string
		for i, id := range ids {
			if i == teamRows {
				ns = append(ns, fmt.Sprintf("and %d more", len(ids)-teamRows))
				break
			}
			ns = append(ns, mention(string(id)))
		}
		blocks = append(blocks, header("Organizers without a goal"), section(strings.Join(ns, ", ")+"\nA goal for the next 4 weeks helps: `/one-to-one goal N`."))
	}
	return modal(catalog.English, viewTeam, "Team", "", "", blocks...)
}

// readBy says who other than its author has read a reflection.
func readBy(rs []models.Reader, loc *time.Location) string {
	if read := readersText(catalog.English, rs, loc); read != "" {
		return read
	}
	return "Nobody but its author has read it"
}

// reflectionReadView shows the reflections on a one-to-one that someone is
// allowed to read, each under its author's name: each of the two people
// writes their own. o names someone outside Slack (o.PersonName). Each says
// who other than its author has read it, as of this read.
func reflectionReadView(o *models.OneToOne, rs []models.Reflection, ladder []string, loc *time.Location) slack.ModalViewRequest {
	var blocks []slack.Block
	for i, r := range rs {
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		blocks = append(blocks,
			section(fmt.Sprintf("%s's reflection on their one-to-one with %s.", mention(string(r.AuthorID)), otherOf(catalog.English, o, r.AuthorID))),
			contextLine(":lock: Private to its author and the group's coordinators, never shown to the person it's about. :eyes: "+readBy(r.Readers, loc)+"."),
		)
		sec := ""
		for _, q := range models.Questions {
			a := strings.TrimSpace(r.Answers[q.Key])
			if a == "" {
				continue
			}
			if q.Section != sec {
				sec = q.Section
				blocks = append(blocks, header(sec))
			}
			blocks = append(blocks, section("*"+esc(q.Prompt)+"*"))
			blocks = append(blocks, quoteBlocks(a)...)
		}
		if r.Engagement >= 1 && r.Engagement <= len(ladder) {
			blocks = append(blocks, section(fmt.Sprintf("*Engagement:* %d · %s", r.Engagement, esc(ladder[r.Engagement-1]))))
		}
		if r.FollowUpOn != nil {
			blocks = append(blocks, section("*Follow up on* "+r.FollowUpOn.Format("Monday, January 2")))
		}
	}
	if len(blocks) > 100 {
		blocks = append(blocks[:99], contextLine("This reflection is long; export it to read all of it."))
	}
	return modal(catalog.English, viewReflectionRead, "Reflection", "", o.ID.String(), blocks...)
}

// forgetConfirm asks a coordinator to confirm a deletion request, saying
// what is kept so that the bot never contacts the person again.
func forgetConfirm(id models.UserID, command string) *reply {
	text := fmt.Sprintf("This deletes everything I keep about %s: their profile, every one-to-one they were part of and the reflections on them, their goals and lists. It cannot be undone.", mention(string(id)))
	kept := fmt.Sprintf("I'll keep only their Slack id and today's date, so that I never contact them again. Only they can change that, by typing `%s optin`.", command)
	b := slack.NewButtonBlockElement(actForget, string(id), plain("Forget them"))
	b.Style = slack.StyleDanger
	b.Confirm = slack.NewConfirmationBlockObject(plain("Forget this person?"), plain("Everything about them is deleted for good. I keep only their Slack id and the date, so I never contact them again."), plain("Forget"), plain("Go back"))
	return &reply{Text: text + " " + kept, Blocks: []slack.Block{section(":warning: " + text), contextLine(kept), actions("forget", b)}}
}

// forgetPersonConfirm asks to confirm forgetting someone outside Slack: the
// contacts called the same name (one per organizer who knows them), named
// with whose they are when they are not only the viewer's own.
func forgetPersonConfirm(people []models.Person, viewer models.UserID) *reply {
	text := fmt.Sprintf("This deletes everything I keep about *%s*, who isn't in Slack: their name, every one-to-one with them and the reflections on them, and their place on lists. It cannot be undone.", esc(people[0].Name))
	blocks := []slack.Block{section(":warning: " + text)}
	var ids, owners []string
	mine := true
	for _, p := range people {
		ids = append(ids, strconv.FormatInt(int64(p.ID), 10))
		owners = append(owners, mention(string(p.OwnerID)))
		mine = mine && p.OwnerID == viewer
	}
	if !mine {
		blocks = append(blocks, contextLine("Known to "+strings.Join(owners, ", ")+"."))
	}
	b := slack.NewButtonBlockElement(actForgetPerson, strings.Join(ids, ","), plain("Forget them"))
	b.Style = slack.StyleDanger
	b.Confirm = slack.NewConfirmationBlockObject(plain("Forget this person?"), plain("Everything about them is deleted for good."), plain("Forget"), plain("Go back"))
	return &reply{Text: text, Blocks: append(blocks, actions("forget", b))}
}
