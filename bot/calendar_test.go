package bot

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// icsLines checks raw against RFC 5545 §3.1 (CRLF line ends, content
// lines of at most 75 octets, folds that start with one space and never
// split a UTF-8 character) and returns its unfolded content lines.
func icsLines(t *testing.T, raw []byte) []string {
	t.Helper()
	s := string(raw)
	if !strings.HasSuffix(s, "\r\n") {
		t.Error("the file does not end with CRLF")
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Error("a line ends with a bare LF or CR")
	}
	physical := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var lines []string
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, over 75: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i, l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatal("the file starts with a continuation line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// icsProp returns the value of the first content line named name.
func icsProp(lines []string, name string) (string, bool) {
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return v, true
		}
	}
	return "", false
}

func calendarFixture() *models.OneToOne {
	at := time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC)
	return &models.OneToOne{
		ID: 42, RequesterID: "UALEX", InviteeID: "USAM", Status: models.StatusScheduled,
		ScheduledAt: &at, DurationMin: 60, Version: 3, UpdatedAt: time.Date(2026, 3, 2, 15, 0, 0, 0, time.FixedZone("X", 3600)),
		// Commas, semicolons, a backslash, a line break and long
		// accented text: each must be escaped or folded, never lost.
		Place:   "Café Añoranza, 2º piso; sala \\ norte\njunto a la ventana, " + strings.Repeat("ñandú ", 20),
		Message: "private invitation words",
		Reason:  "private reason",
	}
}

func TestICSFileFollowsRFC5545(t *testing.T) {
	o := calendarFixture()
	e := calendarEventOf(catalog.Spanish, o, "Okafor, Sam", "T0001")
	lines := icsLines(t, icsFile(e))
	want := map[string]string{
		"BEGIN":    "VCALENDAR",
		"VERSION":  "2.0",
		"METHOD":   "PUBLISH",
		"UID":      "one-to-one-42@T0001",
		"SEQUENCE": "3",
		"DTSTART":  "20260305T233000Z",
		"DTEND":    "20260306T003000Z",
		"DTSTAMP":  "20260302T140000Z",
		"STATUS":   "CONFIRMED",
		"SUMMARY":  `Uno a uno con Okafor\, Sam`,
		"LOCATION": `Café Añoranza\, 2º piso\; sala \\ norte junto a la ventana\, ` + strings.TrimSpace(strings.Repeat("ñandú ", 20)),
	}
	for name, v := range want {
		if got, ok := icsProp(lines, name); !ok || got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	if _, ok := icsProp(lines, "PRODID"); !ok {
		t.Error("no PRODID (RFC 5545 §3.6 requires it)")
	}
	all := strings.Join(lines, "\n")
	for _, private := range []string{o.Message, o.Reason} {
		if strings.Contains(all, private) {
			t.Errorf("the calendar file carries private text %q", private)
		}
	}
	if got := lines[len(lines)-1]; got != "END:VCALENDAR" {
		t.Errorf("last line = %q", got)
	}

	// Cancelled: same UID, a higher SEQUENCE, METHOD:CANCEL.
	o.Status, o.Version = models.StatusCancelled, 4
	cancel := icsLines(t, icsFile(calendarEventOf(catalog.English, o, "", "T0001")))
	for name, v := range map[string]string{"METHOD": "CANCEL", "STATUS": "CANCELLED", "UID": "one-to-one-42@T0001", "SEQUENCE": "4", "SUMMARY": "One-to-one"} {
		if got, _ := icsProp(cancel, name); got != v {
			t.Errorf("cancelled %s = %q, want %q", name, got, v)
		}
	}
}

func TestCalendarLinks(t *testing.T) {
	o := calendarFixture()
	o.Place = "Room 4 & 5 + garden"
	e := calendarEventOf(catalog.English, o, "Sam Okafor", "T0001")
	details := catalog.T(catalog.English, "calendar.details", nil)
	for _, tc := range []struct {
		name, link, prefix string
		want               map[string]string
	}{
		{"Google", googleCalendarLink(e), "https://calendar.google.com/calendar/render", map[string]string{
			"action": "TEMPLATE", "text": "One-to-one with Sam Okafor", "dates": "20260305T233000Z/20260306T003000Z",
			"details": details, "location": "Room 4 & 5 + garden",
		}},
		{"Outlook", outlookCalendarLink(e), "https://outlook.live.com/calendar/0/deeplink/compose", map[string]string{
			"subject": "One-to-one with Sam Okafor", "startdt": "2026-03-05T23:30:00Z", "enddt": "2026-03-06T00:30:00Z",
			"body": details, "location": "Room 4 & 5 + garden",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(tc.link)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Scheme + "://" + u.Host + u.Path; got != tc.prefix {
				t.Errorf("link goes to %s, want %s", got, tc.prefix)
			}
			if strings.Contains(u.RawQuery, "+") {
				t.Errorf("a + in the query reads as a space to some and as a plus to others: %s", u.RawQuery)
			}
			q := u.Query()
			for k, v := range tc.want {
				if got := q.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if len(q) != len(tc.want) {
				t.Errorf("query has %d fields, want %d: %v", len(q), len(tc.want), q)
			}
		})
	}
	o.Place = ""
	if q := mustQuery(t, googleCalendarLink(calendarEventOf(catalog.English, o, "", ""))); q.Has("location") {
		t.Error("an empty place still gives a location")
	}
}

func mustQuery(t *testing.T, link string) url.Values {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
