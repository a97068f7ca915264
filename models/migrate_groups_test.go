package models

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// groupsSettings are the per-group settings 0017_groups moves from the
// workspace's row to its default group's, as both tables name them.
type groupsSettings struct {
	DigestChannel, DigestCron, Timezone      *string
	NudgeAfterSec, ExpireAfterSec            *int64
	ReflectionDelaySec                       *int64
	DeliveryHours, LadderLabels, DigestNames *string
	UnaskedPerWeek                           *int
	Language                                 *string
	CoordinatorsSavedAt                      *time.Time
}

const groupsSettingsColumns = `digest_channel, digest_cron, timezone, nudge_after_sec, expire_after_sec,
	reflection_delay_sec, delivery_hours, ladder_labels, digest_names, unasked_per_week, language, coordinators_saved_at`

// groupsTables are the tables whose rows 0017_groups puts in a group.
var groupsTables = []string{"one_to_ones", "reflections", "people", "goals", "plan_entries", "deliveries"}

// TestGroupsMigrationKeepsEverything migrates a populated database from
// 0016 to 0017_groups on both stores: several members and coordinators,
// settings, one-to-ones in every status, reflections and their reads,
// people, plans, goals and deliveries. Nothing is lost, everything lands in
// the workspace's default group with its settings and coordinators, and
// the Down gives the workspace's settings and coordinators back.
func TestGroupsMigrationKeepsEverything(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.MigrateBefore(ctx, "0017_groups"); err != nil {
			t.Fatal(err)
		}
		now := testNow
		exec := func(q string, args ...any) {
			t.Helper()
			if err := s.db.Exec(q, args...).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		saved := now.Add(-48 * time.Hour)
		exec(`INSERT INTO settings (team_id, digest_channel, digest_cron, timezone, nudge_after_sec, expire_after_sec, reflection_delay_sec,
			delivery_hours, ladder_labels, coordinators_saved_at, uninstalled_at, updated_at, digest_names, unasked_per_week, language)
			VALUES ('T1', 'C0DIGEST', '0 8 * * 2', 'Europe/Madrid', 864000, 2592000, 1800, '08-20', NULL, ?, NULL, ?, 'counts', 2, 'es')`, saved, saved)
		for _, m := range []struct {
			id, team, role string
		}{{"UA", "T1", "coordinator"}, {"UB", "T1", "coordinator"}, {"UC", "T1", "member"}, {"UD", "T1", "member"}, {"UE", "", "member"}} {
			exec(`INSERT INTO members (id, team_id, name, role, profile_fetched_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				m.id, m.team, "name of "+m.id, m.role, now, now, now)
		}
		exec(`INSERT INTO suppressions (user_id, since) VALUES ('UGONE', ?)`, now)
		exec(`INSERT INTO people (id, owner_id, name, name_key, created_at) VALUES (1, 'UA', 'Maria Lopez', 'maria lopez', ?), (2, 'UC', 'Ana', 'ana', ?)`, now, now)
		held := now.Add(-24 * time.Hour)
		for i, o := range []struct {
			requester, invitee string
			person             any
			status             Status
		}{
			{"UA", "UB", nil, StatusRequested}, {"UA", "UC", nil, StatusScheduled}, {"UB", "UC", nil, StatusHeld},
			{"UC", "UD", nil, StatusReflected}, {"UD", "UA", nil, StatusDeclined}, {"UB", "UD", nil, StatusCancelled},
			{"UC", "UA", nil, StatusExpired}, {"UA", "", 1, StatusReflected}, {"UC", "", 2, StatusRequested}, {"UE", "UA", nil, StatusRequested},
		} {
			exec(`INSERT INTO one_to_ones (id, requester_id, invitee_id, person_id, status, requested_at, scheduled_at, held_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, i+1, o.requester, o.invitee, o.person, o.status, now.Add(-72*time.Hour), held, held, now, now)
		}
		exec(`INSERT INTO reflections (id, one_to_one_id, author_id, body, engagement, created_at, updated_at)
			VALUES (1, 4, 'UC', ?, 3, ?, ?), (2, 4, 'UD', ?, 2, ?, ?), (3, 8, 'UA', ?, 4, ?, ?)`,
			[]byte(`{"cares":"c"}`), now, now, []byte(`{"cares":"d"}`), now, now, []byte(`{"cares":"m"}`), now, now)
		exec(`INSERT INTO reflection_reads (reflection_id, reader_id, via, read_at) VALUES (1, 'UA', 'opened', ?)`, now)
		exec(`INSERT INTO goals (user_id, target, starts_at, ends_at, created_at) VALUES ('UA', 4, ?, ?, ?), ('UC', 2, ?, ?, ?)`,
			now, now.Add(28*24*time.Hour), now, now, now.Add(28*24*time.Hour), now)
		exec(`INSERT INTO plan_entries (owner_id, invitee_id, person_id, name, added_at) VALUES ('UA', 'UD', NULL, '', ?), ('UA', '', 1, 'Maria Lopez', ?)`, now, now)
		exec(`INSERT INTO deliveries (kind, subject, recipient, "window", due_at, state, one_to_one_id, created_at, updated_at)
			VALUES ('reminder', '2', 'UA', 'w1', ?, 'pending', 2, ?, ?), ('digest', 'C0DIGEST', 'C0DIGEST', 'w2', ?, 'sent', NULL, ?, ?),
			('inbox_reply', 'D1', 'UE', 'w3', ?, 'sent', NULL, ?, ?)`, now, now, now, now, now, now, now, now, now)

		count := func(table string) int64 {
			var n int64
			if err := s.db.Table(table).Count(&n).Error; err != nil {
				t.Fatalf("count %s: %v", table, err)
			}
			return n
		}
		all := append([]string{"members", "settings", "suppressions", "reflection_reads"}, groupsTables...)
		before := map[string]int64{}
		for _, table := range all {
			before[table] = count(table)
		}
		var wantSettings groupsSettings
		if err := s.db.Raw("SELECT " + groupsSettingsColumns + " FROM settings WHERE team_id = 'T1'").Scan(&wantSettings).Error; err != nil {
			t.Fatal(err)
		}

		// Up to 0017 only: 0018_workspaces moves settings on (its own test).
		if err := s.MigrateBefore(ctx, "0018_workspaces"); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		after := map[string]int64{}
		for _, table := range all {
			after[table] = count(table)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("rows by table (-before +after):\n%s", diff)
		}
		var groups []Group
		s.db.Order("id").Find(&groups)
		if len(groups) != 1 || !groups[0].IsDefault || groups[0].TeamID != "T1" {
			t.Fatalf("groups after the migration = %+v, want T1's default alone", groups)
		}
		def := groups[0].ID
		for _, table := range groupsTables {
			var elsewhere int64
			s.db.Table(table).Where("group_id <> ?", def).Count(&elsewhere)
			if elsewhere != 0 {
				t.Errorf("%d rows of %s are not in the default group", elsewhere, table)
			}
		}
		var gotSettings groupsSettings
		if err := s.db.Raw("SELECT "+groupsSettingsColumns+" FROM group_settings WHERE group_id = ?", def).Scan(&gotSettings).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantSettings, gotSettings); diff != "" || gotSettings.DigestChannel == nil {
			t.Errorf("the default group's settings (-workspace's before +group's after):\n%s", diff)
		}
		g := s.In(def)
		coords, err := g.Coordinators(ctx)
		if err != nil || len(coords) != 2 || coords[0].ID != "UA" || coords[1].ID != "UB" {
			t.Errorf("coordinators after the migration = %+v, %v; want UA and UB", coords, err)
		}
		if st, err := g.Settings(ctx); err != nil || st.FirstCoordinatorsCount() || *st.Language != "es" {
			t.Errorf("settings through the store = %+v, %v", st, err)
		}
		// The rows read back through the group as before, with the later
		// steps too: the store reads what they add (reflection_tags).
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		if os, err := g.OneToOnesFor(ctx, "UA", StatusRequested, StatusScheduled); err != nil || len(os) != 3 {
			t.Errorf("UA's open one-to-ones = %d, %v; want 3", len(os), err)
		}
		if r, err := g.Reflection(ctx, 4, "UC", &Member{ID: "UA", Role: RoleCoordinator}); err != nil || r.Answers["cares"] != "c" || len(r.Readers) != 1 || r.Readers[0].Times != 2 {
			t.Errorf("a reflection after the migration = %+v, %v", r, err)
		}
		if items, err := g.Plan(ctx, "UA"); err != nil || len(items) != 2 {
			t.Errorf("UA's list = %+v, %v", items, err)
		}
		if p, err := g.PersonNamed(ctx, "UA", "maria lopez"); err != nil || p == nil || p.ID != 1 {
			t.Errorf("UA's Maria = %+v, %v", p, err)
		}
		if goal, err := g.LatestGoal(ctx, "UC"); err != nil || goal == nil || goal.Target != 2 {
			t.Errorf("UC's goal = %+v, %v", goal, err)
		}
		if cur, err := s.CurrentGroup(ctx, "T1", "UC"); err != nil || cur.ID != def {
			t.Errorf("UC's current group = %+v, %v", cur, err)
		}

		// Down (past the later steps first): the workspace's settings
		// and coordinators come back.
		for undone := ""; undone != "0017_groups"; {
			var err error
			if undone, err = s.MigrateDown(ctx); err != nil || undone == "" || undone < "0017_groups" {
				t.Fatalf("down = %s, %v", undone, err)
			}
		}
		var backSettings groupsSettings
		if err := s.db.Raw("SELECT " + groupsSettingsColumns + " FROM settings WHERE team_id = 'T1'").Scan(&backSettings).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantSettings, backSettings); diff != "" {
			t.Errorf("settings after the Down (-before +after):\n%s", diff)
		}
		var roles []string
		s.db.Raw("SELECT id || ':' || role FROM members ORDER BY id").Scan(&roles)
		if diff := cmp.Diff([]string{"UA:coordinator", "UB:coordinator", "UC:member", "UD:member", "UE:member"}, roles); diff != "" {
			t.Errorf("roles after the Down (-want +got):\n%s", diff)
		}
		before["reflection_reads"]++ // the read above
		for _, table := range all {
			if n := count(table); n != before[table] {
				t.Errorf("%s: %d rows after the Down, %d before", table, n, before[table])
			}
		}
	})
}
