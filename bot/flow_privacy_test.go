package bot_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

// TestLogsHoldNoSecrets runs a whole flow with distinctive text in every
// field a person types, at debug level, and checks the logs hold none of
// it, nor the tokens.
func TestLogsHoldNoSecrets(t *testing.T) {
	eachHarness(t, func(t *testing.T, h *harness) {
		h.command(alex, "<@USAM> MSG-SECRET-1 about the union")
		h.click(sam, "Pick a time")
		h.waitModal(sam, "schedule")
		h.submit(sam, map[string]string{"When": fmt.Sprint(t0.Add(30 * time.Hour).Unix()), "Where": "PLACE-SECRET-2"})
		h.waitDM(alex, "Your one-to-one with")
		h.clock.Advance(40 * time.Hour)
		h.command(alex, "list")
		h.click(alex, "Reflect")
		h.waitModal(alex, "reflect")
		h.submit(alex, map[string]string{selfInterestLabel: "REFLECTION-SECRET-3"})
		h.waitModal(alex, "reflect_saved")
		h.command(robin, "<@UALEX> hi")
		h.click(alex, "Not now")
		h.waitModal(alex, "decline")
		h.submit(alex, map[string]string{"Anything you'd like them to know?": "REASON-SECRET-4"})
		h.waitDM(robin, "That's okay")
		h.command(sam, "plan \"NAME-SECRET-5\"")
		h.command(sam, "goal 3")
		// Also an internal failure, which is logged.
		h.fake.FailNext("chat.postMessage", "internal_error")
		h.command(robin, "<@USAM> MSG-SECRET-6")
		logs := h.logs.String()
		if !strings.Contains(logs, "level=") {
			t.Fatalf("no logs captured")
		}
		// The failed request's log line carries its envelope id.
		if !regexp.MustCompile(`dependency unavailable" route=command:request user=UROBIN request=[^ ]+ `).MatchString(logs) {
			t.Errorf("no request id on the failure's log line:\n%s", logs)
		}
		for _, secret := range []string{"MSG-SECRET-1", "PLACE-SECRET-2", "REFLECTION-SECRET-3", "REASON-SECRET-4", "NAME-SECRET-5", "MSG-SECRET-6", slacktest.BotToken, slacktest.AppToken, "xoxb-", "xapp-"} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs contain %q", secret)
			}
		}
	})
}
