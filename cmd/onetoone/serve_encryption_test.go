package main

import (
	"context"
	"encoding/base64"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

// TestServeWarnsWithoutEncryption: without ONETOONE_ENCRYPTION_KEY, serve
// says so in one warning line at start-up, with how to turn encryption on;
// with a key it says nothing of the kind, and never prints the key.
func TestServeWarnsWithoutEncryption(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	for _, tt := range []struct {
		name string
		key  string
		want int // warning lines
	}{
		{"OKWarnsWithoutKey", "", 1},
		{"OKQuietWithKey", key, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := slacktest.New(slacktest.Options{})
			defer fake.Close()
			env := map[string]string{
				"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_APP_TOKEN": slacktest.AppToken, "SLACK_API_URL": fake.URL(),
				"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "ONETOONE_HTTP_ADDR": freeAddr(t),
				"ONETOONE_ENCRYPTION_KEY": tt.key,
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &faultBuffer{}
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, stderr)
			}()
			wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
			defer wcancel()
			if err := fake.WaitConnected(wctx, 1); err != nil {
				t.Fatalf("never connected: %v\n%s", err, stderr.String())
			}
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr.String())
			}
			var warnings []string
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(line, "ONETOONE_ENCRYPTION_KEY") {
					warnings = append(warnings, line)
				}
			}
			if len(warnings) != tt.want {
				t.Fatalf("%d lines about ONETOONE_ENCRYPTION_KEY, want %d:\n%s", len(warnings), tt.want, stderr.String())
			}
			for _, w := range warnings {
				if !strings.Contains(w, "level=WARN") || !strings.Contains(w, "unencrypted") || !strings.Contains(w, "Encryption and key rotation") {
					t.Errorf("warning %q should be a WARN line saying how to turn encryption on", w)
				}
			}
			if tt.key != "" && strings.Contains(stderr.String(), tt.key) {
				t.Errorf("the key was printed:\n%s", stderr.String())
			}
		})
	}
}
