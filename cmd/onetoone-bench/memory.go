package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// memSample is what the bot child reports about itself.
type memSample struct {
	At         time.Time `json:"-"`
	RSSKB      int64     `json:"rss_kb"`
	HWMKB      int64     `json:"hwm_kb"`
	HeapInuse  uint64    `json:"heap_inuse"`
	HeapSys    uint64    `json:"heap_sys"`
	Sys        uint64    `json:"sys"`
	Goroutines int       `json:"goroutines"`
}

// runMemory is §5: the resident memory of the bot alone in a child
// process, idle and under load.
func runMemory(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("memory", flag.ContinueOnError)
	stores := fs.String("stores", "sqlite,postgres", "stores the bot runs on")
	rate := fs.Float64("rate", 100, "modal-opening slash commands a second under load")
	idle := fs.Duration("idle", 5*time.Second, "idle time after connecting, and after the load")
	load := fs.Duration("load", 15*time.Second, "length of the load")
	runs := fs.Int("runs", 3, "repetitions (a fresh bot process each), for the spread")
	if err := fs.Parse(args); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	type result struct {
		idle, loadMax, loadEnd, after, hwm int64
		heapIdle, heapLoad                 uint64
		grIdle, grLoad                     int
		p99                                time.Duration
		missing                            int
	}
	fmt.Printf("# memory: the bot alone in its own process (bot.New + socketmode, as serve wires it), %g commands/s for %v\n", *rate, *load)
	all := map[string][]result{}
	for _, kind := range splitList(*stores) {
		for run := 1; run <= *runs; run++ {
			var r result
			err := func() error {
				st, err := openStore(ctx, kind, time.Now, "")
				if err != nil {
					return err
				}
				defer st.close()
				fake := slacktest.New(slacktest.Options{AckTimeout: 3 * time.Second})
				defer fake.Close()
				for i := range 500 {
					fake.AddUser(slack.User{ID: benchUser("U", i), TZ: "Europe/Paris"})
				}
				cmd := exec.CommandContext(ctx, self, "bot-child", "--api", fake.URL(), "--db", st.url)
				cmd.Stderr = os.Stderr
				out, err := cmd.StdoutPipe()
				if err != nil {
					return err
				}
				if err := cmd.Start(); err != nil {
					return err
				}
				var mu sync.Mutex
				var samples []memSample
				go func() {
					sc := bufio.NewScanner(out)
					for sc.Scan() {
						var s memSample
						if json.Unmarshal(sc.Bytes(), &s) == nil {
							s.At = time.Now()
							mu.Lock()
							samples = append(samples, s)
							mu.Unlock()
						}
					}
				}()
				defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
				wctx, wc := context.WithTimeout(ctx, 15*time.Second)
				defer wc()
				if err := fake.WaitConnected(wctx, 1); err != nil {
					return fmt.Errorf("bot child never connected: %w", err)
				}
				window := func(from, to time.Time) []memSample {
					mu.Lock()
					defer mu.Unlock()
					var w []memSample
					for _, s := range samples {
						if !s.At.Before(from) && !s.At.After(to) {
							w = append(w, s)
						}
					}
					return w
				}
				t0 := time.Now()
				time.Sleep(*idle)
				idleS := window(t0.Add(*idle/2), time.Now())
				t1 := time.Now()
				res := loadFor(ctx, fake, *rate, fmt.Sprintf("M%s%d", kind[:1], run), *load)
				loadS := window(t1, time.Now())
				t2 := time.Now()
				time.Sleep(*idle)
				afterS := window(t2.Add(*idle/2), time.Now())
				if len(idleS) == 0 || len(loadS) == 0 || len(afterS) == 0 {
					return fmt.Errorf("bot child sent no samples")
				}
				r.idle, r.heapIdle, r.grIdle = idleS[len(idleS)-1].RSSKB, idleS[len(idleS)-1].HeapInuse, idleS[len(idleS)-1].Goroutines
				for _, s := range loadS {
					r.loadMax = max(r.loadMax, s.RSSKB)
					r.heapLoad = max(r.heapLoad, s.HeapInuse)
					r.grLoad = max(r.grLoad, s.Goroutines)
				}
				r.loadEnd = loadS[len(loadS)-1].RSSKB
				last := afterS[len(afterS)-1]
				r.after, r.hwm = last.RSSKB, last.HWMKB
				r.p99, r.missing = res.p(99), res.missing
				return nil
			}()
			if err != nil {
				return err
			}
			all[kind] = append(all[kind], r)
		}
	}
	fmt.Printf("\n## bot process memory, MiB: median (min–max) of %d runs\n", *runs)
	t := newTable("store", "RSS idle", "RSS under load (max)", "RSS end of load", "RSS idle after", "VmHWM", "heap in use idle / load max", "goroutines idle / load", "ack p99 ms", "missing")
	mib := func(kb []float64) string { return spreadOf(kb).num("%.1f") }
	for _, kind := range splitList(*stores) {
		var a, b, c, d, e, hi, hl, gi, gl, p []float64
		missing := 0
		for _, r := range all[kind] {
			a = append(a, float64(r.idle)/1024)
			b = append(b, float64(r.loadMax)/1024)
			c = append(c, float64(r.loadEnd)/1024)
			d = append(d, float64(r.after)/1024)
			e = append(e, float64(r.hwm)/1024)
			hi = append(hi, float64(r.heapIdle)/(1<<20))
			hl = append(hl, float64(r.heapLoad)/(1<<20))
			gi = append(gi, float64(r.grIdle))
			gl = append(gl, float64(r.grLoad))
			p = append(p, msOf(r.p99))
			missing += r.missing
		}
		t.row(kind, mib(a), mib(b), mib(c), mib(d), mib(e), fmt.Sprintf("%.1f / %.1f", spreadOf(hi).med, spreadOf(hl).med),
			fmt.Sprintf("%.0f / %.0f", spreadOf(gi).med, spreadOf(gl).med), spreadOf(p).ms(), strconv.Itoa(missing))
	}
	t.flush()
	return nil
}

// runBotChild is the bot alone, as cmd/onetoone serves it, reporting its
// own memory every 250 ms as JSON lines on stdout.
func runBotChild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bot-child", flag.ContinueOnError)
	apiURL := fs.String("api", "", "Web API base of the fake Slack")
	dbURL := fs.String("db", "", "DATABASE_URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := models.Open(ctx, *dbURL, models.Options{Now: time.Now})
	if err != nil {
		return err
	}
	defer st.Close()
	api := botSlack(*apiURL, nil)
	b := bot.New(bot.Config{Store: st, Slack: api, Now: time.Now, Log: slog.New(newLogCounter()), TeamID: slacktest.TeamID})
	useOutbox(b, st)
	sm := bot.NewSocketMode(b, socketmode.New(api))
	go func() {
		pid := strconv.Itoa(os.Getpid())
		enc := json.NewEncoder(os.Stdout)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			enc.Encode(memSample{RSSKB: procStatusKB(pid, "VmRSS"), HWMKB: procStatusKB(pid, "VmHWM"), HeapInuse: ms.HeapInuse, HeapSys: ms.HeapSys, Sys: ms.Sys, Goroutines: runtime.NumGoroutine()})
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	err = sm.Run(ctx)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b.Shutdown(sctx)
	return err
}
