package main

// Shared helpers of the fault tests (fault_*_test.go): the onetoone binary
// built once per test run and run as real processes, seeding through a
// models.Store, and reading back what the fake Slack received.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// The fault tests are trimmed to fit CI; -fault.long (or
// ONETOONE_FAULT_LONG=1, which also works with ./...) runs the long
// versions: more seeded work, more kill trials.
var faultLongFlag = flag.Bool("fault.long", false, "run the long versions of the fault tests")

func faultLong() bool {
	return *faultLongFlag || os.Getenv("ONETOONE_FAULT_LONG") == "1"
}

// faultInt reads a positive integer override from the environment.
func faultInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s must be a positive integer (got %q)", name, v)
	}
	return n
}

// faultFreeAddr finds a free loopback port.
func faultFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// faultBuffer collects a process's or a logger's output across goroutines.
type faultBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (f *faultBuffer) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.Write(p)
}

func (f *faultBuffer) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.String()
}

// tail is the end of the log, for failure reports.
func (f *faultBuffer) tail(n int) string {
	s := f.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

var binary struct {
	once sync.Once
	path string
	err  error
}

// onetooneBinary builds ./cmd/onetoone once per test run, with the race
// detector when the tests run with it (so the build reuses the test's
// compiled packages, and the processes check for races too).
func onetooneBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		binary.path, binary.err = buildOnetoone()
	})
	if binary.err != nil {
		t.Fatalf("building the onetoone binary: %v", binary.err)
	}
	return binary.path
}

func buildOnetoone() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	removeStaleBinaries()
	dir, err := os.MkdirTemp("", fmt.Sprintf("onetoone-fault-%d-", os.Getpid()))
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "onetoone")
	args := []string{"build", "-o", bin}
	if faultRace {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, "./cmd/onetoone")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin, nil
}

// removeStaleBinaries deletes binaries earlier test runs left behind (the
// package has no TestMain to remove its own); a run still going keeps its.
func removeStaleBinaries() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "onetoone-fault-*-*"))
	for _, d := range dirs {
		parts := strings.Split(filepath.Base(d), "-")
		pid, err := strconv.Atoi(parts[2])
		if err != nil || pid == os.Getpid() || len(parts) != 4 {
			continue
		}
		if processGone(pid) {
			os.RemoveAll(d)
		}
	}
}

// botProcess is one `onetoone serve` running as a real process.
type botProcess struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	addr string
	log  *faultBuffer
	done chan struct{}
	err  error // set when done is closed
}

// faultEnv is the environment every bot process of these tests gets: the
// fake Slack, the database, its own ops port, a fast tick and no quiet
// hours (CI runs at any hour).
func faultEnv(fake *slacktest.Server, databaseURL string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":         slacktest.BotToken,
		"SLACK_APP_TOKEN":         slacktest.AppToken,
		"SLACK_API_URL":           fake.URL(),
		"DATABASE_URL":            databaseURL,
		"ONETOONE_TICK":           "1s",
		"ONETOONE_DELIVERY_HOURS": "always",
	}
}

// startBot starts `onetoone serve` with env (plus a free ONETOONE_HTTP_ADDR)
// and kills it when the test ends, if the test has not stopped it.
func startBot(t *testing.T, name string, env map[string]string) *botProcess {
	t.Helper()
	bin := onetooneBinary(t)
	p := &botProcess{t: t, name: name, addr: faultFreeAddr(t), log: &faultBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve")
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "SLACK_") || strings.HasPrefix(k, "ONETOONE_") || k == "DATABASE_URL" || k == "LOG_LEVEL" || k == "LOG_FORMAT" {
			continue
		}
		p.cmd.Env = append(p.cmd.Env, kv)
	}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Env = append(p.cmd.Env, "ONETOONE_HTTP_ADDR="+p.addr)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	// If the test binary dies, so does the bot.
	dieWithTest(p.cmd)
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("%s (pid %d) log, last lines:\n%s", p.name, p.cmd.Process.Pid, p.log.tail(6000))
		}
	})
	return p
}

