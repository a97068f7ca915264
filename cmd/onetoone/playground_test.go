package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

func TestPlaygroundLoopbackOnly(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:8080", false, true},
		{"[::1]:8080", false, true},
		{"localhost:0", false, true},
		{"0.0.0.0:8080", false, false},
		{":8080", false, false},
		{"192.0.2.1:8080", false, false},
		{"0.0.0.0:8080", true, true},
		{"nonsense", true, false},
	} {
		if err := loopbackOnly(c.addr, c.public); (err == nil) != c.ok {
			t.Errorf("loopbackOnly(%q, public=%v) = %v", c.addr, c.public, err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"playground", "--addr", ":8080"}, func(string) string { return "" }, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--public") {
		t.Errorf("playground --addr :8080: exit %d, stderr %q", code, stderr.String())
	}
}

func TestNoTokensSuggestsThePlayground(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, func(string) string { return "" }, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "onetoone playground") {
		t.Errorf("onetoone without tokens: exit %d, stderr %q", code, stderr.String())
	}
}

// TestPlaygroundOverHTTP drives the playground's forms without a browser:
// an ask, a pick, a submitted modal and a jump, each seen on the page.
func TestPlaygroundOverHTTP(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() {
		done <- runPlayground(ctx, func(string) string { return "" }, playgroundOptions{Addr: "127.0.0.1:0",
			Start: time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC), Ready: func(u string) { urls <- u }}, logs)
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("the playground stopped at start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the playground stopped with %v", err)
		}
		if t.Failed() {
			t.Logf("the playground logged:\n%s", tail(logs.String(), 40))
		}
	})
	page := func(as, view string) string {
		t.Helper()
		resp, err := http.Get(base + "?" + url.Values{"as": {as}, "view": {view}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	post := func(path string, form url.Values) {
		t.Helper()
		resp, err := http.PostForm(base+strings.TrimPrefix(path, "/"), form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK { // after the 303 back to the page
			t.Fatalf("POST %s: %s", path, resp.Status)
		}
	}
	waitPage := func(as, view, want string) string {
		t.Helper()
		var last string
		wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := slacktest.WaitFor(wctx, func() bool { last = page(as, view); return strings.Contains(last, want) }); err != nil {
			t.Fatalf("%s's %s never showed %q:\n%s", as, view, want, last)
		}
		return last
	}

	post("/command", url.Values{"as": {"UALEX"}, "view": {"C0GENERAL"}, "text": {"/one-to-one @kofi coffee?"}})
	waitPage("UALEX", "C0GENERAL", "Only visible to you")
	dm := waitPage("UKOFI", "messages", `data-action="pick_time"`)
	ts := regexp.MustCompile(`data-channel="DUKOFI" data-ts="([0-9.]+)"`).FindStringSubmatch(dm)
	if ts == nil {
		t.Fatalf("no message in Kofi's DM:\n%s", dm)
	}
	post("/act", url.Values{"as": {"UKOFI"}, "channel": {"DUKOFI"}, "ts": {ts[1]}, "block": {"invite"}, "action": {"pick_time"}})
	modal := waitPage("UKOFI", "messages", `id="modal"`)
	viewID := regexp.MustCompile(`name="view_id" value="([^"]+)"`).FindStringSubmatch(modal)[1]
	// A time already past: the bot's response_action errors show by
	// the field, and the modal stays open.
	post("/submit", url.Values{"as": {"UKOFI"}, "view_id": {viewID}, "in:when": {"2026-11-29T15:00"}, "in:duration": {"60"}, "in:place": {""}})
	if p := waitPage("UKOFI", "messages", `class="field-error"`); !strings.Contains(p, `id="modal"`) {
		t.Errorf("the modal closed on a refused submission:\n%s", p)
	}
	// Kofi is in Accra (UTC): Wednesday at 15:00 his time.
	post("/submit", url.Values{"as": {"UKOFI"}, "view_id": {viewID}, "in:when": {"2026-12-02T15:00"}, "in:duration": {"60"}, "in:place": {"The library"}})
	waitPage("UALEX", "messages", "The library")
	if strings.Contains(page("UKOFI", "messages"), `id="modal"`) {
		t.Error("the modal stayed open after a good submission")
	}
	post("/jump", url.Values{"as": {"UALEX"}, "by": {"next"}})
	if p := page("UALEX", "messages"); strings.Contains(p, "Mon 30 Nov 2026, 09:00") || strings.Contains(p, "cannot draw") {
		t.Errorf("after a jump the page shows:\n%s", p)
	}
}
