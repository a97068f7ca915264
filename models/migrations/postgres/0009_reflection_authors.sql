-- Each of the two people of a one-to-one may write their own
-- reflection: one per author, not one per one-to-one. SQLite cannot
-- drop the column's UNIQUE, so the table is rebuilt; ids are given
-- afresh, in the same order (nothing refers to them).
-- +goose Up
CREATE TABLE reflections_by_author (
	id BIGSERIAL PRIMARY KEY,
	one_to_one_id BIGINT NOT NULL REFERENCES one_to_ones (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	body BYTEA,
	engagement INTEGER NOT NULL DEFAULT 0,
	follow_up_on TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO reflections_by_author (one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at)
	SELECT one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at FROM reflections ORDER BY id;
DROP TABLE reflections;
ALTER TABLE reflections_by_author RENAME TO reflections;
CREATE UNIQUE INDEX reflections_one_to_one_author ON reflections (one_to_one_id, author_id);
CREATE INDEX reflections_author ON reflections (author_id);
CREATE INDEX reflections_follow_up ON reflections (follow_up_on);
CREATE INDEX reflections_updated ON reflections (updated_at);

-- +goose Down
-- Loses data: where both people of a one-to-one reflected, only the
-- reflection stored first is kept. Ids are given afresh, in the same order.
ALTER TABLE reflections RENAME TO reflections_by_author;
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
INSERT INTO reflections (one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at)
	SELECT one_to_one_id, author_id, body, engagement, follow_up_on, created_at, updated_at FROM reflections_by_author r
	WHERE r.id = (SELECT MIN(k.id) FROM reflections_by_author k WHERE k.one_to_one_id = r.one_to_one_id) ORDER BY r.id;
DROP TABLE reflections_by_author;
CREATE INDEX reflections_author ON reflections (author_id);
CREATE INDEX reflections_follow_up ON reflections (follow_up_on);
CREATE INDEX reflections_updated ON reflections (updated_at);
