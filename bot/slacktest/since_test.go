package slacktest

import (
	"testing"

	"github.com/slack-go/slack"
)

func TestDMsFrom(t *testing.T) {
	s := newServer(t, Options{})
	api := newAPI(s)
	ctx := testContext(t)
	for _, text := range []string{"one", "two", "three"} {
		if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		from int
		want []string
	}{{0, []string{"one", "two", "three"}}, {2, []string{"three"}}, {3, nil}, {9, nil}} {
		var got []string
		for _, m := range s.DMsFrom("U1", tt.from) {
			got = append(got, m.Text)
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("DMsFrom(%d) = %q, want %q", tt.from, got, tt.want)
		}
	}
}
