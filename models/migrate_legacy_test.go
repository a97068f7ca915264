package models

// The migration runner before goose, frozen as it shipped with 0014: tests
// build databases at each earlier version with it, as a release of that time
// left them, and check that Migrate adopts them. Never edit the steps; new
// steps are files under migrations/.

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// legacyStep is one versioned step of the schema as the old runner kept it. Steps are written once and
// never edited after they ship; a change is a new step.
type legacyStep struct {
	ID  string
	SQL string // statements separated by ";\n"; {{id}}, {{ts}}, {{bytes}} vary by dialect
}

// legacySteps are applied in order, each in its own transaction, and
// recorded in schema_migrations. The same statements run on Postgres and
// SQLite; only the few type names in braces differ.
var legacySteps = []legacyStep{
	{ID: "0001_initial", SQL: `
CREATE TABLE settings (
	team_id TEXT PRIMARY KEY,
	digest_channel TEXT NOT NULL DEFAULT '',
	digest_cron TEXT NOT NULL DEFAULT '',
	timezone TEXT NOT NULL DEFAULT '',
	nudge_after_sec BIGINT NOT NULL DEFAULT 0,
	reflection_delay_sec BIGINT NOT NULL DEFAULT 0,
	delivery_hours TEXT NOT NULL DEFAULT '',
	ladder_labels TEXT NOT NULL DEFAULT '',
	uninstalled_at {{ts}},
	updated_at {{ts}} NOT NULL
);
CREATE TABLE members (
	id TEXT PRIMARY KEY,
	team_id TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL DEFAULT '',
	tz TEXT NOT NULL DEFAULT '',
	is_bot BOOLEAN NOT NULL DEFAULT FALSE,
	deleted BOOLEAN NOT NULL DEFAULT FALSE,
	is_admin BOOLEAN NOT NULL DEFAULT FALSE,
	role TEXT NOT NULL DEFAULT 'member',
	opted_out BOOLEAN NOT NULL DEFAULT FALSE,
	joined_at {{ts}},
	profile_fetched_at {{ts}} NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE TABLE people (
	id {{id}},
	owner_id TEXT NOT NULL,
	name TEXT NOT NULL,
	slack_id TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX people_owner_name ON people (owner_id, name);
CREATE TABLE one_to_ones (
	id {{id}},
	requester_id TEXT NOT NULL,
	invitee_id TEXT NOT NULL DEFAULT '',
	person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	status TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	closed_by TEXT NOT NULL DEFAULT '',
	scheduled_at {{ts}},
	duration_min INTEGER NOT NULL DEFAULT 45,
	place TEXT NOT NULL DEFAULT '',
	requested_at {{ts}} NOT NULL,
	held_at {{ts}},
	invite_channel TEXT NOT NULL DEFAULT '',
	invite_ts TEXT NOT NULL DEFAULT '',
	requester_channel TEXT NOT NULL DEFAULT '',
	requester_ts TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX one_to_ones_one_open_pair ON one_to_ones (requester_id, invitee_id) WHERE status IN ('requested', 'scheduled') AND invitee_id <> '';
CREATE INDEX one_to_ones_requester ON one_to_ones (requester_id, status);
CREATE INDEX one_to_ones_invitee ON one_to_ones (invitee_id, status);
CREATE INDEX one_to_ones_status_requested ON one_to_ones (status, requested_at);
CREATE INDEX one_to_ones_status_scheduled ON one_to_ones (status, scheduled_at);
CREATE TABLE reflections (
	id {{id}},
	one_to_one_id BIGINT NOT NULL UNIQUE REFERENCES one_to_ones (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	body {{bytes}},
	engagement INTEGER NOT NULL DEFAULT 0,
	follow_up_on {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX reflections_author ON reflections (author_id);
CREATE INDEX reflections_follow_up ON reflections (follow_up_on);
CREATE TABLE goals (
	id {{id}},
	user_id TEXT NOT NULL,
	target INTEGER NOT NULL,
	starts_at {{ts}} NOT NULL,
	ends_at {{ts}} NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX goals_user ON goals (user_id, created_at);
CREATE TABLE plan_entries (
	id {{id}},
	owner_id TEXT NOT NULL,
	invitee_id TEXT NOT NULL DEFAULT '',
	person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	added_at {{ts}} NOT NULL,
	removed_at {{ts}}
);
CREATE INDEX plan_entries_owner ON plan_entries (owner_id, removed_at);
CREATE TABLE deliveries (
	id {{id}},
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	recipient TEXT NOT NULL,
	"window" TEXT NOT NULL DEFAULT '',
	due_at {{ts}} NOT NULL,
	state TEXT NOT NULL,
	claimed_by TEXT NOT NULL DEFAULT '',
	lease_until {{ts}},
	attempts INTEGER NOT NULL DEFAULT 0,
	sent_at {{ts}},
	last_error TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX deliveries_key ON deliveries (kind, subject, recipient, "window");
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE TABLE processed_events (
	event_id TEXT PRIMARY KEY,
	received_at {{ts}} NOT NULL
);
CREATE INDEX processed_events_received ON processed_events (received_at);
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	until {{ts}} NOT NULL
)`},
	// Each scheduler job claims only its own kinds of delivery, so the
	// claim query filters on kind before ordering by due time.
	{ID: "0002_deliveries_claim", SQL: `
CREATE INDEX deliveries_claim ON deliveries (state, kind, due_at)`},
	// The digest counts meetings held in a window; without this it reads
	// every one-to-one (BENCHMARKS.md §3).
	{ID: "0003_held_at", SQL: `
CREATE INDEX one_to_ones_held ON one_to_ones (held_at) WHERE status IN ('held', 'reflected')`},
	// Planning passes look again at the rows changed since their last pass
	// (Page.ChangedSince) instead of re-reading whole windows every tick.
	{ID: "0004_changed", SQL: `
CREATE INDEX one_to_ones_updated ON one_to_ones (status, updated_at);
CREATE INDEX reflections_updated ON reflections (updated_at)`},
	// The held counts of the digest and goals range over held_at within
	// two statuses; SQLite would not use the partial index of 0003 for that
	// and walked every held one-to-one (BENCHMARKS.md §3).
	{ID: "0005_status_held", SQL: `
DROP INDEX one_to_ones_held;
CREATE INDEX one_to_ones_status_held ON one_to_ones (status, held_at)`},
	// A setting coordinators never changed is NULL and follows the
	// environment, even after the environment changes; an empty digest
	// channel is a choice (no digest). The expiry becomes a setting, and
	// coordinators_saved_at marks when the settings' list of coordinators
	// took over from ONETOONE_COORDINATORS. SQLite cannot drop NOT NULL, so
	// the table is rebuilt; until now an empty or zero value meant unset.
	{ID: "0006_settings_owner", SQL: `
CREATE TABLE settings_new (
	team_id TEXT PRIMARY KEY,
	digest_channel TEXT,
	digest_cron TEXT,
	timezone TEXT,
	nudge_after_sec BIGINT,
	expire_after_sec BIGINT,
	reflection_delay_sec BIGINT,
	delivery_hours TEXT,
	ladder_labels TEXT,
	coordinators_saved_at {{ts}},
	uninstalled_at {{ts}},
	updated_at {{ts}} NOT NULL
);
INSERT INTO settings_new (team_id, digest_channel, digest_cron, timezone, nudge_after_sec, reflection_delay_sec, delivery_hours, ladder_labels, uninstalled_at, updated_at)
SELECT team_id, NULLIF(digest_channel, ''), NULLIF(digest_cron, ''), NULLIF(timezone, ''), NULLIF(nudge_after_sec, 0), NULLIF(reflection_delay_sec, 0), NULLIF(delivery_hours, ''), NULLIF(ladder_labels, ''), uninstalled_at, updated_at FROM settings;
DROP TABLE settings;
ALTER TABLE settings_new RENAME TO settings`},
	// Coordinators choose whether the public digest names people or shows
	// counts only (DigestNamesHeld, DigestNamesCounts); NULL follows the
	// default, like every setting since 0006.
	{ID: "0007_digest_names", SQL: `
ALTER TABLE settings ADD COLUMN digest_names TEXT`},
	// A person outside Slack is one person whatever the case of their name
	// ("Maria Lopez", "maria lopez"): name_key holds the name as compared
	// (NameKey) and is unique per owner. People who were stored twice are
	// merged into the first one stored, their one-to-ones and list entries
	// with them. SQL's LOWER folds only ASCII letters on SQLite, so older
	// names differing in the case of other letters stay apart there.
	{ID: "0008_people_names", SQL: `
ALTER TABLE people ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE people SET name_key = LOWER(name);
UPDATE one_to_ones SET person_id = (SELECT MIN(k.id) FROM people p JOIN people k ON k.owner_id = p.owner_id AND k.name_key = p.name_key WHERE p.id = one_to_ones.person_id)
	WHERE person_id IN (SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = p.owner_id AND k.name_key = p.name_key AND k.id < p.id));
UPDATE plan_entries SET person_id = (SELECT MIN(k.id) FROM people p JOIN people k ON k.owner_id = p.owner_id AND k.name_key = p.name_key WHERE p.id = plan_entries.person_id)
	WHERE person_id IN (SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = p.owner_id AND k.name_key = p.name_key AND k.id < p.id));
DELETE FROM people WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = people.owner_id AND k.name_key = people.name_key AND k.id < people.id);
DROP INDEX people_owner_name;
CREATE UNIQUE INDEX people_owner_name_key ON people (owner_id, name_key)`},
	// Each of the two people of a one-to-one may write their own
	// reflection: one per author, not one per one-to-one. SQLite cannot
	// drop the column's UNIQUE, so the table is rebuilt; ids are given
	// afresh, in the same order (nothing refers to them).
	{ID: "0009_reflection_authors", SQL: `
CREATE TABLE reflections_by_author (
	id {{id}},
	one_to_one_id BIGINT NOT NULL REFERENCES one_to_ones (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	body {{bytes}},
	engagement INTEGER NOT NULL DEFAULT 0,
	follow_up_on {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
INSERT INTO reflections_by_author (one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at)
	SELECT one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at FROM reflections ORDER BY id;
DROP TABLE reflections;
ALTER TABLE reflections_by_author RENAME TO reflections;
CREATE UNIQUE INDEX reflections_one_to_one_author ON reflections (one_to_one_id, author_id);
CREATE INDEX reflections_author ON reflections (author_id);
CREATE INDEX reflections_follow_up ON reflections (follow_up_on);
CREATE INDEX reflections_updated ON reflections (updated_at)`},
	// Each read of a reflection by someone other than its author, so the
	// author and the coordinators can see who read what and when. Reads go
	// with their reflection.
	{ID: "0010_reflection_reads", SQL: `
CREATE TABLE reflection_reads (
	id {{id}},
	reflection_id BIGINT NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
	reader_id TEXT NOT NULL,
	via TEXT NOT NULL,
	read_at {{ts}} NOT NULL
);
CREATE INDEX reflection_reads_reflection ON reflection_reads (reflection_id, read_at);
CREATE INDEX reflection_reads_reader ON reflection_reads (reader_id)`},
	// What `forget` keeps of someone who asked to be deleted: their Slack
	// id and the day, so nothing from the bot reaches them again until
	// they opt in themselves (MayContact).
	{ID: "0011_suppressions", SQL: `
CREATE TABLE suppressions (
	user_id TEXT PRIMARY KEY,
	since {{ts}} NOT NULL
)`},
	// The weekly budget of unasked messages (budget.go): the coordinators'
	// number (NULL is the default), and on each delivery the recipient's
	// week it spent, counted per recipient under a lock.
	{ID: "0012_weekly_budget", SQL: `
ALTER TABLE settings ADD COLUMN unasked_per_week INTEGER;
ALTER TABLE deliveries ADD COLUMN budget_week TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_budget ON deliveries (recipient, budget_week)`},
	// Home shows a person's newest reflections (ReflectionsBy): read in
	// order from an index rather than sorting everything they ever wrote.
	{ID: "0013_reflections_by_author", SQL: `
DROP INDEX reflections_author;
CREATE INDEX reflections_author ON reflections (author_id, updated_at)`},
	// The messages that follow what someone did join the outbox
	// (outbox.go): each records who acted, whose own answer asks no
	// consent.
	{ID: "0014_outbox", SQL: `
ALTER TABLE deliveries ADD COLUMN actor TEXT NOT NULL DEFAULT ''`},
}

