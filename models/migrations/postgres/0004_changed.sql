-- Planning passes look again at the rows changed since their last pass
-- (Page.ChangedSince) instead of re-reading whole windows every tick.
-- +goose Up
CREATE INDEX one_to_ones_updated ON one_to_ones (status, updated_at);
CREATE INDEX reflections_updated ON reflections (updated_at);

-- +goose Down
DROP INDEX reflections_updated;
DROP INDEX one_to_ones_updated;
