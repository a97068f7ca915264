package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
)

// privatePostgres is a Postgres server of the test's own, on a free
// loopback port, which the test may stop and start at will. The shared
// server on 5432 is never touched.
type privatePostgres struct {
	t      *testing.T
	bin    string   // the directory of initdb and pg_ctl
	asUser []string // runuser prefix when the tests run as root
	dir    string
	port   int
}

// startPrivatePostgres initialises and starts a throwaway cluster. It
// skips the test when initdb is not installed.
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	initdb := "/usr/lib/postgresql/15/bin/initdb"
	if _, err := os.Stat(initdb); err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
		sort.Strings(found)
		if len(found) > 0 {
			initdb = found[len(found)-1]
		} else if initdb, err = exec.LookPath("initdb"); err != nil {
			t.Skip("initdb is not installed (looked for /usr/lib/postgresql/*/bin/initdb and on PATH): this test needs a Postgres server of its own to stop and start")
		}
	}
	pg := &privatePostgres{t: t, bin: filepath.Dir(initdb)}
	dir, err := os.MkdirTemp("", "onetoone-fault-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg.dir = dir
	if os.Getuid() == 0 {
		// initdb refuses to run as root: the cluster belongs to postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and there is no postgres user to own a private cluster: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		pg.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	pg.run(initdb, "-D", pg.data(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
	_, port, _ := strings.Cut(faultFreeAddr(t), ":")
	pg.port, _ = strconv.Atoi(port)
	pg.start()
	t.Cleanup(func() {
		// Immediate: the test is over, nothing here is worth keeping.
		cmd := pg.command(filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data(), "-m", "immediate", "-w", "stop")
		cmd.Run()
	})
	return pg
}

func (pg *privatePostgres) data() string { return filepath.Join(pg.dir, "data") }

// URL is the database URL of the cluster's postgres database.
func (pg *privatePostgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

func (pg *privatePostgres) command(name string, args ...string) *exec.Cmd {
	all := append(append(append([]string{}, pg.asUser...), name), args...)
	return exec.Command(all[0], all[1:]...)
}

func (pg *privatePostgres) run(name string, args ...string) {
	pg.t.Helper()
	if out, err := pg.command(name, args...).CombinedOutput(); err != nil {
		pg.t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

// start starts the server and waits until it accepts connections.
func (pg *privatePostgres) start() {
	pg.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, pg.dir)
	pg.run(filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data(), "-o", opts, "-l", filepath.Join(pg.dir, "log"), "-w", "-t", "60", "start")
}

// stop shuts the server down the way an operator or a failover does:
// sessions are ended, in-flight transactions rolled back.
func (pg *privatePostgres) stop() {
	pg.t.Helper()
	pg.run(filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data(), "-m", "fast", "-w", "stop")
}

// TestFaultPostgresRestart stops the database under a running bot and
// starts it again. While it is down, people are told kindly to try again
// (a command, a click) instead of meeting silence, a modal they submit
// stays open with the reason beside a field so nothing they typed is lost,
// and /readyz says 503. Once it is back, /readyz says 200 and the bot works
// again without a restart: a command succeeds, the same modal saves, and
// the nudge that came due during the outage goes out, once to each person.
func TestFaultPostgresRestart(t *testing.T) {
	longFault(t)
	t.Parallel() // after the sequential tests, beside the other fault tests: it mostly waits on Slack's pacing
	pg := startPrivatePostgres(t)
	fake := slacktest.New(slacktest.Options{})
	defer fake.Close()
	const alex, sam = "UPGALEX", "UPGSAM"
	fake.AddUser(slackUser(alex))
	fake.AddUser(slackUser(sam))
	const nudgeAfter = 8 * time.Second
	env := faultEnv(fake, pg.URL())
	addr := faultFreeAddr(t)
	env["ONETOONE_HTTP_ADDR"] = addr
	env["ONETOONE_NUDGE_AFTER"] = "8s"
	readyz := "http://" + addr + "/readyz"

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	serveCtx, stopServe := context.WithCancel(ctx)
	defer stopServe()
	log := &faultBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(serveCtx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, log)
	}()
	defer func() {
		if t.Failed() {
			t.Logf("serve's log, last lines:\n%s", log.tail(8000))
		}
	}()
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("never connected: %v", err)
	}
	if err := slacktest.WaitFor(ctx, func() bool { return faultStatus(readyz) == 200 }); err != nil {
		t.Fatal("/readyz never answered 200")
	}

	// Alex starts writing a reflection, and asks Sam for a one-to-one.
	if _, err := fake.SlashCommand(ctx, alex, `log "Maria Lopez"`); err != nil {
		t.Fatal(err)
	}
	if err := waitModal(ctx, fake, alex, "reflect"); err != nil {
		t.Fatal(err)
	}
	ack, err := fake.SlashCommand(ctx, alex, "<@"+sam+"> coffee?")
	if err != nil {
		t.Fatal(err)
	}
	asked := time.Now()
	if err := waitReply(ctx, fake, alex, ack, "Invitation sent"); err != nil {
		t.Fatal(err)
	}
	if err := waitDMText(ctx, fake, sam, "would like to have a one-to-one"); err != nil {
		t.Fatal(err)
	}

	pg.stop()
	down := time.Now()
	if took := down.Sub(asked); took > nudgeAfter-2*time.Second {
		t.Fatalf("the database went down %v after the request: too late for its nudge to fall due during the outage", took)
	}
	if err := slacktest.WaitFor(ctx, func() bool { return faultStatus(readyz) == 503 }); err != nil {
		t.Fatalf("/readyz never said 503 with the database down (it says %d)", faultStatus(readyz))
	}
	readyzDown := time.Since(down)

	// A command is answered, within Slack's 3 seconds, with a kind word.
	ack, err = fake.SlashCommand(ctx, alex, "list")
	if err != nil {
		t.Fatalf("list with the database down: %v", err)
	}
	if ack.Latency > 3*time.Second {
		t.Errorf("list acked after %v with the database down", ack.Latency)
	}
	if err := waitReply(ctx, fake, alex, ack, "try again in a moment"); err != nil {
		t.Error(err)
	}
	// A click is answered privately.
	if _, err := fake.ClickButton(ctx, sam, "Pick a time"); err != nil {
		t.Fatalf("click with the database down: %v", err)
	}
	if err := slacktest.WaitFor(ctx, func() bool {
		for _, e := range fake.Ephemerals(sam) {
			if strings.Contains(e.Text, "try again in a moment") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Errorf("Sam's click with the database down got no answer; ephemerals: %+v", fake.Ephemerals(sam))
	}
	// The modal stays open with the reason beside a field.
	reflection := map[string]string{"What did you learn about them: what do they care about most, and why?": "Gardening"}
	ack, err = fake.SubmitView(ctx, alex, reflection)
	if err != nil {
		t.Fatalf("submit with the database down: %v", err)
	}
	if errs := submitErrors(ack); len(errs) == 0 || !strings.Contains(fmt.Sprint(errs), "try again in a moment") {
		t.Errorf("the reflection modal was answered %s with the database down, want errors saying to try again", ack.Payload)
	}
	if v, ok := fake.OpenView(alex); !ok || v.CallbackID != "reflect" {
		t.Fatalf("the reflection modal closed with the database down: what Alex typed is lost")
	}

	// The nudge falls due while the database is down, and the scheduler
	// looks for it (and fails) twice after. The sleep only lets the real
	// process's clock reach the due time; the check waits for the runs.
	time.Sleep(time.Until(asked.Add(nudgeAfter)))
	waitJobRuns(t, ctx, addr, "nudges")
	if n := countText(fake, alex, "hasn't picked a time"); n != 0 {
		t.Fatalf("a nudge went out with the database down")
	}
	pg.start()
	up := time.Now()
	if err := slacktest.WaitFor(ctx, func() bool { return faultStatus(readyz) == 200 }); err != nil {
		t.Fatalf("/readyz never came back to 200 after the database did (it says %d)", faultStatus(readyz))
	}
	readyzUp := time.Since(up)

	ack, err = fake.SlashCommand(ctx, alex, "list")
	if err != nil {
		t.Fatalf("list after the database came back: %v", err)
	}
	if text := ackText(ack); text == "" || strings.Contains(text, "try again") || strings.Contains(text, "went wrong") {
		t.Errorf("list after the database came back = %q (%s)", text, ack.Payload)
	}
	ack, err = fake.SubmitView(ctx, alex, reflection)
	if err != nil {
		t.Fatal(err)
	}
	if errs := submitErrors(ack); len(errs) > 0 {
		t.Errorf("the reflection was refused after the database came back: %v", errs)
	}
	if err := waitModal(ctx, fake, alex, "reflect_saved"); err != nil {
		t.Error(err)
	}
	if _, err := fake.ClickButton(ctx, sam, "Pick a time"); err != nil {
		t.Fatal(err)
	}
	if err := waitModal(ctx, fake, sam, "schedule"); err != nil {
		t.Error(err)
	}
	for _, c := range []struct{ user, text string }{{alex, "hasn't picked a time"}, {sam, "would still love to meet"}} {
		if err := waitDMText(ctx, fake, c.user, c.text); err != nil {
			t.Errorf("the nudge due during the outage never went out: %v", err)
		}
	}
	nudged := time.Since(up)
	waitJobRuns(t, ctx, addr, "nudges") // two more runs: nothing more goes out
	for _, c := range []struct{ user, text string }{{alex, "hasn't picked a time"}, {sam, "would still love to meet"}} {
		if n := countText(fake, c.user, c.text); n != 1 {
			t.Errorf("%s got %d nudges, want 1", c.user, n)
		}
	}
	stopServe()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
	t.Logf("database down %v: /readyz 503 after %v; command, click and modal answered kindly; back up: /readyz 200 after %v, the nudge due meanwhile sent %v after, once to each person",
		up.Sub(down).Round(100*time.Millisecond), readyzDown.Round(10*time.Millisecond), readyzUp.Round(10*time.Millisecond), nudged.Round(100*time.Millisecond))
}
