-- Groups in a workspace (issue 15). A workspace holds one default group,
-- which everyone in it belongs to without asking, and any number of named
-- groups with explicit members. One-to-ones, reflections, people, goals,
-- plans and deliveries belong to one group; each group has its own
-- settings and coordinators. Existing rows move into their workspace's
-- default group: the team of the row's owner (members.team_id), else the
-- first workspace. The workspace keeps only its uninstall mark in settings.
-- +goose Up
CREATE TABLE groups (
	id BIGSERIAL PRIMARY KEY,
	team_id TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	name_key TEXT NOT NULL DEFAULT '',
	is_default BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX groups_team_name ON groups (team_id, name_key);
CREATE UNIQUE INDEX groups_team_default ON groups (team_id) WHERE is_default;
CREATE TABLE group_settings (
	group_id BIGINT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
	digest_channel TEXT,
	digest_cron TEXT,
	timezone TEXT,
	nudge_after_sec BIGINT,
	expire_after_sec BIGINT,
	reflection_delay_sec BIGINT,
	delivery_hours TEXT,
	ladder_labels TEXT,
	digest_names TEXT,
	unasked_per_week INTEGER,
	language TEXT,
	coordinators_saved_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE group_members (
	group_id BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT 'member',
	joined_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

INSERT INTO groups (team_id, name, name_key, is_default, created_at, updated_at)
SELECT t.team_id, '', '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (SELECT team_id FROM settings WHERE team_id <> '' UNION SELECT team_id FROM members WHERE team_id <> '') t ORDER BY t.team_id;
-- Rows but no workspace known: one default group the bot adopts for its
-- workspace on first use (DefaultGroup).
INSERT INTO groups (team_id, name, name_key, is_default, created_at, updated_at)
SELECT '', '', '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
WHERE NOT EXISTS (SELECT 1 FROM groups) AND (EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM one_to_ones) OR EXISTS (SELECT 1 FROM people)
	OR EXISTS (SELECT 1 FROM goals) OR EXISTS (SELECT 1 FROM plan_entries) OR EXISTS (SELECT 1 FROM deliveries));

INSERT INTO group_settings (group_id, digest_channel, digest_cron, timezone, nudge_after_sec, expire_after_sec, reflection_delay_sec, delivery_hours, ladder_labels, digest_names, unasked_per_week, language, coordinators_saved_at, updated_at)
SELECT g.id, s.digest_channel, s.digest_cron, s.timezone, s.nudge_after_sec, s.expire_after_sec, s.reflection_delay_sec, s.delivery_hours, s.ladder_labels, s.digest_names, s.unasked_per_week, s.language, s.coordinators_saved_at, s.updated_at
FROM settings s JOIN groups g ON g.team_id = s.team_id AND g.is_default;
INSERT INTO group_members (group_id, user_id, role, joined_at)
SELECT COALESCE((SELECT g.id FROM groups g WHERE g.team_id = m.team_id AND g.is_default), (SELECT MIN(id) FROM groups WHERE is_default)), m.id, 'coordinator', m.created_at
FROM members m WHERE m.role = 'coordinator';

ALTER TABLE members ADD COLUMN current_group_id BIGINT;
ALTER TABLE one_to_ones ADD COLUMN group_id BIGINT;
ALTER TABLE reflections ADD COLUMN group_id BIGINT;
ALTER TABLE people ADD COLUMN group_id BIGINT;
ALTER TABLE goals ADD COLUMN group_id BIGINT;
ALTER TABLE plan_entries ADD COLUMN group_id BIGINT;
ALTER TABLE deliveries ADD COLUMN group_id BIGINT;
UPDATE one_to_ones SET group_id = COALESCE((SELECT g.id FROM members m JOIN groups g ON g.team_id = m.team_id AND g.is_default WHERE m.id = one_to_ones.requester_id), (SELECT MIN(id) FROM groups WHERE is_default));
UPDATE reflections SET group_id = (SELECT o.group_id FROM one_to_ones o WHERE o.id = reflections.one_to_one_id);
UPDATE people SET group_id = COALESCE((SELECT g.id FROM members m JOIN groups g ON g.team_id = m.team_id AND g.is_default WHERE m.id = people.owner_id), (SELECT MIN(id) FROM groups WHERE is_default));
UPDATE goals SET group_id = COALESCE((SELECT g.id FROM members m JOIN groups g ON g.team_id = m.team_id AND g.is_default WHERE m.id = goals.user_id), (SELECT MIN(id) FROM groups WHERE is_default));
UPDATE plan_entries SET group_id = COALESCE((SELECT g.id FROM members m JOIN groups g ON g.team_id = m.team_id AND g.is_default WHERE m.id = plan_entries.owner_id), (SELECT MIN(id) FROM groups WHERE is_default));
UPDATE deliveries SET group_id = COALESCE((SELECT o.group_id FROM one_to_ones o WHERE o.id = deliveries.one_to_one_id), (SELECT g.id FROM members m JOIN groups g ON g.team_id = m.team_id AND g.is_default WHERE m.id = deliveries.recipient), (SELECT MIN(id) FROM groups WHERE is_default));
ALTER TABLE one_to_ones ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE reflections ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE people ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE goals ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE plan_entries ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE deliveries ALTER COLUMN group_id SET NOT NULL;

DROP INDEX people_owner_name_key;
CREATE UNIQUE INDEX people_group_owner_name_key ON people (group_id, owner_id, name_key);
DROP INDEX one_to_ones_one_open_pair;
CREATE UNIQUE INDEX one_to_ones_one_open_pair ON one_to_ones (group_id, requester_id, invitee_id) WHERE status IN ('requested', 'scheduled') AND invitee_id <> '';
CREATE INDEX goals_group ON goals (group_id, user_id);
CREATE INDEX plan_entries_group ON plan_entries (group_id, owner_id, removed_at);
CREATE INDEX deliveries_group ON deliveries (group_id);

ALTER TABLE members DROP COLUMN role;
ALTER TABLE settings DROP COLUMN digest_channel;
ALTER TABLE settings DROP COLUMN digest_cron;
ALTER TABLE settings DROP COLUMN timezone;
ALTER TABLE settings DROP COLUMN nudge_after_sec;
ALTER TABLE settings DROP COLUMN expire_after_sec;
ALTER TABLE settings DROP COLUMN reflection_delay_sec;
ALTER TABLE settings DROP COLUMN delivery_hours;
ALTER TABLE settings DROP COLUMN ladder_labels;
ALTER TABLE settings DROP COLUMN digest_names;
ALTER TABLE settings DROP COLUMN unasked_per_week;
ALTER TABLE settings DROP COLUMN language;
ALTER TABLE settings DROP COLUMN coordinators_saved_at;

-- +goose Down
-- Loses data: the groups other than each workspace's default, with their
-- settings, members and coordinators, and which group each row was in:
-- their one-to-ones, people, goals and plans stay, as the workspace's.
-- Fails, changing nothing, when two groups hold the same organizer's
-- person of the same name, or the same open pair.
ALTER TABLE settings ADD COLUMN digest_channel TEXT;
ALTER TABLE settings ADD COLUMN digest_cron TEXT;
ALTER TABLE settings ADD COLUMN timezone TEXT;
ALTER TABLE settings ADD COLUMN nudge_after_sec BIGINT;
ALTER TABLE settings ADD COLUMN expire_after_sec BIGINT;
ALTER TABLE settings ADD COLUMN reflection_delay_sec BIGINT;
ALTER TABLE settings ADD COLUMN delivery_hours TEXT;
ALTER TABLE settings ADD COLUMN ladder_labels TEXT;
ALTER TABLE settings ADD COLUMN coordinators_saved_at TIMESTAMPTZ;
ALTER TABLE settings ADD COLUMN digest_names TEXT;
ALTER TABLE settings ADD COLUMN unasked_per_week INTEGER;
ALTER TABLE settings ADD COLUMN language TEXT;
INSERT INTO settings (team_id, updated_at)
SELECT g.team_id, gs.updated_at FROM groups g JOIN group_settings gs ON gs.group_id = g.id
WHERE g.is_default AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.team_id = g.team_id);
UPDATE settings SET (digest_channel, digest_cron, timezone, nudge_after_sec, expire_after_sec, reflection_delay_sec, delivery_hours, ladder_labels, coordinators_saved_at, digest_names, unasked_per_week, language) =
	(SELECT gs.digest_channel, gs.digest_cron, gs.timezone, gs.nudge_after_sec, gs.expire_after_sec, gs.reflection_delay_sec, gs.delivery_hours, gs.ladder_labels, gs.coordinators_saved_at, gs.digest_names, gs.unasked_per_week, gs.language
	 FROM group_settings gs JOIN groups g ON g.id = gs.group_id WHERE g.is_default AND g.team_id = settings.team_id)
	WHERE EXISTS (SELECT 1 FROM groups g JOIN group_settings gs ON gs.group_id = g.id WHERE g.is_default AND g.team_id = settings.team_id);
ALTER TABLE members ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
UPDATE members SET role = 'coordinator' WHERE EXISTS (SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.is_default AND gm.user_id = members.id AND gm.role = 'coordinator');

DROP INDEX deliveries_group;
DROP INDEX plan_entries_group;
DROP INDEX goals_group;
DROP INDEX one_to_ones_one_open_pair;
CREATE UNIQUE INDEX one_to_ones_one_open_pair ON one_to_ones (requester_id, invitee_id) WHERE status IN ('requested', 'scheduled') AND invitee_id <> '';
DROP INDEX people_group_owner_name_key;
CREATE UNIQUE INDEX people_owner_name_key ON people (owner_id, name_key);
ALTER TABLE deliveries DROP COLUMN group_id;
ALTER TABLE plan_entries DROP COLUMN group_id;
ALTER TABLE goals DROP COLUMN group_id;
ALTER TABLE people DROP COLUMN group_id;
ALTER TABLE reflections DROP COLUMN group_id;
ALTER TABLE one_to_ones DROP COLUMN group_id;
ALTER TABLE members DROP COLUMN current_group_id;
DROP TABLE group_members;
DROP TABLE group_settings;
DROP TABLE groups;
