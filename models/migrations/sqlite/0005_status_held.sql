-- The held counts of the digest and goals range over held_at within
-- two statuses; SQLite would not use the partial index of 0003 for that
-- and walked every held one-to-one (BENCHMARKS.md §3).
-- +goose Up
DROP INDEX one_to_ones_held;
CREATE INDEX one_to_ones_status_held ON one_to_ones (status, held_at);

-- +goose Down
DROP INDEX one_to_ones_status_held;
CREATE INDEX one_to_ones_held ON one_to_ones (held_at) WHERE status IN ('held', 'reflected');
