package main

import (
	"net/url"
	"strings"
)

// oauthConfig is the app's OAuth credentials and where this deployment is
// reached, for serving many workspaces (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,
// ONETOONE_PUBLIC_URL).
type oauthConfig struct {
	ClientID, ClientSecret string
	// PublicURL is the https address Slack and browsers reach, without a
	// trailing slash: the install page is PublicURL/slack/install.
	PublicURL string
}

// loadOAuth reads the three OAuth variables: none set is a single-workspace
// install (SLACK_BOT_TOKEN); any set needs all three, and HTTP mode.
func loadOAuth(getenv func(string) string, mode string) (*oauthConfig, error) {
	o := &oauthConfig{
		ClientID:     strings.TrimSpace(getenv("SLACK_CLIENT_ID")),
		ClientSecret: strings.TrimSpace(getenv("SLACK_CLIENT_SECRET")),
		PublicURL:    strings.TrimRight(strings.TrimSpace(getenv("ONETOONE_PUBLIC_URL")), "/"),
	}
	if o.ClientID == "" && o.ClientSecret == "" && o.PublicURL == "" {
		return nil, nil
	}
	const where = "; find the client id and secret under Basic Information, App Credentials (see deploy/README.md, \"Hosting many workspaces\")"
	switch {
	case o.ClientID == "":
		return nil, &configError{"SLACK_CLIENT_ID", "is not set, but SLACK_CLIENT_SECRET or ONETOONE_PUBLIC_URL is: serving many workspaces needs all three" + where}
	case o.ClientSecret == "":
		return nil, &configError{"SLACK_CLIENT_SECRET", "is not set, but SLACK_CLIENT_ID is: serving many workspaces needs all three" + where}
	case o.PublicURL == "":
		return nil, &configError{"ONETOONE_PUBLIC_URL", "is not set, but SLACK_CLIENT_ID is: it is the https address Slack sends installers back to, like https://onetoone.example.org" + where}
	case mode != "http":
		return nil, &configError{"ONETOONE_MODE", "must be http with SLACK_CLIENT_ID: Socket Mode serves the one workspace of SLACK_BOT_TOKEN, so unset the OAuth variables or set ONETOONE_MODE=http"}
	}
	u, err := url.Parse(o.PublicURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && localHost(u.Hostname()))) || u.RawQuery != "" || u.Fragment != "" {
		return nil, &configError{"ONETOONE_PUBLIC_URL", "must be an https URL without a query, like https://onetoone.example.org (Slack redirects installers only to https; http is allowed for localhost)"}
	}
	return o, nil
}

func localHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }
