package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// runCoverage is §8: the coordinator's coverage view for a roster of
// --people on both stores: the store's one query (models.Store.Coverage)
// and the whole view as the Coverage button builds it (bot.CoverageView:
// the coordinator's check, settings, query, render and its JSON).
func runCoverage(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("coverage", flag.ContinueOnError)
	people := fs.Int("people", 5000, "people on the roster; 45% met (1–3 one-to-ones each, most rated), 10% linked to Slack")
	noise := fs.Int("noise", 20000, "one-to-ones among members besides (the scale benchmark's history)")
	stores := fs.String("stores", "sqlite,postgres", "stores")
	runs := fs.Int("runs", 10, "repetitions, for the spread")
	schema := fs.String("schema", "", "Postgres: seed into this schema and keep it (for EXPLAIN); drop it with clean")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t := newTable("store", "people", "field", "store.Coverage", "whole view", "rows", "met", "view JSON")
	for _, kind := range splitList(*stores) {
		st, err := openStore(ctx, kind, func() time.Time { return scaleNow }, *schema)
		if err != nil {
			return err
		}
		start := time.Now()
		met, err := seedRoster(ctx, st.Store, *people, *noise)
		if err != nil {
			st.close()
			return err
		}
		fmt.Printf("# %s: seeded %d people (%d met) and %d other one-to-ones in %.1f s\n", kind, *people, met, *noise, time.Since(start).Seconds())
		fake := slacktest.New(slacktest.Options{})
		fake.AddUser(slack.User{ID: "UCOORD", Name: "coord", RealName: "Coordinator", TZ: "UTC"})
		b := bot.New(bot.Config{Store: st.Store, Slack: botSlack(fake.URL(), nil), Now: func() time.Time { return scaleNow },
			Log: slog.New(newLogCounter()), TeamID: slacktest.TeamID, Coordinators: []models.UserID{"UCOORD"}})
		g, err := st.DefaultGroup(ctx, slacktest.TeamID)
		if err != nil {
			st.close()
			return err
		}
		gs := st.In(g.ID)
		coord := &models.Member{ID: "UCOORD", Role: models.RoleCoordinator}
		for _, field := range models.RosterFieldColumns {
			if _, err := b.CoverageView(ctx, "UCOORD", field); err != nil { // warm, and the profile cached
				st.close()
				return err
			}
			var stores, wholes []float64
			var c *models.Coverage
			var size int
			for range *runs {
				s0 := time.Now()
				if c, err = gs.Coverage(ctx, coord, field); err != nil {
					return err
				}
				stores = append(stores, msOf(time.Since(s0)))
				s1 := time.Now()
				v, err := b.CoverageView(ctx, "UCOORD", field)
				if err != nil {
					return err
				}
				js, err := json.Marshal(v)
				if err != nil {
					return err
				}
				wholes = append(wholes, msOf(time.Since(s1)))
				size = len(js)
			}
			t.row(kind, strconv.Itoa(*people), field, spreadOf(stores).ms(), spreadOf(wholes).ms(),
				strconv.Itoa(len(c.Rows)), strconv.FormatInt(c.Total.Met, 10), fmt.Sprintf("%.1f kB", float64(size)/1000))
		}
		fake.Close()
		st.close()
	}
	fmt.Printf("\n## coverage view, ms: median (min–max) of %d runs (goal: under 200 ms for 5,000 people)\n", *runs)
	t.flush()
	return nil
}

// seedRoster writes a roster of n people in the default group (12
// worksites, 8 departments, 3 shifts; every tenth linked to a Slack
// member), after noise one-to-ones among members (seedScale). About 45%
// have had 1–3 one-to-ones with one of 40 organizers over the last year,
// most of them reflected and rated. It returns how many were met.
func seedRoster(ctx context.Context, st *models.Store, n, noise int) (int, error) {
	c, err := seedScale(ctx, st, noise)
	if err != nil {
		return 0, err
	}
	grp, err := st.DefaultGroup(ctx, "T0TEST")
	if err != nil {
		return 0, err
	}
	gid := int64(grp.ID)
	rng := rand.New(rand.NewPCG(uint64(n), 14))
	T := scaleNow
	db := st.DB()
	pp := newBulk(db, "people", "id", "group_id", "owner_id", "name", "name_key", "slack_id", "email", "email_key", "phone", "phone_key",
		"site", "department", "shift", "created_at", "updated_at")
	oo := newBulk(db, "one_to_ones", "id", "group_id", "requester_id", "invitee_id", "person_id", "status", "message", "scheduled_at", "duration_min",
		"requested_at", "held_at", "invite_channel", "invite_ts", "requester_channel", "requester_ts", "version", "created_at", "updated_at")
	rf := newBulk(db, "reflections", "id", "group_id", "one_to_one_id", "author_id", "body", "engagement", "follow_up_on", "created_at", "updated_at")
	oo.deps = []*bulk{pp}
	rf.deps = []*bulk{oo}
	body := []byte("sealed reflection text stands in here")
	oid, rid := int64(noise), int64(c.reflections)
	met := 0
	for i := 1; i <= n; i++ {
		name := "Worker " + strconv.Itoa(i)
		slackID := ""
		if i%10 == 0 {
			slackID = "S" + strconv.Itoa(1000000+i)
		}
		site := "Ward " + strconv.Itoa(1+rng.IntN(12))
		dept := "Dept " + strconv.Itoa(1+rng.IntN(8))
		shift := []string{"Day", "Evening", "Night"}[rng.IntN(3)]
		if err := pp.add(ctx, int64(i), gid, "", name, models.NameKey(name), slackID, "", "", "", "", site, dept, shift, T.Add(-400*day), T.Add(-400*day)); err != nil {
			return 0, err
		}
		if rng.IntN(100) >= 45 {
			continue
		}
		met++
		for range 1 + rng.IntN(3) {
			oid++
			org := "M" + strconv.Itoa(1000000+rng.IntN(40))
			at := T.Add(-time.Duration(rng.Int64N(int64(365 * day))))
			status := models.StatusHeld
			if rng.IntN(10) < 8 {
				status = models.StatusReflected
			}
			var person any = int64(i)
			invitee := ""
			if slackID != "" {
				person, invitee = nil, slackID
			}
			if err := oo.add(ctx, oid, gid, org, invitee, person, status, "", at, 45, at.Add(-3*day), at, "", "", "", "", 1, at, at); err != nil {
				return 0, err
			}
			if status == models.StatusReflected {
				rid++
				if err := rf.add(ctx, rid, gid, oid, org, body, 1+rng.IntN(5), nil, at.Add(time.Hour), at.Add(time.Hour)); err != nil {
					return 0, err
				}
			}
		}
	}
	for _, b := range []*bulk{pp, oo, rf} {
		if err := b.flush(ctx); err != nil {
			return 0, err
		}
	}
	if err := resetSequences(ctx, st, "people", "one_to_ones", "reflections"); err != nil {
		return 0, err
	}
	if st.Dialect() == models.Postgres {
		if err := db.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
			return 0, err
		}
	}
	return met, nil
}
