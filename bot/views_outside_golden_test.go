package bot

import (
	"testing"

	"github.com/onetoone/onetoone/bot/catalog"
)

func init() { goldenCovered = append(goldenCovered, "plannedModal") }

func TestGoldenPlannedModal(t *testing.T) {
	ny := goldenLoc(t, "America/New_York")
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			// Alex plans a first one-to-one with Dana, outside Slack: the
			// modal names her safely and carries her name and Alex's note.
			{name: "schedule_modal_outside", view: plannedModal(l, "UALEX", plannedMeeting{Person: "Dana " + goldenHostile, Note: "At the laundromat & after"}, goldenNow, ny), check: goldenExpect{escaped: true}},
		}
	})
}

func TestPlannedMeetingRoundTrip(t *testing.T) {
	for _, p := range []plannedMeeting{
		{Person: "Maria Lopez"},
		{Person: "Dana " + goldenHostile, Note: "two\nlines & <more>"},
	} {
		got, ok := decodePlanned(p.encode())
		if !ok || got != p {
			t.Errorf("decodePlanned(%q) = %+v, %v; want %+v", p.encode(), got, ok, p)
		}
	}
	if _, ok := decodePlanned("42"); ok {
		t.Errorf("a one-to-one id decoded as a planned meeting")
	}
}
