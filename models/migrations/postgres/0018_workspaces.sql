-- One deployment serves many workspaces (issue 15): each installation is a
-- row, with its bot token sealed by the reflections' sealer, and the
-- uninstall mark moves here from settings, which since 0017 holds nothing
-- else and is dropped. Teams known from settings or members become rows
-- without a token: a Socket Mode deployment keeps using SLACK_BOT_TOKEN,
-- and an OAuth one asks them to install again.
-- +goose Up
CREATE TABLE workspaces (
	team_id TEXT PRIMARY KEY,
	team_name TEXT NOT NULL DEFAULT '',
	enterprise_id TEXT NOT NULL DEFAULT '',
	bot_user_id TEXT NOT NULL DEFAULT '',
	bot_token BYTEA,
	scopes TEXT NOT NULL DEFAULT '',
	installed_by TEXT NOT NULL DEFAULT '',
	installed_at TIMESTAMPTZ,
	uninstalled_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO workspaces (team_id, uninstalled_at, updated_at)
SELECT team_id, uninstalled_at, updated_at FROM settings;
INSERT INTO workspaces (team_id, updated_at)
SELECT DISTINCT team_id, CURRENT_TIMESTAMP FROM members
WHERE team_id <> '' AND team_id NOT IN (SELECT team_id FROM workspaces);
CREATE INDEX workspaces_uninstalled ON workspaces (uninstalled_at) WHERE uninstalled_at IS NOT NULL;
DROP TABLE settings;

-- +goose Down
-- Loses data: the sealed bot tokens and what Slack said about each
-- installation. The uninstall marks go back to settings, as 0017 left it.
-- The key keeps the name 0006 gave it, renaming settings_new.
CREATE TABLE settings (
	team_id TEXT CONSTRAINT settings_new_pkey PRIMARY KEY,
	uninstalled_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO settings (team_id, uninstalled_at, updated_at)
SELECT team_id, uninstalled_at, updated_at FROM workspaces;
DROP TABLE workspaces;
