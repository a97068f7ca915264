package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
)

const importUsage = "usage: onetoone import FILE [--dry-run] [--group NAME] [--team TEAMID]"

// importCmd brings a roster from a spreadsheet or an organizing CRM's
// export into a group (models.ImportRoster) and prints what it did, line
// by line, in plain words.
func importCmd(ctx context.Context, getenv func(string) string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "report what an import would do, and store nothing")
	group := fs.String("group", "", "the group's name, when the workspace has several")
	team := fs.String("team", "", "the workspace's id, when the database has several")
	file, rest := splitFile(args)
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q after the file %q", fs.Arg(0), file)}
	}
	if file == "" {
		return &usageError{"give one file to import"}
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("can't read %s: %w", file, errors.Unwrap(err))
	}
	defer f.Close()
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	s, err := openExistingStore(ctx, c, time.Now)
	if err != nil {
		return err
	}
	defer s.Close()
	g, err := pickGroup(ctx, s, models.TeamID(*team), *group, !*dry)
	if err != nil {
		return err
	}
	st := s.In(g.ID)
	rep, err := st.ImportRoster(ctx, operator, f, models.ImportOptions{DryRun: *dry})
	if err != nil {
		return err
	}
	fields, err := fieldNames(ctx, st)
	if err != nil {
		return err
	}
	printImport(stdout, file, g, rep, fields)
	return nil
}

// splitFile takes the first argument that is not a flag or a flag's value
// out of args, so the file may come before or after the flags.
func splitFile(args []string) (file string, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i:]...)
			return file, rest
		case strings.HasPrefix(a, "-"):
			rest = append(rest, a)
			name := strings.TrimLeft(a, "-")
			if (name == "group" || name == "team") && i+1 < len(args) {
				i++
				rest = append(rest, args[i])
			}
		case file == "":
			file = a
		default:
			rest = append(rest, a)
		}
	}
	return file, rest
}

// pickGroup finds the group a roster command acts in: the only workspace's
// only group needs no flag; otherwise --team and --group say which, and
// the error names the choices. On a database without any group yet,
// --team makes the workspace's default group when create is set (not in a
// dry run, which changes nothing).
func pickGroup(ctx context.Context, s *models.Store, team models.TeamID, name string, create bool) (*models.Group, error) {
	all, err := s.AllGroups(ctx)
	if err != nil {
		return nil, err
	}
	byTeam := map[models.TeamID][]models.Group{}
	var teams []string
	for _, g := range all {
		if len(byTeam[g.TeamID]) == 0 {
			teams = append(teams, string(g.TeamID))
		}
		byTeam[g.TeamID] = append(byTeam[g.TeamID], g)
	}
	sort.Strings(teams)
	switch {
	case team != "" && len(byTeam[team]) == 0:
		switch {
		case len(teams) == 0 && create:
			// A new database: the workspace's default group is made here.
			return s.DefaultGroup(ctx, team)
		case len(teams) == 0:
			return nil, errors.New("this database has no workspace yet: run the bot once first")
		}
		return nil, fmt.Errorf("no workspace %s in this database; it has %s", team, strings.Join(teams, ", "))
	case team == "" && len(teams) == 0:
		return nil, errors.New("this database has no workspace yet: run the bot once, or give --team TEAMID")
	case team == "" && len(teams) > 1:
		return nil, fmt.Errorf("this database has %d workspaces (%s): say which with --team TEAMID", len(teams), strings.Join(teams, ", "))
	case team == "":
		team = models.TeamID(teams[0])
	}
	groups := byTeam[team]
	if name == "" {
		if len(groups) == 1 {
			return &groups[0], nil
		}
		return nil, fmt.Errorf("workspace %s has %d groups (%s): say which with --group NAME", team, len(groups), groupNames(groups))
	}
	for i := range groups {
		if groups[i].NameKey == models.NameKey(name) || (groups[i].IsDefault && groups[i].Name == "" && models.NameKey(name) == "default") {
			return &groups[i], nil
		}
	}
	return nil, fmt.Errorf("workspace %s has no group called %q; its groups are %s", team, name, groupNames(groups))
}

// groupNames lists groups as --group takes them.
func groupNames(gs []models.Group) string {
	var names []string
	for _, g := range gs {
		n := g.Name
		if n == "" {
			n = "default"
		}
		names = append(names, fmt.Sprintf("%q", n))
	}
	return strings.Join(names, ", ")
}

