package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/onetoone/onetoone/models"
)

const forgetUsage = `usage: onetoone forget "NAME" [--yes] [--group NAME] [--team TEAMID]`

// forgetCmd forgets someone outside Slack, on the roster or an organizer's
// own contact, as a coordinator would with /one-to-one forget: without
// --yes it says who would go, with it they go (models.ForgetPeople).
func forgetCmd(ctx context.Context, getenv func(string) string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("forget", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "forget them; without it, say who would be forgotten")
	group := fs.String("group", "", "the group's name, when the workspace has several")
	team := fs.String("team", "", "the workspace's id, when the database has several")
	name, rest := splitFile(args)
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q after the name %q", fs.Arg(0), name)}
	}
	if name == "" {
		return &usageError{"give one name, in quotes"}
	}
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	s, err := openExistingStore(ctx, c, time.Now)
	if err != nil {
		return err
	}
	defer s.Close()
	g, err := pickGroup(ctx, s, models.TeamID(*team), *group, false)
	if err != nil {
		return err
	}
	st := s.In(g.ID)
	people, err := st.PeopleNamed(ctx, operator, name)
	if err != nil {
		return err
	}
	if len(people) == 0 {
		return fmt.Errorf("nobody called %q in %s", name, groupLabel(g))
	}
	var ids []models.PersonID
	var who []string
	for _, p := range people {
		ids = append(ids, p.ID)
		who = append(who, personLabel(p))
	}
	if !*yes {
		fmt.Fprintf(stdout, "Would forget, in %s:\n  %s\nwith their one-to-ones, the reflections on them, their messages, list places and assignments.\nRun it again with --yes to forget them.\n", groupLabel(g), strings.Join(who, "\n  "))
		return nil
	}
	gone, n, err := st.ForgetPeople(ctx, operator, ids)
	if err != nil {
		return err
	}
	for _, p := range gone {
		fmt.Fprintf(stdout, "Forgot %s.\n", personLabel(p))
	}
	records := "records"
	if n == 1 {
		records = "record"
	}
	fmt.Fprintf(stdout, "%d %s deleted.\n", n, records)
	return nil
}

// personLabel names a person for the operator: whose they are, and how
// to tell two of one name apart.
func personLabel(p models.Person) string {
	var tell []string
	for _, v := range []string{p.Email, p.Phone, p.Site, p.Department} {
		if v != "" {
			tell = append(tell, v)
		}
	}
	label := p.Name + ", on the roster"
	if p.OwnerID != "" {
		label = fmt.Sprintf("%s, %s's contact", p.Name, p.OwnerID)
	}
	if len(tell) > 0 {
		label += " (" + strings.Join(tell, ", ") + ")"
	}
	return label
}
