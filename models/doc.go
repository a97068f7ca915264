// Package models owns onetoone's domain: members, one-to-ones and their
// lifecycle, reflections, goals, the list of ten, scheduled deliveries and
// workspace settings, together with the Store that keeps them in Postgres or
// SQLite.
//
// The rules of the practice live here as methods on the domain types, so the
// Slack surface and the scheduler cannot put a one-to-one into a state the
// guide would not recognise. This package must not import anything else from
// the project, nor slack-go: it knows people by their Slack user id and
// nothing more.
//
// The schema's steps are the SQL files under migrations/ (one directory per
// database; migrations/README.md says how to add one), applied by Migrate.
package models
