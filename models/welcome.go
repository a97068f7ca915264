package models

import (
	"net/url"
	"strings"
)

// The welcome DM. A group may welcome each person who joins its digest
// channel (Settings.Welcome, off by default): what a one-to-one is, the
// group's guide (Settings.GuideURL) and how to ask for one. It is sent once
// per person per group (its window names the group), in the person's
// daytime, and it counts against their weekly budget: nobody asked for it
// (UnaskedKinds).

// KindWelcome is the welcome DM; its subject is the channel joined.
const KindWelcome = "welcome"

// MaxGuideURL is the longest guide address: a URL button's limit
// (docs/slack.md).
const MaxGuideURL = 3000

// ValidateGuideURL accepts "" (no guide) or an absolute http or https
// address a button may link to.
func ValidateGuideURL(s string) *Error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > MaxGuideURL || strings.ContainsAny(s, " <>|") {
		return Errorf(EINVALID, "Write the guide's full address, starting with https://.").Msg("settings.err_guide_url")
	}
	return nil
}

// WelcomeWindow is the welcome's window: one per person per group, ever.
func WelcomeWindow(g GroupID) string { return "group:" + g.String() }
