-- A setting coordinators never changed is NULL and follows the
-- environment, even after the environment changes; an empty digest
-- channel is a choice (no digest). The expiry becomes a setting, and
-- coordinators_saved_at marks when the settings' list of coordinators
-- took over from ONETOONE_COORDINATORS. SQLite cannot drop NOT NULL, so
-- the table is rebuilt; until now an empty or zero value meant unset.
-- +goose Up
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
	coordinators_saved_at DATETIME,
	uninstalled_at DATETIME,
	updated_at DATETIME NOT NULL
);
INSERT INTO settings_new (team_id, digest_channel, digest_cron, timezone, nudge_after_sec, reflection_delay_sec, delivery_hours, ladder_labels, uninstalled_at, updated_at)
SELECT team_id, NULLIF(digest_channel, ''), NULLIF(digest_cron, ''), NULLIF(timezone, ''), NULLIF(nudge_after_sec, 0), NULLIF(reflection_delay_sec, 0), NULLIF(delivery_hours, ''), NULLIF(ladder_labels, ''), uninstalled_at, updated_at FROM settings;
DROP TABLE settings;
ALTER TABLE settings_new RENAME TO settings;

-- +goose Down
-- Loses data: the expiry and coordinators_saved_at (so the coordinators
-- follow ONETOONE_COORDINATORS again), and the difference between a
-- setting chosen empty and one never set: both become '' or 0, which the
-- older release reads as unset.
ALTER TABLE settings RENAME TO settings_owned;
CREATE TABLE settings (
	team_id TEXT PRIMARY KEY,
	digest_channel TEXT NOT NULL DEFAULT '',
	digest_cron TEXT NOT NULL DEFAULT '',
	timezone TEXT NOT NULL DEFAULT '',
	nudge_after_sec BIGINT NOT NULL DEFAULT 0,
	reflection_delay_sec BIGINT NOT NULL DEFAULT 0,
	delivery_hours TEXT NOT NULL DEFAULT '',
	ladder_labels TEXT NOT NULL DEFAULT '',
	uninstalled_at DATETIME,
	updated_at DATETIME NOT NULL
);
INSERT INTO settings (team_id, digest_channel, digest_cron, timezone, nudge_after_sec, reflection_delay_sec, delivery_hours, ladder_labels, uninstalled_at, updated_at)
SELECT team_id, COALESCE(digest_channel, ''), COALESCE(digest_cron, ''), COALESCE(timezone, ''), COALESCE(nudge_after_sec, 0), COALESCE(reflection_delay_sec, 0), COALESCE(delivery_hours, ''), COALESCE(ladder_labels, ''), uninstalled_at, updated_at FROM settings_owned;
DROP TABLE settings_owned;