var legacyTypes = map[string]*strings.Replacer{
	Postgres: strings.NewReplacer("{{id}}", "BIGSERIAL PRIMARY KEY", "{{ts}}", "TIMESTAMPTZ", "{{bytes}}", "BYTEA"),
	SQLite:   strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{{ts}}", "DATETIME", "{{bytes}}", "BLOB"),
}

// legacyRecord records an applied step.
type legacyRecord struct {
	ID string `gorm:"primaryKey"`
}

func (legacyRecord) TableName() string { return "schema_migrations" }

// legacyMigrate is the old runner, unchanged: it applies the steps not yet
// applied, in order, all in one transaction, and records them in
// schema_migrations.
func (s *Store) legacyMigrate(ctx context.Context, steps []legacyStep) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if s.dialect == Postgres {
			// Held to the end of the transaction; the key is arbitrary
			// but fixed.
			if err := tx.Exec("SELECT pg_advisory_xact_lock(7224060001)").Error; err != nil {
				return translate("migrate: lock", err)
			}
		}
		if err := tx.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY)`).Error; err != nil {
			return translate("migrate: bookkeeping", err)
		}
		var done []string
		if err := tx.Table("schema_migrations").Pluck("id", &done).Error; err != nil {
			return translate("migrate: read", err)
		}
		applied := map[string]bool{}
		for _, id := range done {
			applied[id] = true
		}
		for _, m := range steps {
			if applied[m.ID] {
				continue
			}
			for _, stmt := range strings.Split(legacyTypes[s.dialect].Replace(m.SQL), ";\n") {
				if strings.TrimSpace(stmt) == "" {
					continue
				}
				if err := tx.Exec(stmt).Error; err != nil {
					return translate(fmt.Sprintf("migrate %s", m.ID), err)
				}
			}
			if err := tx.Create(&legacyRecord{ID: m.ID}).Error; err != nil {
				return translate("migrate: record", err)
			}
		}
		return nil
	})
}
