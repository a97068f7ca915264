package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one subcommand of onetoone.
type command struct {
	name    string
	summary string // its line in onetoone's usage and the package comment
	// usage is what --help, -h and `onetoone help NAME` print, and what
	// follows a usage error.
	usage string
	// run does the work with what follows the name on the command line.
	// It returns flag.ErrHelp when asked for help and a *usageError for a
	// command line it cannot read, both before it reads the environment,
	// opens a database or calls Slack.
	run func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error
}

// commands is every subcommand, in the order `onetoone help` lists them.
var commands = []command{
	{
		name: "serve", summary: "run the bot (the default)",
		usage: "usage: onetoone serve\n\nRuns the bot until SIGTERM or Ctrl-C. Configuration comes from the environment; see README.md.",
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return serve(ctx, getenv, stderr)
		},
	},
	{
		name: "playground", summary: "try the bot in a browser, against a built-in fake Slack: no tokens, no workspace",
		usage: playgroundUsage + `

Starts the real bot, wired as serve wires it, against a built-in fake Slack
with a few seeded people, on a throw-away SQLite database, and serves a page
that looks like Slack: pick who you are, type /one-to-one, click, fill in
modals, open Home, jump the clock ahead, and watch every Web API call and
ack. Needs no Slack tokens and no network; everything is forgotten on exit.
  --addr HOST:PORT  where the page is served (default 127.0.0.1:8080);
                    only a loopback address unless --public is given
  --public          allow an address other machines can reach (the page has
                    no login: anyone who reaches it can use it)`,
		run: playgroundCmd,
	},
	{
		name: "migrate", summary: "bring the database schema up to date and exit; `migrate down --yes` rolls back the newest step",
		usage: "usage: onetoone migrate [down [--yes]]\n\nApplies the migrations DATABASE_URL's database lacks, and says which it has. `migrate down` names the newest step and what rolling it back loses; with --yes it rolls it back. Needs no Slack tokens.",
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			return migrate(ctx, getenv, args, stdout)
		},
	},
	{
		name: "run-job", summary: "run one scheduled job once, or list the jobs",
		usage: runJobUsage + `

Runs one scheduled job once against the configured database and Slack. With
no NAME, lists the jobs and when they run.
  --at RFC3339  run as if it were this time, like 2026-12-01T09:00:00Z
  --dry-run     print what would be queued, sent or changed, and do none of
                it; without SLACK_BOT_TOKEN it asks Slack nothing`,
		run: runJob,
	},
	{
		name: "export", summary: "write every one-to-one and reflection as CSV",
		usage: exportUsage + `

Writes every one-to-one and its reflections as CSV, to stdout or to FILE
(created readable by its owner only). With --roster, writes a group's
roster instead, with its notes: the columns import reads, so importing
the file again changes nothing, then who has each person and their
one-to-ones. Needs no Slack tokens.
  --format csv   the output format; only csv
  --out FILE     the file to write; stdout when absent
  --roster       the roster, not the one-to-ones
  --group NAME   with --roster: the group, when the workspace has more than one
  --team TEAMID  with --roster: the workspace, when the database has more than one`,
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			return exportCmd(ctx, getenv, args, stdout)
		},
	},
	{
		name: "import", summary: "bring people from a spreadsheet (CSV) into a group's roster",
		usage: importUsage + `

Reads FILE, CSV with a first line of column names, into the group's roster
and prints what it did: who was added, merged (and what changed), left
unchanged or skipped (and why), line by line. Columns are known by their
common names (Name or First/Last name, Email, Phone/Cell/Mobile,
Department/Dept, Worksite/Location/Site/Building, Shift, Notes/Comments)
and by the group's own names for its roster fields; other columns are
listed as not read. Importing the same file again changes nothing; it is
all or nothing. Needs no Slack tokens.
  --dry-run      say what an import would do, and store nothing
  --group NAME   the group, when the workspace has more than one
  --team TEAMID  the workspace, when the database has more than one`,
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			return importCmd(ctx, getenv, args, stdout)
		},
	},
	{
		name: "forget", summary: "forget someone outside Slack, on the roster or an organizer's contact",
		usage: forgetUsage + `

Deletes someone outside Slack called NAME (in any case) from the group,
with everything about them: their one-to-ones, whoever held them, the
reflections on them, their scheduled messages, their places on lists and
their assignments. Without --yes it only says who would be forgotten.
(Slack members are forgotten with /one-to-one forget @name.) Needs no
Slack tokens.
  --yes          forget them
  --group NAME   the group, when the workspace has more than one
  --team TEAMID  the workspace, when the database has more than one`,
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			return forgetCmd(ctx, getenv, args, stdout)
		},
	},
	{
		name: "reseal", summary: "re-seal every reflection with the first ONETOONE_ENCRYPTION_KEY key",
		usage: "usage: onetoone reseal\n\nRe-seals every reflection with the first key of ONETOONE_ENCRYPTION_KEY, the\nlast step of a key rotation (README.md, \"Encryption and key rotation\").\nSafe while replicas serve, and safe to run again. Needs no Slack tokens.",
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return resealCmd(ctx, getenv, stdout)
		},
	},
	{
		name: "healthcheck", summary: "exit 0 if the local server is ready (for container healthchecks)",
		usage: "usage: onetoone healthcheck\n\nAsks /readyz on ONETOONE_HTTP_ADDR of this host and exits 0 if it answers\n200, 1 otherwise: a container healthcheck for images without curl.",
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return healthcheck(ctx, getenv)
		},
	},
	{
		name: "version", summary: "print the version",
		usage: "usage: onetoone version",
		run: func(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) error {
			if err := noArgs(args); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "onetoone", version)
			return nil
		},
	},
}

// lookup finds the command named name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usageText is onetoone's own usage: every command with its line.
func usageText() string {
	var b strings.Builder
	b.WriteString("usage: onetoone [COMMAND] [ARGS]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun `onetoone help COMMAND` or `onetoone COMMAND --help` for a command's usage.\n")
	b.WriteString("Configuration comes from the environment; see README.md.")
	return b.String()
}

// help is `onetoone help [COMMAND]`.
func help(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprintln(stdout, usageText())
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "onetoone help: takes one command name (got %q)\n%s\n", args, usageText())
		return 2
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "onetoone help: unknown command %q\n%s\n", args[0], usageText())
		return 2
	}
	fmt.Fprintln(stdout, c.usage)
	return 0
}

// usageError is a command line onetoone cannot read: run prints it with the
// command's usage and exits 2, having done nothing.
type usageError struct{ problem string }

func (e *usageError) Error() string { return e.problem }

// parseFlags parses args with fs and prints nothing: -h and --help come
// back as flag.ErrHelp, anything else wrong as a *usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &usageError{err.Error()}
}

// noArgs refuses any argument to a command that takes none, and answers
// -h and --help.
func noArgs(args []string) error {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("takes no arguments (got %q)", fs.Arg(0))}
	}
	return nil
}