// exited reports whether the process has ended.
func (p *botProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would.
func (p *botProcess) kill() {
	if !p.exited() {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.done
}

// stop asks the process to shut down (SIGTERM) and returns its exit code;
// it fails the test if the process had to be killed or the race detector
// spoke.
func (p *botProcess) stop() int {
	p.t.Helper()
	if !p.exited() {
		p.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-p.done:
	case <-time.After(40 * time.Second):
		p.t.Errorf("%s did not stop within 40 s of SIGTERM; killing it", p.name)
		p.kill()
	}
	p.checkRaces()
	return p.cmd.ProcessState.ExitCode()
}

func (p *botProcess) checkRaces() {
	p.t.Helper()
	if log := p.log.String(); strings.Contains(log, "WARNING: DATA RACE") {
		p.t.Errorf("%s: the race detector found a data race:\n%s", p.name, log[strings.Index(log, "WARNING: DATA RACE"):])
	}
}

// waitReady waits for /readyz to answer 200.
func (p *botProcess) waitReady(ctx context.Context) {
	p.t.Helper()
	if err := slacktest.WaitFor(ctx, func() bool { return faultStatus("http://"+p.addr+"/readyz") == 200 || p.exited() }); err != nil || p.exited() {
		p.t.Fatalf("%s never became ready (exited: %v): %v\n%s", p.name, p.exited(), err, p.log.tail(4000))
	}
}

// faultStatus GETs url and returns the status, 0 when nothing answers.
func faultStatus(url string) int {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// longFault skips a fault test that takes most of a minute or more under
// -short. CI runs every test with -race, and once more with -short
// without it: there these are left to the race run, which keeps CI within
// its time.
func longFault(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a long fault test; the run without -short covers it")
	}
}

// jobRuns is how many runs of job the process serving /metrics at addr
// has finished, whatever their outcome; -1 while /metrics does not answer.
func jobRuns(addr, job string) int {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return -1
	}
	n := 0
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "onetoone_job_runs_total{") && strings.Contains(line, `job="`+job+`"`) {
			_, v, _ := strings.Cut(line, "} ")
			f, _ := strconv.ParseFloat(v, 64)
			n += int(f)
		}
	}
	return n
}

// waitJobRuns waits until the process at addr has finished two more runs
// of job than it had: the second began after this call, so the process has
// looked at its due work since. It is how a test waits for "nothing more
// happened" on a real process, instead of sleeping for a few ticks.
func waitJobRuns(t *testing.T, ctx context.Context, addr, job string) {
	t.Helper()
	var from, now int
	if err := slacktest.WaitFor(ctx, func() bool { from = jobRuns(addr, job); return from >= 0 }); err != nil {
		t.Fatalf("/metrics on %s never answered: %v", addr, err)
	}
	if err := slacktest.WaitFor(ctx, func() bool { now = jobRuns(addr, job); return now >= from+2 }); err != nil {
		t.Fatalf("the %s job ran %d times, want 2 more than %d: %v", job, now, from, err)
	}
}

// openFaultStore opens the test's own store on the database the bots use.
func openFaultStore(t *testing.T, databaseURL string) *models.Store {
	t.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, databaseURL, models.Options{Now: time.Now})
	if err != nil {
		t.Fatalf("open %s: %v", models.Redact(databaseURL), err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// seedMembers stores people as the bot would have met them (in UTC, in
// the fake's workspace), so the notifier needs no users.info, and tells
// the fake about them.
func seedMembers(t *testing.T, s *models.Store, fake *slacktest.Server, ids ...string) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		fake.AddUser(slackUser(id))
		m := &models.Member{ID: models.UserID(id), TeamID: slacktest.TeamID, Name: strings.ToLower(id), TZ: "UTC", ProfileFetchedAt: time.Now()}
		if err := s.SaveMember(ctx, m); err != nil {
			t.Fatalf("seed member %s: %v", id, err)
		}
	}
}

