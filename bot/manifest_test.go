package bot

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manifestList reads the items of a YAML list under key (e.g. "bot_events:")
// in a Slack app manifest, without their comments. The manifests are
// simple enough that a line reader does: the CI parses them as YAML too.
func manifestList(t *testing.T, manifest, key string) []string {
	t.Helper()
	var items []string
	in := false
	for _, line := range strings.Split(manifest, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == key:
			in = true
		case in && strings.HasPrefix(trimmed, "- "):
			item, _, _ := strings.Cut(strings.TrimPrefix(trimmed, "- "), "#")
			items = append(items, strings.TrimSpace(item))
		case in && trimmed != "" && !strings.HasPrefix(trimmed, "#"):
			in = false
		}
	}
	if len(items) == 0 {
		t.Fatalf("no %s list in the manifest", key)
	}
	return items
}

// Both manifests subscribe to exactly the events the bot routes, with the
// scope message.im needs, keep the Messages tab the bot answers open, and
// promise nothing the bot does not do.
func TestManifestsMatchRoutes(t *testing.T) {
	var routed []string
	for name := range (&Bot{}).routes().events {
		if name == "message" {
			name = "message.im" // the only messages the bot subscribes to
		}
		routed = append(routed, name)
	}
	slices.Sort(routed)
	for _, name := range []string{"slack-manifest.yml", "slack-manifest-http.yml"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "deploy", name))
			if err != nil {
				t.Fatal(err)
			}
			m := string(raw)
			events := manifestList(t, m, "bot_events:")
			slices.Sort(events)
			if diff := cmp.Diff(routed, events); diff != "" {
				t.Errorf("subscribed events differ from the routed ones (-routed +manifest):\n%s", diff)
			}
			if scopes := manifestList(t, m, "bot:"); !slices.Contains(scopes, "im:history") {
				t.Errorf("message.im needs the im:history scope; scopes are %q", scopes)
			}
			for _, want := range []string{"messages_tab_enabled: true", "messages_tab_read_only_enabled: false"} {
				if !strings.Contains(m, want) {
					t.Errorf("the bot answers in its Messages tab, but the manifest lacks %q", want)
				}
			}
			if strings.Contains(strings.ToLower(m), "welcome") {
				t.Error("the manifest promises a welcome message the bot never sends")
			}
		})
	}
}

// The Add to Slack page asks for the HTTP manifest's bot scopes, and Slack
// sends installers back to a redirect URL the manifest lists.
func TestBotScopesMatchManifest(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "deploy", "slack-manifest-http.yml"))
	if err != nil {
		t.Fatal(err)
	}
	m := string(raw)
	if diff := cmp.Diff(manifestList(t, m, "bot:"), BotScopes); diff != "" {
		t.Errorf("BotScopes differ from the manifest's (-manifest +BotScopes):\n%s", diff)
	}
	urls := manifestList(t, m, "redirect_urls:")
	if len(urls) != 1 || !strings.HasSuffix(urls[0], PathOAuthRedirect) {
		t.Errorf("redirect_urls = %q, want one ending in %s", urls, PathOAuthRedirect)
	}
}

// Both manifests declare exactly the shortcuts the bot routes, by
// callback id.
func TestManifestsDeclareShortcuts(t *testing.T) {
	var routed []string
	for id := range (&Bot{}).routes().shortcuts {
		routed = append(routed, id)
	}
	slices.Sort(routed)
	for _, name := range []string{"slack-manifest.yml", "slack-manifest-http.yml"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "deploy", name))
			if err != nil {
				t.Fatal(err)
			}
			var declared []string
			for _, line := range strings.Split(string(raw), "\n") {
				if id, ok := strings.CutPrefix(strings.TrimSpace(line), "callback_id:"); ok {
					declared = append(declared, strings.TrimSpace(id))
				}
				// Slack refuses a manifest whose shortcut name is longer
				// than 24 characters (docs/slack.md, "Shortcuts").
				if n, ok := strings.CutPrefix(strings.TrimSpace(line), "- name:"); ok && len([]rune(strings.TrimSpace(n))) > 24 {
					t.Errorf("shortcut name %q is longer than Slack's 24 characters", strings.TrimSpace(n))
				}
			}
			slices.Sort(declared)
			if diff := cmp.Diff(routed, declared); diff != "" {
				t.Errorf("declared shortcuts differ from the routed ones (-routed +manifest):\n%s", diff)
			}
		})
	}
}
