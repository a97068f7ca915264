package main

import (
	"strings"
	"testing"
)

// oauthEnv serves many workspaces: HTTP mode, the three OAuth variables
// and a key to seal their tokens; no SLACK_BOT_TOKEN.
var oauthEnv = env{
	"ONETOONE_MODE": "http", "SLACK_SIGNING_SECRET": "s3cret",
	"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "c1ient", "ONETOONE_PUBLIC_URL": "https://onetoone.example.org/",
	"ONETOONE_ENCRYPTION_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
}

func TestLoadOAuthConfig(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c, err := loadConfig(oauthEnv.getenv, true)
		if err != nil {
			t.Fatal(err)
		}
		if c.OAuth == nil || c.OAuth.ClientID != "123.456" || c.OAuth.ClientSecret != "c1ient" || c.OAuth.PublicURL != "https://onetoone.example.org" {
			t.Errorf("OAuth = %+v", c.OAuth)
		}
	})
	t.Run("OKWithoutOAuth", func(t *testing.T) {
		c, err := loadConfig(slackEnv.getenv, true)
		if err != nil || c.OAuth != nil {
			t.Errorf("without the OAuth variables: %+v, %v; want a single-workspace install", c.OAuth, err)
		}
	})
	for _, tc := range []struct {
		name string
		env  env
		says string
	}{
		{"ErrNoClientID", oauthEnv.with("SLACK_CLIENT_ID", ""), "SLACK_CLIENT_ID is not set"},
		{"ErrNoSecret", oauthEnv.with("SLACK_CLIENT_SECRET", ""), "SLACK_CLIENT_SECRET is not set"},
		{"ErrNoPublicURL", oauthEnv.with("ONETOONE_PUBLIC_URL", ""), "ONETOONE_PUBLIC_URL is not set"},
		{"ErrPlainHTTP", oauthEnv.with("ONETOONE_PUBLIC_URL", "http://onetoone.example.org"), "must be an https URL"},
		{"ErrSocketMode", oauthEnv.with("ONETOONE_MODE", "socket", "SLACK_APP_TOKEN", "xapp-1"), "ONETOONE_MODE must be http"},
		{"ErrNoKey", oauthEnv.with("ONETOONE_ENCRYPTION_KEY", ""), "ONETOONE_ENCRYPTION_KEY is not set: with SLACK_CLIENT_ID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(tc.env.getenv, true)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("loadConfig = %v, want it to say %q", err, tc.says)
			}
		})
	}
}
