package bot

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

func init() {
	goldenCovered = append(goldenCovered, "peopleModal", "pictureActions", "funnelBlocks", "coverageModal", "teamPages")
}

func TestGoldenPicture(t *testing.T) {
	fields := [models.RosterFieldCount]string{"Ward " + goldenHostile, "Department", "Shift"}
	c := &models.Coverage{Field: models.FieldSite,
		Rows: []models.CoverageRow{
			{Value: "Ward 3 " + goldenHostile, People: 30, Met: 12, Steps: [6]int64{20, 3, 2, 0, 4, 1}},
			{Value: "Ward 5", People: 8, Met: 0, Steps: [6]int64{8}},
			{Value: "", People: 2, Met: 1, Steps: [6]int64{1, 0, 1}},
		},
		Total: models.CoverageRow{People: 40, Met: 13, Steps: [6]int64{29, 3, 3, 0, 4, 1}},
	}
	many := &models.Coverage{Field: models.FieldShift, Total: models.CoverageRow{People: 60, Met: 30, Steps: [6]int64{60}}}
	for i := range 60 {
		many.Rows = append(many.Rows, models.CoverageRow{Value: fmt.Sprintf("Shift %02d", i), People: 1, Met: int64(i % 2), Steps: [6]int64{1}})
	}
	var page []models.RosterPerson
	for i := range 25 {
		page = append(page, models.RosterPerson{Person: models.Person{ID: models.PersonID(100 + i), Name: fmt.Sprintf("Person %02d", i), Site: "Ward 3"}})
	}
	page[0].Name, page[0].Department, page[0].Shift, page[0].SlackID = "Dana "+goldenHostile, "Nursing", "Night", "UDANA"
	page[1].Organizer = "UALEX"
	eachLangModal(t, func(l catalog.Lang) []goldenModalCase {
		return []goldenModalCase{
			{name: "coverage_empty", view: coverageModal(l, &models.Coverage{Field: models.FieldSite}, fields, DefaultLadder)},
			{name: "coverage_typical", view: coverageModal(l, c, fields, DefaultLadder), check: goldenExpect{escaped: true}},
			{name: "coverage_many", view: coverageModal(l, many, fields, DefaultLadder)},
			{name: "people_empty", view: peopleModal(l, peopleState{}, &models.PeopleResult{}, fields)},
			{name: "people_none_found", view: peopleModal(l, peopleState{Query: "zz " + goldenHostile}, &models.PeopleResult{}, fields), check: goldenExpect{escaped: true}},
			{name: "people_first_page", view: peopleModal(l, peopleState{}, &models.PeopleResult{People: page, Total: 60}, fields), check: goldenExpect{escaped: true}},
			{name: "people_middle_page", view: peopleModal(l, peopleState{Query: "ward", Offset: 25}, &models.PeopleResult{People: page, Total: 60}, fields), check: goldenExpect{escaped: true}},
			{name: "people_last_page", view: peopleModal(l, peopleState{Offset: 50}, &models.PeopleResult{People: page[:10], Total: 60}, fields), check: goldenExpect{escaped: true}},
		}
	})
}

// The trends chart is a PNG of the size Slack previews well, in each
// language, with nothing to draw as well as a busy quarter.
func TestTrendsChart(t *testing.T) {
	start := time.Date(2026, 9, 7, 9, 0, 0, 0, time.UTC)
	busy := &models.Trends{}
	for i := range models.TrendWeeks {
		busy.Weeks = append(busy.Weeks, models.TrendWeek{Start: start.Add(time.Duration(i) * 7 * 24 * time.Hour), Held: i * 3, Up: i % 4, Down: i % 2})
	}
	empty := &models.Trends{Weeks: make([]models.TrendWeek, models.TrendWeeks)}
	for _, l := range catalog.Langs() {
		for name, tr := range map[string]*models.Trends{"busy": busy, "empty": empty} {
			b, err := trendsChart(l, tr, name == "busy")
			if err != nil {
				t.Fatalf("%s %s: %v", l, name, err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s %s: not a PNG: %v", l, name, err)
			}
			if got := img.Bounds().Size(); got.X != 960 || got.Y != 540 {
				t.Errorf("%s %s: size = %v, want 960×540", l, name, got)
			}
		}
		if c := trendsComment(l, busy, false); strings.Contains(c, "ladder") || strings.Contains(c, "escalera") {
			t.Errorf("%s: the channel's comment tells how ratings moved: %q", l, c)
		}
		if c := trendsComment(l, busy, true); !bytes.Contains([]byte(c), []byte("198")) {
			t.Errorf("%s: the comment does not say the 198 held: %q", l, c)
		}
	}
}
