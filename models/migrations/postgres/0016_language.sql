-- Each person reads the bot in their language (issue 18): the one they
-- chose ('' follows Slack), their Slack client's locale, and the group's
-- language, chosen in settings (NULL follows the environment, like every
-- setting since 0006).
-- +goose Up
ALTER TABLE members ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN language TEXT;

-- +goose Down
-- Loses data: the languages people and coordinators chose, and the Slack
-- locales (fetched again with the next profile refresh).
ALTER TABLE settings DROP COLUMN language;
ALTER TABLE members DROP COLUMN locale;
ALTER TABLE members DROP COLUMN language;
