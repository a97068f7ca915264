-- A person outside Slack is one person whatever the case of their name
-- ("Maria Lopez", "maria lopez"): name_key holds the name as compared
-- (NameKey) and is unique per owner. People who were stored twice are
-- merged into the first one stored, their one-to-ones and list entries
-- with them. SQL's LOWER folds only ASCII letters on SQLite, so older
-- names differing in the case of other letters stay apart there.
-- +goose Up
ALTER TABLE people ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE people SET name_key = LOWER(name);
UPDATE one_to_ones SET person_id = (SELECT MIN(k.id) FROM people p JOIN people k ON k.owner_id = p.owner_id AND k.name_key = p.name_key WHERE p.id = one_to_ones.person_id)
	WHERE person_id IN (SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = p.owner_id AND k.name_key = p.name_key AND k.id < p.id));
UPDATE plan_entries SET person_id = (SELECT MIN(k.id) FROM people p JOIN people k ON k.owner_id = p.owner_id AND k.name_key = p.name_key WHERE p.id = plan_entries.person_id)
	WHERE person_id IN (SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = p.owner_id AND k.name_key = p.name_key AND k.id < p.id));
DELETE FROM people WHERE EXISTS (SELECT 1 FROM people k WHERE k.owner_id = people.owner_id AND k.name_key = people.name_key AND k.id < people.id);
DROP INDEX people_owner_name;
CREATE UNIQUE INDEX people_owner_name_key ON people (owner_id, name_key);

-- +goose Down
-- Loses nothing now, but does not undo the merge: people merged by the Up
-- stay one person.
DROP INDEX people_owner_name_key;
ALTER TABLE people DROP COLUMN name_key;
CREATE UNIQUE INDEX people_owner_name ON people (owner_id, name);