// seedOneToOnes inserts one-to-ones as they would stand after the bot
// made them, in batches, in the workspace's default group.
func seedOneToOnes(t *testing.T, s *models.Store, rows []*models.OneToOne) {
	t.Helper()
	g, err := s.DefaultGroup(context.Background(), slacktest.TeamID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rows {
		o.GroupID = g.ID
	}
	if err := s.DB().CreateInBatches(rows, 500).Error; err != nil {
		t.Fatalf("seed %d one-to-ones: %v", len(rows), err)
	}
}

// request is a request waiting for a time since at, whose invitation sits
// in the invitee's DM (where the invitee's nudge is threaded).
func request(requester, invitee string, at time.Time) *models.OneToOne {
	return &models.OneToOne{
		RequesterID: models.UserID(requester), InviteeID: models.UserID(invitee), Status: models.StatusRequested,
		Message: "coffee?", RequestedAt: at.UTC(), DurationMin: 45,
		InviteChannel: "D" + invitee, InviteTS: fmt.Sprintf("1600000000.%06d", at.UnixNano()%1e6),
	}
}

// backlog is n requests made at at, nobody having picked a time, each
// between its own requester and invitee: the pairs are distinct (one open
// request per pair), consecutive messages go to different people (Slack
// paces each conversation), and nobody's two nudges use up more than a
// sliver of their weekly budget of unasked messages (models.UnaskedKinds).
func backlog(n int, prefix string, at time.Time) (rows []*models.OneToOne, requesters, invitees []string) {
	rows = make([]*models.OneToOne, n)
	for k := range rows {
		requesters = append(requesters, fmt.Sprintf("U%sREQ%04d", prefix, k))
		invitees = append(invitees, fmt.Sprintf("U%sINV%04d", prefix, k))
		rows[k] = request(requesters[k], invitees[k], at)
		rows[k].InviteTS = fmt.Sprintf("1600000000.%06d", k)
	}
	return rows, requesters, invitees
}

// meeting is a one-to-one scheduled at at, requested the day before.
func meeting(requester, invitee string, at time.Time) *models.OneToOne {
	at = at.UTC()
	return &models.OneToOne{
		RequesterID: models.UserID(requester), InviteeID: models.UserID(invitee), Status: models.StatusScheduled,
		Message: "coffee?", RequestedAt: at.Add(-24 * time.Hour), ScheduledAt: &at, DurationMin: 30,
	}
}

// dmKey names one scheduled message: its kind, what it is about (the
// one-to-one id) and who got it.
type dmKey struct{ kind, subject, recipient string }

func (k dmKey) String() string { return k.kind + "/" + k.subject + "→" + k.recipient }

// classify tells which scheduled message m is, from its text and the
// one-to-one id on its buttons; ok is false for anything else (invitations,
// confirmations). Expiry notes have no buttons: other maps (requester,
// invitee) to the one-to-one.
func classify(recipient string, m slacktest.Message, other func(requester, invitee string) string) (dmKey, bool) {
	k := dmKey{recipient: recipient, subject: buttonValue(m)}
	switch {
	case strings.HasPrefix(m.Text, "Reminder: your one-to-one with"):
		k.kind = models.KindReminder
	case strings.HasPrefix(m.Text, "Reminder: you're meeting"):
		k.kind = models.KindReminderInvitee
	case strings.HasPrefix(m.Text, "How did your one-to-one with"):
		k.kind = models.KindReflectionPrompt
	case strings.HasPrefix(m.Text, "A gentle reminder to reflect"):
		k.kind = models.KindReflectionReminder
	case strings.Contains(m.Text, "hasn't picked a time for your one-to-one yet"):
		k.kind = models.KindNudgeRequester
	case strings.Contains(m.Text, "asked you for a one-to-one and would still love to meet"):
		k.kind = models.KindNudgeInvitee
	case strings.HasPrefix(m.Text, "Your request to meet") && strings.HasSuffix(m.Text, "has closed.") && !m.Updated:
		k.kind = models.KindExpired
		invitee := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(m.Text, " has closed."), "Your request to meet <@"), ">")
		k.subject = other(recipient, invitee)
	default:
		return k, false
	}
	return k, true
}

// buttonValue is the value of the message's first button: the one-to-one
// id, on every scheduled message that has buttons.
func buttonValue(m slacktest.Message) string {
	for _, b := range m.Blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					return btn.Value
				}
			}
		}
	}
	return ""
}

// countDMs counts, for each user, the scheduled messages they received.
func countDMs(fake *slacktest.Server, users []string, other func(requester, invitee string) string) map[dmKey]int {
	got := map[dmKey]int{}
	for _, u := range users {
		for _, m := range fake.DMs(u) {
			if k, ok := classify(u, m, other); ok {
				got[k]++
			}
		}
	}
	return got
}

// slackUser is a workspace member in UTC.
func slackUser(id string) slack.User {
	return slack.User{ID: id, Name: strings.ToLower(id), TZ: "UTC"}
}

// countPosts counts the messages posted (chat.postMessage answered ok) in
// the user's DM whose text contains s, whatever they were edited into
// since.
func countPosts(fake *slacktest.Server, user, s string) int {
	n := 0
	for _, c := range fake.Calls("chat.postMessage") {
		ch, _ := c.Params["channel"].(string)
		text, _ := c.Params["text"].(string)
		if c.Error == "" && (ch == "D"+user || ch == user) && strings.Contains(text, s) {
			n++
		}
	}
	return n
}

// countText counts the user's DMs whose text contains s.
func countText(fake *slacktest.Server, user, s string) int {
	n := 0
	for _, m := range fake.DMs(user) {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}

// deliveryStates counts deliveries by kind and state.
func deliveryStates(t *testing.T, s *models.Store) map[string]map[string]int {
	t.Helper()
	var rows []struct {
		Kind, State string
		N           int
	}
	if err := s.DB().Raw("SELECT kind, state, COUNT(*) AS n FROM deliveries GROUP BY kind, state").Scan(&rows).Error; err != nil {
		t.Fatalf("count deliveries: %v", err)
	}
	out := map[string]map[string]int{}
	for _, r := range rows {
		if out[r.Kind] == nil {
			out[r.Kind] = map[string]int{}
		}
		out[r.Kind][r.State] += r.N
	}
	return out
}

// unsettled counts deliveries due now and not yet settled: pending and due,
// or claimed.
func unsettled(t *testing.T, s *models.Store) int {
	t.Helper()
	var n int64
	err := s.DB().Model(&models.Delivery{}).
		Where("(state = ? AND due_at <= ?) OR state = ?", models.DeliveryPending, time.Now().UTC(), models.DeliveryClaimed).
		Count(&n).Error
	if err != nil {
		t.Fatalf("count unsettled deliveries: %v", err)
	}
	return int(n)
}
