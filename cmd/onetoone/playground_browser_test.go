package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where the browser test leaves its screenshots; git
// ignores it (.gitignore), CI keeps it for people to look at.
const screenshotDir = "testdata/screenshots"

// chromium finds a Chromium or Chrome to drive: ONETOONE_CHROMIUM, else
// the usual names on PATH.
func chromium() string {
	if p := os.Getenv("ONETOONE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// syncBuffer is a log the playground writes from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPlaygroundInABrowser drives a one-to-one's whole life through the
// playground's page in headless Chromium: the organizer asks a member,
// the member picks a time in the modal, the clock jumps, the organizer
// reflects and opens Home, and the coordinator reads the weekly digest.
// It asserts on what the page shows. With ONETOONE_PLAYGROUND_SCREENSHOT
// set to a path it also writes the README's screenshot there.
func TestPlaygroundInABrowser(t *testing.T) {
	browser := chromium()
	if browser == "" {
		if os.Getenv("ONETOONE_REQUIRE_BROWSER") != "" {
			t.Fatal("ONETOONE_REQUIRE_BROWSER is set but no chromium is installed (apt-get install chromium, or set ONETOONE_CHROMIUM)")
		}
		t.Skip("no chromium on this machine: install Debian's chromium (apt-get install chromium) or set ONETOONE_CHROMIUM to run the browser test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Monday 30 November 2026, 9:00 in New York.
	start := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	logs := &syncBuffer{}
	urls := make(chan string, 1)
	pctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- runPlayground(pctx, func(k string) string { return os.Getenv(k) }, playgroundOptions{Addr: "127.0.0.1:0", Start: start,
			Ready: func(u string) { urls <- u }}, logs)
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("the playground stopped at start: %v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("the playground stopped with %v", err)
		}
		if t.Failed() {
			t.Logf("the playground logged:\n%s", tail(logs.String(), 60))
		}
	})

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser),
		chromedp.NoSandbox, chromedp.WindowSize(1440, 900), chromedp.Flag("headless", "new"))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	// The first run starts the browser, which lives as long as that
	// run's context: bctx, not a step's shorter one.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	b := &browserRun{t: t, ctx: bctx, base: base}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}

	// The organizer asks Maya, completing her name after @.
	b.open("UALEX", "C0GENERAL")
	b.run("type the ask", chromedp.SendKeys("#composer", "/one-to-one @ma"),
		chromedp.WaitVisible("#complete li"), chromedp.Click("#complete li"),
		chromedp.SendKeys("#composer", "coffee next week?"))
	if got := b.value("#composer"); got != "/one-to-one @maya coffee next week?" {
		t.Errorf("the composer holds %q after completing @ma", got)
	}
	b.click("#send")
	b.waitText("#messages", "Only visible to you")
	b.shot("01-organizer-asks")

	// Maya picks a time: Wednesday 10:00 her time (Los Angeles).
	b.open("UMAYA", "messages")
	b.waitText("#messages", "would like to have a one-to-one with you")
	b.click(`button[data-action="pick_time"]`)
	b.waitVisible("#modal")
	b.fill("When", "2026-12-02T10:00")
	b.fill("Where", "Café Luna")
	b.shot("02-member-picks-a-time")
	if path := os.Getenv("ONETOONE_PLAYGROUND_SCREENSHOT"); path != "" {
		b.shotTo(path)
	}
	b.click("#modal-submit")
	b.waitGone("#modal")
	b.waitText("#messages", "Café Luna")

	// The organizer jumps to each next scheduled message until the
	// reflection prompt comes, after the meeting.
	b.open("UALEX", "messages")
	for i := 0; !b.has(`button[data-action="reflect"]`); i++ {
		if i == 8 {
			t.Fatalf("no reflection prompt after %d jumps; the page shows:\n%s", i, b.text("#messages"))
		}
		b.jump("next")
	}
	if !strings.Contains(b.text("#messages"), "coming up") {
		t.Errorf("the organizer got no reminder before the meeting:\n%s", b.text("#messages"))
	}
	b.shot("03-reflection-prompt")
	b.click(`button[data-action="reflect"]`)
	b.waitVisible("#modal")
	b.fill("What did you learn about them: what do they care about most, and why?", "Her building's heating, since her kid got asthma.")
	b.fill("What did you ask of them, and what did they say?", "Come to Thursday's meeting; she said yes.")
	b.click("#modal-submit")
	b.poll("the reflection to be saved", `!document.body.dataset.busy && (!document.querySelector("#modal") || !document.querySelector("#modal textarea"))`)
	b.shot("04-reflection-saved")
	// The page redraws as it polls, so look for the close button and click
	// it in one step: a node found first may be gone by the click.
	if get(b, "close", chromedp.Evaluate[bool](`(() => { const e = document.querySelector("#modal-close"); if (e) e.click(); return !!e; })()`)) {
		b.waitGone("#modal")
	}

	// Home shows the one-to-one as held.
	b.click("#nav-home")
	b.waitText("#home", "Maya Chen")
	b.shot("05-home")

	// Lucía's Slack speaks Spanish: so does her Home.
	b.open("ULUCIA", "C0GENERAL")
	b.click("#nav-home")
	b.waitText("#home", "Tus uno a uno")

	// The coordinator reads the next weekly digest in #organizers, which
	// counts the one-to-one.
	b.open("USAM", organizersChannel)
	b.jump("2w")
	b.waitText("#messages", "1 one-to-one held")
	b.shot("06-coordinator-digest")
	if b.has(".unknown") {
		t.Errorf("the page met blocks it cannot draw: %s", b.text("main"))
	}
}