// groupLabel names a group in a report.
func groupLabel(g *models.Group) string {
	n := g.Name
	if g.Name == "" {
		n = "default"
	}
	return fmt.Sprintf("the group %q of workspace %s", n, g.TeamID)
}

// fieldNames are the group's names for the roster's three fields.
func fieldNames(ctx context.Context, st *models.Store) (map[models.RosterColumn]string, error) {
	saved, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	names := models.DefaultRosterFields[:]
	if f := saved.Effective(models.Settings{}).RosterFields; len(f) == models.RosterFieldCount {
		names = f
	}
	return map[models.RosterColumn]string{
		models.ColumnSite: names[0], models.ColumnDepartment: names[1], models.ColumnShift: names[2],
	}, nil
}

// columnWords name the columns other than the group's three fields.
var columnWords = map[models.RosterColumn]string{
	models.ColumnName: "name", models.ColumnFirst: "first name", models.ColumnMiddle: "middle name",
	models.ColumnLast: "last name", models.ColumnEmail: "email", models.ColumnPhone: "phone", models.ColumnNotes: "notes",
}

// importListed bounds the lines the report lists of each kind.
const importListed = 100

// printImport writes an import's report as the operator reads it.
func printImport(w io.Writer, file string, g *models.Group, rep *models.ImportReport, fields map[models.RosterColumn]string) {
	col := func(c models.RosterColumn) string {
		if n, ok := fields[c]; ok {
			return n
		}
		if n, ok := columnWords[c]; ok {
			return n
		}
		return string(c)
	}
	verb := "Imported"
	if rep.DryRun {
		verb = "Dry run: would import"
	}
	fmt.Fprintf(w, "%s %s into %s.\n", verb, file, groupLabel(g))
	var read []string
	for _, c := range rep.Columns {
		read = append(read, fmt.Sprintf("%s (%s)", c.Header, col(c.Column)))
	}
	fmt.Fprintf(w, "Columns read: %s.\n", strings.Join(read, ", "))
	if len(rep.Ignored) > 0 {
		fmt.Fprintf(w, "Columns not read (their cells were not imported): %s.\n", strings.Join(rep.Ignored, ", "))
	}
	fmt.Fprintf(w, "%d lines: %d added, %d merged, %d unchanged, %d skipped.\n",
		rep.Rows(), len(rep.Added), len(rep.Merged), len(rep.Unchanged), len(rep.Skipped))
	list := func(title string, ls []models.ImportLine, say func(models.ImportLine) string) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for i, l := range ls {
			if i == importListed {
				fmt.Fprintf(w, "  … and %d more\n", len(ls)-i)
				break
			}
			fmt.Fprintf(w, "  line %d: %s\n", l.Line, say(l))
		}
	}
	list("Added", rep.Added, func(l models.ImportLine) string { return l.Name })
	list("Merged", rep.Merged, func(l models.ImportLine) string {
		var what []string
		for _, c := range l.Changed {
			what = append(what, col(c))
		}
		return fmt.Sprintf("%s (%s)", l.Name, strings.Join(what, ", "))
	})
	list("Skipped", rep.Skipped, func(l models.ImportLine) string {
		return skipReason(l, col)
	})
	if rep.DryRun {
		fmt.Fprintln(w, "\nNothing was stored: run it again without --dry-run to import.")
	}
}

// skipReason says in plain words why a line was skipped.
func skipReason(l models.ImportLine, col func(models.RosterColumn) string) string {
	who := l.Name
	switch l.Skip {
	case models.SkipNoName:
		return "no name"
	case models.SkipLongName:
		return fmt.Sprintf("%s: a name longer than %d characters", who, models.MaxNameLen)
	case models.SkipBadEmail:
		return who + ": the email isn't an email address"
	case models.SkipBadPhone:
		return who + ": the phone has no digits"
	case models.SkipLong:
		return fmt.Sprintf("%s: the %s is too long", who, col(l.Column))
	case models.SkipRepeat:
		return fmt.Sprintf("%s: the same person as line %d", who, l.SameAs)
	case models.SkipAmbiguous:
		return who + ": the roster has several people of that name; add their email or phone to say which"
	}
	return who + ": " + l.Skip
}
