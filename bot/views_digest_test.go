package bot

import (
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/catalog"
)

func TestInWords(t *testing.T) {
	day := 24 * time.Hour
	for d, want := range map[time.Duration]string{
		14 * day:         "2 weeks",
		7 * day:          "1 week",
		10 * day:         "10 days",
		day:              "1 day",
		36 * time.Hour:   "36 hours",
		90 * time.Minute: "90 minutes",
		90 * time.Second: "2 minutes",
	} {
		if got := inWords(catalog.English, d); got != want {
			t.Errorf("inWords(%v) = %q, want %q", d, got, want)
		}
	}
}
