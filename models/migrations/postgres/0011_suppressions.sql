-- What `forget` keeps of someone who asked to be deleted: their Slack
-- id and the day, so nothing from the bot reaches them again until
-- they opt in themselves (MayContact).
-- +goose Up
CREATE TABLE suppressions (
	user_id TEXT PRIMARY KEY,
	since TIMESTAMPTZ NOT NULL
);

-- +goose Down
-- Loses data: who asked to be forgotten; the bot may reach them again.
DROP TABLE suppressions;