// browserRun drives one browser tab through the playground.
type browserRun struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// patienceBrowser bounds each wait for the page.
const patienceBrowser = 20 * time.Second

func (b *browserRun) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, patienceBrowser)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.failed(what, err)
	}
}

// failed ends the test with what the page showed.
func (b *browserRun) failed(what string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	if png, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
		os.WriteFile(filepath.Join(screenshotDir, "failed.png"), png, 0o644)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	b.t.Fatalf("%s: %v; the page (%s) shows:\n%s", what, err, filepath.Join(screenshotDir, "failed.png"), text)
}

// get runs one action and returns its value.
func get[T any](b *browserRun, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, patienceBrowser)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.failed(what, err)
	}
	return v
}

func (b *browserRun) open(as, view string) {
	b.t.Helper()
	b.run("open "+view+" as "+as, chromedp.Navigate(fmt.Sprintf("%s?as=%s&view=%s", b.base, as, view)),
		chromedp.WaitVisible(`body[data-ready="1"]`))
}

// poll waits until the JavaScript expression is true.
func (b *browserRun) poll(what, expr string) {
	b.t.Helper()
	get(b, "wait for "+what, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond)))
}

func (b *browserRun) waitText(sel, s string) {
	b.t.Helper()
	b.poll(fmt.Sprintf("%s to show %q", sel, s), fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q) && !document.body.dataset.busy; })()`, sel, s))
}

func (b *browserRun) waitVisible(sel string) {
	b.t.Helper()
	b.run("wait for "+sel, chromedp.WaitVisible(sel))
}

func (b *browserRun) waitGone(sel string) {
	b.t.Helper()
	b.poll(sel+" to go", fmt.Sprintf(`!document.querySelector(%q) && !document.body.dataset.busy`, sel))
}

func (b *browserRun) has(sel string) bool {
	b.t.Helper()
	return get(b, "look for "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector(%q)`, sel)))
}

func (b *browserRun) text(sel string) string {
	b.t.Helper()
	return get(b, "read "+sel, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, sel)))
}

func (b *browserRun) value(sel string) string {
	b.t.Helper()
	return get(b, "read "+sel, chromedp.Value(sel))
}

// click clicks an element at once, by script: the page swaps in what
// the bot does as it happens, so a click by coordinates could land on a
// node being replaced.
func (b *browserRun) click(sel string) {
	b.t.Helper()
	if !get(b, "click "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.click(); return !!e; })()`, sel))) {
		b.failed("click "+sel, fmt.Errorf("no such element"))
	}
}

// fill sets the modal's input labelled label, as a person would.
func (b *browserRun) fill(label, value string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		for (const blk of document.querySelectorAll("#modal .block.input")) {
			if (!blk.querySelector(".label").innerText.startsWith(%q)) continue;
			const el = blk.querySelector("input, textarea, select");
			el.value = %q;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			return true;
		}
		return false;
	})()`, label, value)
	if !get(b, "fill "+label, chromedp.Evaluate[bool](js)) {
		b.t.Fatalf("the modal has no input labelled %q:\n%s", label, b.text("#modal"))
	}
}

// jump presses a time button and waits for the page to settle.
func (b *browserRun) jump(by string) {
	b.t.Helper()
	before := b.text("#now")
	b.click(fmt.Sprintf(`.clock button[value=%q]`, by))
	// Weeks of ticks take a while under the race detector.
	ctx, cancel := context.WithTimeout(b.ctx, 3*patienceBrowser)
	defer cancel()
	expr := fmt.Sprintf(`document.querySelector("#now").innerText !== %q && !document.body.dataset.busy`, before)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.failed("jump "+by, err)
	}
}

func (b *browserRun) shot(name string) {
	b.t.Helper()
	b.shotTo(filepath.Join(screenshotDir, name+".png"))
}

func (b *browserRun) shotTo(path string) {
	b.t.Helper()
	png := get(b, "screenshot "+path, chromedp.CaptureScreenshot())
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
