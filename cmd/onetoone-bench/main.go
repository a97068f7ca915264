// Command onetoone-bench measures the bot against the local fake of Slack
// (bot/slacktest) and a real Postgres or SQLite, and prints what it saw.
// It asserts nothing: the figures and the goals they are read against live
// in BENCHMARKS.md at the repository root.
//
//	onetoone-bench ack      # ack latency and throughput over Socket Mode
//	onetoone-bench scale    # scheduler due-work queries and ticks at 10k/100k(/1M) one-to-ones
//	onetoone-bench digest   # digest for teams of 50/500/5000, App Home of a busy organizer
//	onetoone-bench drain    # draining due nudges under Slack's rate limits
//	onetoone-bench memory   # resident memory of the bot, idle and under load
//	onetoone-bench coverage # the coverage view for a roster of 5,000 people
//	onetoone-bench import   # importing a roster of 5,000 lines, then again, on each store
//
// Postgres is reached at ONETOONE_BENCH_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable). The
// benchmarks work in a database of their own, onetoone_bench, created when
// missing, in schemas they create and drop themselves; nobody else's data is
// touched.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
)

type command struct {
	name, about string
	run         func(ctx context.Context, args []string) error
}

var commands = []command{
	{"ack", "ack latency and throughput of slash commands over Socket Mode, against a bare client's floor", runAck},
	{"scale", "due-work query times, EXPLAIN plans and a scheduler tick at 10k, 100k (and 1M) one-to-ones on Postgres", runScale},
	{"digest", "digest build time for teams of 50, 500, 5000; App Home of a very busy organizer", runDigest},
	{"drain", "time to drain due nudges under Slack's limits, 429s met, and ack latency meanwhile", runDrain},
	{"memory", "resident memory of the bot process, idle and under 100 commands/s", runMemory},
	{"workspaces", "a scheduler tick and one workspace's Home on Postgres with 1,000 workspaces × 100 members, beside one", runWorkspaces},
	{"coverage", "the coordinator's coverage view (store query and whole view) for a roster of --people (5,000) on both stores", runCoverage},
	{"import", "importing a roster CSV of 5,000 lines into an empty roster, then the same file again, on SQLite and Postgres", runImport},
	{"clean", "drop the onetoone_bench database (seeded scale data included)", runClean},
	{"bot-child", "(internal) run the bot in this process for memory", runBotChild},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "help" || os.Args[1] == "--help" {
		usage()
		return
	}
	for _, c := range commands {
		if c.name == os.Args[1] {
			if c.name != "bot-child" {
				printMachine()
			}
			if err := c.run(ctx, os.Args[2:]); err != nil {
				fmt.Fprintf(os.Stderr, "onetoone-bench %s: %v\n", c.name, err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "onetoone-bench: no command %q\n", os.Args[1])
	usage()
	os.Exit(2)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: onetoone-bench COMMAND [flags]   (COMMAND -h lists its flags)")
	for _, c := range commands {
		if c.name != "bot-child" {
			fmt.Fprintf(os.Stderr, "  %-7s %s\n", c.name, c.about)
		}
	}
}

// printMachine says what the figures were measured on.
func printMachine() {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				if _, v, ok := strings.Cut(line, ":"); ok {
					cpu = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	fmt.Printf("# machine: %d CPUs (GOMAXPROCS %d), %s, %s %s/%s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
