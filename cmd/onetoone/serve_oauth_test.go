package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

// TestServeOAuth serves many workspaces: no bot token at start, the Add to
// Slack page on the public address, and an installation through it.
func TestServeOAuth(t *testing.T) {
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	fake.SetOAuthApp("123.456", "c1ient")
	addr := freeAddr(t)
	env := oauthEnv.with("SLACK_API_URL", fake.URL(), "ONETOONE_PUBLIC_URL", "http://"+addr,
		"DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "o.db"), "ONETOONE_HTTP_ADDR", addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, env.getenv, io.Discard, io.Discard) }()
	ready, readyCancel := context.WithTimeout(ctx, 15*time.Second)
	defer readyCancel()
	waitReadyz(t, ready, addr, http.StatusOK, "")

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(b))
	}
	status, page := get("/slack/install")
	m := regexp.MustCompile(`state=([^"&]+)`).FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		t.Fatalf("install page: %d %s", status, page)
	}
	state, _ := url.QueryUnescape(m[1])
	code := fake.InstallCode("TNEW", "New Workspace", "UINSTALLER")
	status, page = get("/slack/oauth_redirect?" + url.Values{"code": {code}, "state": {state}}.Encode())
	if status != http.StatusOK || !strings.Contains(page, "onetoone is now in New Workspace") {
		t.Errorf("redirect: %d %s", status, page)
	}
	if fake.TeamToken("TNEW") == "" {
		t.Errorf("oauth.v2.access was not called")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
