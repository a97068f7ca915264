package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// Action ids of the buttons of the times the requester proposed, first to
// third: ids must differ within a message. Their value is proposedValue.
const (
	actPickProposed1 = "pick_proposed_1"
	actPickProposed2 = "pick_proposed_2"
	actPickProposed3 = "pick_proposed_3"
)

var actPickProposed = []string{actPickProposed1, actPickProposed2, actPickProposed3}

// proposedBlocks are the block ids of the request form's optional time
// pickers, one per time a request may propose.
var proposedBlocks = []string{"proposed_1", "proposed_2", "proposed_3"}

// proposedValue is a proposed time's button value: the one-to-one and the
// time, in Unix seconds.
func proposedValue(id models.OneToOneID, at time.Time) string {
	return fmt.Sprintf("%s@%d", id, at.Unix())
}

// parseProposedValue reads proposedValue; ok is false for anything else.
func parseProposedValue(v string) (id string, at time.Time, ok bool) {
	id, unix, found := strings.Cut(v, "@")
	sec, err := strconv.ParseInt(unix, 10, 64)
	if !found || err != nil {
		return "", time.Time{}, false
	}
	return id, time.Unix(sec, 0).UTC(), true
}

// inviteProposedView is the invitation with the times the requester
// proposed as buttons, written in the invitee's own timezone (loc): one
// click sets the meeting. Another time opens the date picker; Not now is
// as ever. Times already passed at now are not offered; with none left it
// is the plain invitation.
func inviteProposedView(l catalog.Lang, o *models.OneToOne, loc *time.Location, now time.Time) (string, []slack.Block) {
	text, blocks := inviteView(l, o)
	open := o.Proposed.Open(now)
	if len(open) == 0 {
		return text, blocks
	}
	var times []slack.BlockElement
	for i, at := range open {
		if i == len(actPickProposed) {
			break
		}
		btn := slack.NewButtonBlockElement(actPickProposed[i], proposedValue(o.ID, at), plain(catalog.DateTime(l, at.In(loc))))
		if i == 0 {
			btn.Style = slack.StylePrimary
		}
		times = append(times, btn)
	}
	last := len(blocks) - 1 // the invitation's own buttons
	out := append([]slack.Block{}, blocks[:last]...)
	return text, append(out,
		section(catalog.N(l, "proposed.intro", len(open), personData(mention(string(o.RequesterID))))),
		actions("invite_times", times...),
		actions("invite",
			button(catalog.T(l, "proposed.another_time", nil), actPickTime, o.ID, ""),
			button(catalog.T(l, "common.not_now", nil), actNotNow, o.ID, ""),
		),
	)
}

// requesterCopyProposedView is the requester's copy, with the times they
// proposed in each reader's own timezone (Slack's date formatting).
func requesterCopyProposedView(l catalog.Lang, o *models.OneToOne, loc *time.Location) (string, []slack.Block) {
	text, blocks := requesterCopyView(l, o)
	if len(o.Proposed) == 0 {
		return text, blocks
	}
	var when []string
	for _, at := range o.Proposed {
		when = append(when, slackDate(l, at, loc))
	}
	last := len(blocks) - 1
	out := append([]slack.Block{}, blocks[:last]...)
	return text, append(out,
		contextLine(catalog.N(l, "proposed.you_proposed", len(when), map[string]any{"Times": catalog.And(l, when)})),
		blocks[last],
	)
}

// proposedPickers are the request form's optional time pickers, shown in
// the requester's own timezone by Slack.
func proposedPickers(l catalog.Lang) []slack.Block {
	var out []slack.Block
	for i, id := range proposedBlocks {
		in := slack.NewInputBlock(id, plain(catalog.T(l, "proposed.label", map[string]any{"N": i + 1, "Max": len(proposedBlocks)})), nil, slack.NewDateTimePickerBlockElement(id))
		if i == 0 {
			in.Hint = plain(catalog.T(l, "proposed.hint", nil))
		}
		in.Optional = true
		out = append(out, in)
	}
	return out
}
