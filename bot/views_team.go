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
// replace it (docs/slack.md: views.open before anything slow). It is the
// team view's, in l.
func loadingModal(l catalog.Lang, callbackID string) slack.ModalViewRequest {
	return modal(l, callbackID, catalog.T(l, "team.title", nil), "", "", section(catalog.T(l, "team.loading", nil)))
}

// statusWords name the lifecycle for people: the last part of their
// catalog ids, team.status_* for one one-to-one and team.count.* for
// several.
var statusWords = map[models.Status]string{
	models.StatusRequested: "requested", models.StatusScheduled: "scheduled", models.StatusHeld: "held",
	models.StatusReflected: "reflected", models.StatusDeclined: "declined",
	models.StatusCancelled: "cancelled", models.StatusExpired: "expired",
}

// statusCounts are "3 asked · 2 scheduled", in l, for the statuses of sts
// that have one-to-ones.
func statusCounts(l catalog.Lang, t *models.Team, sts ...models.Status) []string {
	var counts []string
	for _, st := range sts {
		if n := t.ByStatus[st]; n > 0 {
			counts = append(counts, catalog.N(l, "team.count."+statusWords[st], n, nil))
		}
	}
	return counts
}

// teamSummary is the team's picture in a line or two, in l.
func teamSummary(l catalog.Lang, t *models.Team) string {
	counts := statusCounts(l, t, models.StatusRequested, models.StatusScheduled, models.StatusHeld, models.StatusReflected)
	if len(counts) == 0 {
		counts = []string{catalog.T(l, "team.no_one_to_ones", nil)}
	}
	line := strings.Join(counts, " · ")
	if t.UnmetAll > 0 {
		line += "\n" + catalog.N(l, "team.unmet", t.UnmetAll, nil)
	}
	if n := len(t.NoGoal); n > 0 {
		line += "\n" + catalog.N(l, "team.no_goal", n, nil)
	}
	return line
}

// teamModal is the coordinators' picture of the practice, in l, with each
// organizer's funnel over period (f; nil leaves it out) and the tools of
// the coordinator's picture. Reflections are one click away for
// coordinators, and nowhere else.
func teamModal(l catalog.Lang, t *models.Team, f *models.Funnel, period string, loc *time.Location) slack.ModalViewRequest {
	counts := statusCounts(l, t, models.StatusRequested, models.StatusScheduled, models.StatusHeld, models.StatusReflected, models.StatusDeclined, models.StatusCancelled, models.StatusExpired)
	if len(counts) == 0 {
		counts = []string{catalog.T(l, "team.no_one_to_ones_lower", nil)}
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mdText(catalog.T(l, "team.all", map[string]any{"Counts": strings.Join(counts, " · ")})), nil,
			slack.NewAccessory(slack.NewButtonBlockElement(actAssignOpen, "", plain(catalog.T(l, "assign.team_button", nil))))),
		contextLine(catalog.T(l, "team.private", nil)),
		pictureActions(l, period),
	}
	if f != nil {
		blocks = append(blocks, funnelBlocks(l, f)...)
	}
	blocks = append(blocks, header(catalog.T(l, "team.who_meets_whom", nil)))
	who := func(o models.OneToOne) string {
		if o.PersonID != nil {
			if p, ok := t.PeopleByID[*o.PersonID]; ok {
				return catalog.T(l, "common.outside_slack_suffix", map[string]any{"Name": "*" + esc(p.Name) + "*"})
			}
			return catalog.T(l, "common.someone_outside_slack", nil)
		}
		return mention(string(o.InviteeID))
	}
	for i, o := range t.Recent {
		if i == teamRows {
			break
		}
		line := fmt.Sprintf("%s → %s · %s", mention(string(o.RequesterID)), who(o), catalog.T(l, "team.status_"+statusWords[o.Status], nil))
		switch {
		case o.ScheduledAt != nil && o.Status == models.StatusScheduled:
			line += " " + slackDate(l, *o.ScheduledAt, loc)
		case o.HeldAt != nil:
			line += " " + slackDay(l, *o.HeldAt, loc)
		}
		if read := readersText(l, t.ReadBy[o.ID], loc); read != "" {
			line += "\n:eyes: " + read
		}
		s := section(line)
		if t.Reflected[o.ID] {
			s.Accessory = slack.NewAccessory(button(catalog.T(l, "team.read_reflection", nil), actReadReflection, o.ID, ""))
		}
		blocks = append(blocks, s)
	}
	if len(t.Recent) == 0 && t.RecentFrom == 0 {
		blocks = append(blocks, section(catalog.T(l, "team.nobody_asked", nil)))
	}
	if nav := teamPages(l, t, period); nav != nil {
		blocks = append(blocks, nav)
	}
	if t.UnmetAll > 0 {
		var ns []string
		for _, m := range t.Unmet {
			ns = append(ns, mention(string(m.ID)))
		}
		line := strings.Join(ns, ", ")
		if more := t.UnmetAll - int64(len(t.Unmet)); more > 0 {
			line += " " + catalog.T(l, "join.and_more", map[string]any{"Count": more})
		}
		blocks = append(blocks, header(catalog.T(l, "team.unmet_title", nil)), section(truncateBytes(line, sectionLimit)),
			contextLine(catalog.T(l, "team.unmet_left_out", map[string]any{"For": inWords(l, models.NotNowFor)})))
	}
	blocks = append(blocks, tagCountsBlocks(l, t.Tags)...)
	if len(t.NoGoal) > 0 {
		ids := append([]models.UserID(nil), t.NoGoal...)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		var ns []string
		for i, id := range ids {
			if i == teamRows {
				ns = append(ns, catalog.T(l, "join.and_more", map[string]any{"Count": len(ids) - teamRows}))
				break
			}
			ns = append(ns, mention(string(id)))
		}
		blocks = append(blocks, header(catalog.T(l, "team.no_goal_title", nil)), section(strings.Join(ns, ", ")+"\n"+catalog.T(l, "team.no_goal_hint", map[string]any{"Command": defaultCommand})))
	}
	return modal(l, viewTeam, catalog.T(l, "team.title", nil), "", teamState{period, t.RecentFrom}.String(), blocks...)
}

