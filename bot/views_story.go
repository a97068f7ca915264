package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// storyRows caps the one-to-ones and assignments a person's card lists,
// so it fits a modal's 50 blocks.
const storyRows = 15

// personCard is a person's card, in l: their name and roster fields (as
// the group names them, fields), who has them now, every one-to-one with
// them the viewer may see with the rating its reflection gave, the ladder
// over time and the issues tagged. Coordinators get Edit and Assign. A
// one-to-one with a reflection the viewer may read has its Read button.
func personCard(l catalog.Lang, st *models.Story, fields [models.RosterFieldCount]string, ladder []string, coordinator bool, loc *time.Location) slack.ModalViewRequest {
	p := st.Person
	var where []string
	for i, v := range []string{p.Site, p.Department, p.Shift} {
		if v = strings.TrimSpace(v); v != "" {
			where = append(where, "*"+esc(fields[i])+":* "+esc(v))
		}
	}
	head := "*" + esc(p.Name) + "*"
	if len(where) > 0 {
		head += "\n" + strings.Join(where, " · ")
	}
	blocks := []slack.Block{section(head)}
	if st.Current != nil {
		blocks = append(blocks, section(catalog.T(l, "story.with", map[string]any{"Organizer": mention(string(st.Current.OrganizerID)), "Since": slackDay(l, st.Current.CreatedAt, loc)})))
	} else {
		blocks = append(blocks, section(catalog.T(l, "story.with_nobody", nil)))
	}
	if coordinator {
		id := strconv.FormatInt(int64(p.ID), 10)
		blocks = append(blocks, slack.NewActionBlock("person_actions",
			slack.NewButtonBlockElement(actPersonEdit, id, plain(catalog.T(l, "story.edit", nil))),
			slack.NewButtonBlockElement(actAssignOpen, id, plain(catalog.T(l, "story.assign", nil)))))
	}
	blocks = append(blocks, contextLine(catalog.T(l, "story.private", nil)))

	if len(st.Ladder) > 0 {
		var steps []string
		for _, pt := range st.Ladder {
			steps = append(steps, catalog.T(l, "story.ladder_step", map[string]any{"Step": pt.Rating, "Label": esc(ladderLabel(ladder, pt.Rating)), "When": slackDay(l, pt.At, loc)}))
		}
		blocks = append(blocks, header(catalog.T(l, "story.ladder_title", nil)), section(truncateBytes(strings.Join(steps, " → "), sectionLimit)))
	}
	if len(st.Tags) > 0 {
		var parts []string
		for _, c := range st.Tags {
			parts = append(parts, esc(c.Tag)+" *"+strconv.FormatInt(c.N, 10)+"*")
		}
		blocks = append(blocks, section(catalog.T(l, "tags.on_reflection", map[string]any{"Tags": strings.Join(parts, " · ")})))
	}

	blocks = append(blocks, header(catalog.T(l, "story.meetings_title", nil)))
	if len(st.Meetings) == 0 {
		blocks = append(blocks, section(catalog.T(l, "story.not_met", nil)))
	}
	for i, m := range st.Meetings {
		if i == storyRows {
			blocks = append(blocks, contextLine(catalog.T(l, "join.and_more", map[string]any{"Count": len(st.Meetings) - storyRows})))
			break
		}
		line := slackDay(l, m.At, loc) + " · " + mention(string(m.Organizer)) + " · " + catalog.T(l, "team.status_"+statusWords[m.OneToOne.Status], nil)
		if m.Rating > 0 {
			line += " · " + catalog.T(l, "story.rated", map[string]any{"Step": m.Rating, "Label": esc(ladderLabel(ladder, m.Rating))})
		}
		s := section(line)
		if m.Readable {
			s.Accessory = slack.NewAccessory(button(catalog.T(l, "team.read_reflection", nil), actReadReflection, m.OneToOne.ID, ""))
		}
		blocks = append(blocks, s)
	}
	if len(st.Assignments) > 0 {
		var lines []string
		for i, a := range st.Assignments {
			if i == storyRows {
				break
			}
			line := catalog.T(l, "story.assigned", map[string]any{"Organizer": mention(string(a.OrganizerID)), "By": mention(string(a.AssignedBy)), "When": slackDay(l, a.CreatedAt, loc)})
			if a.EndedAt != nil {
				id := "story.ended"
				if a.EndReason == models.AssignmentHandedBack || a.EndReason == models.AssignmentHandedOn {
					id += "_" + a.EndReason
				}
				line += " " + catalog.T(l, id, map[string]any{"When": slackDay(l, *a.EndedAt, loc)})
			}
			if a.Note != "" {
				line += "\n> " + esc(truncate(strings.ReplaceAll(a.Note, "\n", " "), 300))
			}
			lines = append(lines, line)
		}
		blocks = append(blocks, header(catalog.T(l, "story.assignments_title", nil)), section(truncateBytes(strings.Join(lines, "\n"), sectionLimit)))
	}
	return modal(l, viewPersonCard, catalog.T(l, "story.title", nil), "", strconv.FormatInt(int64(p.ID), 10), blocks...)
}

// ladderLabel is step's name on the ladder, "" off it.
func ladderLabel(ladder []string, step int) string {
	if step < 1 || step > len(ladder) {
		return ""
	}
	return ladder[step-1]
}

// pickPersonReply lists the people of one name the viewer may see, each
// with where they are and a button to open their card, in l.
func pickPersonReply(l catalog.Lang, people []models.Person, fields [models.RosterFieldCount]string) *reply {
	text := catalog.N(l, "story.several", len(people), nil)
	blocks := []slack.Block{section(text)}
	for i, p := range people {
		if i == storyRows {
			break
		}
		line := "*" + esc(p.Name) + "*"
		for j, v := range []string{p.Site, p.Department, p.Shift} {
			if v != "" {
				line += " · " + esc(fields[j]) + ": " + esc(v)
			}
		}
		s := section(line)
		s.Accessory = slack.NewAccessory(slack.NewButtonBlockElement(actPersonOpen, strconv.FormatInt(int64(p.ID), 10), plain(catalog.T(l, "story.open", nil))))
		blocks = append(blocks, s)
	}
	return &reply{Text: text, Blocks: blocks}
}
