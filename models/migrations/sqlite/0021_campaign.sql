-- Campaigns (issue 14). A person becomes a record of the group's roster,
-- in Slack or not: how to reach them, where they work (the three roster
-- fields a group names in settings, say "Ward", "Department", "Shift"),
-- coordinators' notes (sealed, like reflections), and the Slack member
-- they are, once linked (the old slack_id column, empty until now).
-- People an organizer typed keep their owner; people of the roster
-- (imported, or added by a coordinator) have owner_id ''. A name is unique
-- per owner only among organizers' own contacts: the roster may hold two
-- "John Smith"s told apart by email or phone (the import de-duplicates).
-- Coordinators hand people to organizers (assignments, one open per
-- person, the ended ones kept as the person's story); the group names its
-- issue tags, and a reflection carries the ones its author chose.
-- +goose Up
ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN shift TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN notes BLOB;
ALTER TABLE people ADD COLUMN updated_at DATETIME;
UPDATE people SET updated_at = created_at;
DROP INDEX people_group_owner_name_key;
CREATE UNIQUE INDEX people_group_owner_name_key ON people (group_id, owner_id, name_key) WHERE owner_id <> '';
CREATE INDEX people_group_name ON people (group_id, name_key);
CREATE INDEX people_group_email ON people (group_id, email_key) WHERE email_key <> '';
CREATE INDEX people_group_phone ON people (group_id, phone_key) WHERE phone_key <> '';
CREATE INDEX people_group_slack ON people (group_id, slack_id) WHERE slack_id <> '';
CREATE INDEX one_to_ones_person ON one_to_ones (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE assignments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id BIGINT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	organizer_id TEXT NOT NULL,
	assigned_by TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	ended_at DATETIME,
	end_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX assignments_one_open ON assignments (person_id) WHERE ended_at IS NULL;
CREATE INDEX assignments_organizer ON assignments (group_id, organizer_id, ended_at);

ALTER TABLE group_settings ADD COLUMN issue_tags TEXT;
ALTER TABLE group_settings ADD COLUMN roster_fields TEXT;
CREATE TABLE reflection_tags (
	reflection_id BIGINT NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
	group_id BIGINT NOT NULL,
	tag TEXT NOT NULL,
	PRIMARY KEY (reflection_id, tag)
);
CREATE INDEX reflection_tags_group ON reflection_tags (group_id, tag);

-- +goose Down
-- Loses the roster's details, notes, assignments, issue tags and the
-- groups' tag and field names. Fails, changing nothing, while the roster
-- holds two people of one name and owner.
DROP TABLE reflection_tags;
ALTER TABLE group_settings DROP COLUMN roster_fields;
ALTER TABLE group_settings DROP COLUMN issue_tags;
DROP TABLE assignments;
DROP INDEX one_to_ones_person;
DROP INDEX people_group_slack;
DROP INDEX people_group_phone;
DROP INDEX people_group_email;
DROP INDEX people_group_name;
DROP INDEX people_group_owner_name_key;
CREATE UNIQUE INDEX people_group_owner_name_key ON people (group_id, owner_id, name_key);
ALTER TABLE people DROP COLUMN updated_at;
ALTER TABLE people DROP COLUMN notes;
ALTER TABLE people DROP COLUMN shift;
ALTER TABLE people DROP COLUMN department;
ALTER TABLE people DROP COLUMN site;
ALTER TABLE people DROP COLUMN phone_key;
ALTER TABLE people DROP COLUMN phone;
ALTER TABLE people DROP COLUMN email_key;
ALTER TABLE people DROP COLUMN email;