// readBy says, in l, who other than its author has read a reflection.
func readBy(l catalog.Lang, rs []models.Reader, loc *time.Location) string {
	if read := readersText(l, rs, loc); read != "" {
		return read
	}
	return catalog.T(l, "reflection_read.nobody_read", nil)
}

// reflectionReadView shows the reflections on a one-to-one that someone is
// allowed to read, each under its author's name: each of the two people
// writes their own. o names someone outside Slack (o.PersonName). Each says
// who other than its author has read it, as of this read. It is in l.
func reflectionReadView(l catalog.Lang, o *models.OneToOne, rs []models.Reflection, ladder []string, loc *time.Location) slack.ModalViewRequest {
	var blocks []slack.Block
	for i, r := range rs {
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		blocks = append(blocks,
			section(catalog.T(l, "reflection_read.heading", map[string]any{"Author": mention(string(r.AuthorID)), "Person": otherOf(l, o, r.AuthorID)})),
			contextLine(catalog.T(l, "reflection_read.private", map[string]any{"ReadBy": readBy(l, r.Readers, loc)})),
		)
		sec := ""
		for _, q := range models.AllQuestions() {
			a := strings.TrimSpace(r.Answers[q.Key])
			if a == "" {
				continue
			}
			if q.Section != sec {
				sec = q.Section
				blocks = append(blocks, header(sectionTitle(l, sec)))
			}
			blocks = append(blocks, section("*"+esc(questionPrompt(l, q))+"*"))
			blocks = append(blocks, quoteBlocks(a)...)
		}
		if r.Engagement >= 1 && r.Engagement <= len(ladder) {
			blocks = append(blocks, section(catalog.T(l, "reflection_read.engagement", map[string]any{"Step": r.Engagement, "Label": esc(ladder[r.Engagement-1])})))
		}
		if r.FollowUpOn != nil {
			blocks = append(blocks, section(catalog.T(l, "reflection_read.follow_up_on", map[string]any{"Day": catalog.Day(l, *r.FollowUpOn)})))
		}
		blocks = append(blocks, reflectionTagsBlocks(l, r.Tags)...)
	}
	if len(blocks) > 100 {
		blocks = append(blocks[:99], contextLine(catalog.T(l, "reflection_read.too_long", nil)))
	}
	return modal(l, viewReflectionRead, catalog.T(l, "reflection_read.title", nil), "", o.ID.String(), blocks...)
}

// forgetConfirm asks a coordinator to confirm a deletion request, saying
// what is kept so that the bot never contacts the person again. It is in
// l.
func forgetConfirm(l catalog.Lang, id models.UserID, command string) *reply {
	text := catalog.T(l, "forget.confirm", map[string]any{"Person": mention(string(id))})
	kept := catalog.T(l, "forget.kept", map[string]any{"Command": command})
	b := slack.NewButtonBlockElement(actForget, string(id), plain(catalog.T(l, "forget.button", nil)))
	b.Style = slack.StyleDanger
	b.Confirm = forgetDialog(l, "forget.dialog_text")
	return &reply{Text: text + " " + kept, Blocks: []slack.Block{section(":warning: " + text), contextLine(kept), actions("forget", b)}}
}

// forgetPersonConfirm asks to confirm forgetting someone outside Slack: the
// contacts called the same name (one per organizer who knows them, and the
// group's roster's), named with whose they are when they are not only the
// viewer's own. It is in l.
func forgetPersonConfirm(l catalog.Lang, people []models.Person, viewer models.UserID) *reply {
	text := catalog.T(l, "forget.confirm_outside", map[string]any{"Name": esc(people[0].Name)})
	blocks := []slack.Block{section(":warning: " + text)}
	var ids, owners []string
	mine := true
	for _, p := range people {
		ids = append(ids, strconv.FormatInt(int64(p.ID), 10))
		if p.OwnerID == "" {
			owners = append(owners, catalog.T(l, "roster.import.forget_roster", nil))
		} else {
			owners = append(owners, mention(string(p.OwnerID)))
		}
		mine = mine && p.OwnerID == viewer
	}
	if !mine {
		blocks = append(blocks, contextLine(catalog.T(l, "forget.known_to", map[string]any{"People": strings.Join(owners, ", ")})))
	}
	b := slack.NewButtonBlockElement(actForgetPerson, strings.Join(ids, ","), plain(catalog.T(l, "forget.button", nil)))
	b.Style = slack.StyleDanger
	b.Confirm = forgetDialog(l, "forget.dialog_text_outside")
	return &reply{Text: text, Blocks: append(blocks, actions("forget", b))}
}

// forgetDialog is Slack's confirmation before a forget button acts, in l,
// saying what textID says.
func forgetDialog(l catalog.Lang, textID string) *slack.ConfirmationBlockObject {
	return slack.NewConfirmationBlockObject(plain(catalog.T(l, "forget.dialog_title", nil)), plain(catalog.T(l, textID, nil)),
		plain(catalog.T(l, "forget.dialog_confirm", nil)), plain(catalog.T(l, "forget.dialog_back", nil)))
}
