package main

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noDatabase is an environment whose database must never be created: no
// Slack tokens, and DATABASE_URL in an empty directory that the test checks
// stays empty.
func noDatabase(t *testing.T) (env, string) {
	t.Helper()
	dir := t.TempDir()
	return env{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "must-not-exist.db"), "SLACK_API_URL": "http://127.0.0.1:1/api/"}, dir
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s was created", e.Name())
	}
}

// TestCommandHelp asks every command for help the three ways, with no
// tokens and a database that must not be created: each prints its usage on
// stdout, exits 0 and touches nothing.
func TestCommandHelp(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				e, dir := noDatabase(t)
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, e.getenv, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
				}
				if !strings.HasPrefix(stdout.String(), "usage: onetoone "+c.name) {
					t.Errorf("stdout should start with the usage of %s:\n%s", c.name, stdout.String())
				}
				if stderr.Len() != 0 {
					t.Errorf("stderr: %s", stderr.String())
				}
				assertEmpty(t, dir)
			})
		}
	}
	t.Run("run-job NAME --dry-run --help", func(t *testing.T) {
		e, dir := noDatabase(t)
		var stdout bytes.Buffer
		if code := run(context.Background(), []string{"run-job", "nudges", "--dry-run", "--help"}, e.getenv, &stdout, &stdout); code != 0 || !strings.Contains(stdout.String(), "usage: onetoone run-job") {
			t.Errorf("exit %d:\n%s", code, stdout.String())
		}
		assertEmpty(t, dir)
	})
}

// TestCommandHelpLists checks `onetoone help` (and no help at all) lists
// every command, and `help` refuses what it does not know.
func TestCommandHelpLists(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		var stdout bytes.Buffer
		if code := run(context.Background(), args, env{}.getenv, &stdout, &stdout); code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, c := range commands {
			if !strings.Contains(stdout.String(), "  "+c.name) || !strings.Contains(stdout.String(), c.summary) {
				t.Errorf("%v lacks %s:\n%s", args, c.name, stdout.String())
			}
		}
	}
	for _, args := range [][]string{{"help", "nosuch"}, {"help", "serve", "migrate"}, {"nosuch"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, env{}.getenv, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage: onetoone") || stdout.Len() != 0 {
			t.Errorf("%v: exit %d, want 2 with the usage on stderr; stdout %q, stderr %q", args, code, stdout.String(), stderr.String())
		}
	}
}

// TestCommandRefusesUnknownArguments gives every command a flag it does not
// have and an argument it does not take: each says so with its usage,
// exits 2 and touches nothing.
func TestCommandRefusesUnknownArguments(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--bogus"}, {c.name, "bogus", "extra"}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				e, dir := noDatabase(t)
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, e.getenv, &stdout, &stderr); code != 2 {
					t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
				}
				first, rest, _ := strings.Cut(stderr.String(), "\n")
				if !strings.HasPrefix(first, "onetoone "+c.name+": ") || !strings.Contains(first, "bogus") {
					t.Errorf("first line %q should name the command and what it refused", first)
				}
				if !strings.HasPrefix(rest, "usage: onetoone "+c.name) {
					t.Errorf("the usage should follow:\n%s", stderr.String())
				}
				if stdout.Len() != 0 {
					t.Errorf("stdout: %s", stdout.String())
				}
				assertEmpty(t, dir)
			})
		}
	}
}

// TestPackageCommentListsCommands keeps the package comment's list of
// subcommands in step with the table.
func TestPackageCommentListsCommands(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := f.Doc.Text()
	for _, c := range commands {
		if line := "  - " + c.name + ": " + c.summary + "\n"; !strings.Contains(doc, line) {
			t.Errorf("the package comment lacks the line %q", line)
		}
	}
}
