-- The digest counts meetings held in a window; without this it reads
-- every one-to-one (BENCHMARKS.md §3).
-- +goose Up
CREATE INDEX one_to_ones_held ON one_to_ones (held_at) WHERE status IN ('held', 'reflected');

-- +goose Down
DROP INDEX one_to_ones_held;
