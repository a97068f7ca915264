-- +goose Up
CREATE TABLE settings (
	team_id TEXT PRIMARY KEY,
	digest_channel TEXT NOT NULL DEFAULT '',
	digest_cron TEXT NOT NULL DEFAULT '',
	timezone TEXT NOT NULL DEFAULT '',
	nudge_after_sec BIGINT NOT NULL DEFAULT 0,
	reflection_delay_sec BIGINT NOT NULL DEFAULT 0,
	delivery_hours TEXT NOT NULL DEFAULT '',
	ladder_labels TEXT NOT NULL DEFAULT '',
	uninstalled_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
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
	joined_at TIMESTAMPTZ,
	profile_fetched_at TIMESTAMPTZ NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE people (
	id BIGSERIAL PRIMARY KEY,
	owner_id TEXT NOT NULL,
	name TEXT NOT NULL,
	slack_id TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX people_owner_name ON people (owner_id, name);
CREATE TABLE one_to_ones (
	id BIGSERIAL PRIMARY KEY,
	requester_id TEXT NOT NULL,
	invitee_id TEXT NOT NULL DEFAULT '',
	person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	status TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	closed_by TEXT NOT NULL DEFAULT '',
	scheduled_at TIMESTAMPTZ,
	duration_min INTEGER NOT NULL DEFAULT 45,
	place TEXT NOT NULL DEFAULT '',
	requested_at TIMESTAMPTZ NOT NULL,
	held_at TIMESTAMPTZ,
	invite_channel TEXT NOT NULL DEFAULT '',
	invite_ts TEXT NOT NULL DEFAULT '',
	requester_channel TEXT NOT NULL DEFAULT '',
	requester_ts TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX one_to_ones_one_open_pair ON one_to_ones (requester_id, invitee_id) WHERE status IN ('requested', 'scheduled') AND invitee_id <> '';
CREATE INDEX one_to_ones_requester ON one_to_ones (requester_id, status);
CREATE INDEX one_to_ones_invitee ON one_to_ones (invitee_id, status);
CREATE INDEX one_to_ones_status_requested ON one_to_ones (status, requested_at);
CREATE INDEX one_to_ones_status_scheduled ON one_to_ones (status, scheduled_at);
CREATE TABLE reflections (
	id BIGSERIAL PRIMARY KEY,
	one_to_one_id BIGINT NOT NULL UNIQUE REFERENCES one_to_ones (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	body BYTEA,
	engagement INTEGER NOT NULL DEFAULT 0,
	follow_up_on TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reflections_author ON reflections (author_id);
CREATE INDEX reflections_follow_up ON reflections (follow_up_on);
CREATE TABLE goals (
	id BIGSERIAL PRIMARY KEY,
	user_id TEXT NOT NULL,
	target INTEGER NOT NULL,
	starts_at TIMESTAMPTZ NOT NULL,
	ends_at TIMESTAMPTZ NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX goals_user ON goals (user_id, created_at);
CREATE TABLE plan_entries (
	id BIGSERIAL PRIMARY KEY,
	owner_id TEXT NOT NULL,
	invitee_id TEXT NOT NULL DEFAULT '',
	person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	added_at TIMESTAMPTZ NOT NULL,
	removed_at TIMESTAMPTZ
);
CREATE INDEX plan_entries_owner ON plan_entries (owner_id, removed_at);
CREATE TABLE deliveries (
	id BIGSERIAL PRIMARY KEY,
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	recipient TEXT NOT NULL,
	"window" TEXT NOT NULL DEFAULT '',
	due_at TIMESTAMPTZ NOT NULL,
	state TEXT NOT NULL,
	claimed_by TEXT NOT NULL DEFAULT '',
	lease_until TIMESTAMPTZ,
	attempts INTEGER NOT NULL DEFAULT 0,
	sent_at TIMESTAMPTZ,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX deliveries_key ON deliveries (kind, subject, recipient, "window");
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE TABLE processed_events (
	event_id TEXT PRIMARY KEY,
	received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX processed_events_received ON processed_events (received_at);
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	until TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE leases;
DROP TABLE processed_events;
DROP TABLE deliveries;
DROP TABLE plan_entries;
DROP TABLE goals;
DROP TABLE reflections;
DROP TABLE one_to_ones;
DROP TABLE people;
DROP TABLE members;
DROP TABLE settings;
