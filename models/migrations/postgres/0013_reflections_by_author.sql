-- Home shows a person's newest reflections (ReflectionsBy): read in
-- order from an index rather than sorting everything they ever wrote.
-- +goose Up
DROP INDEX reflections_author;
CREATE INDEX reflections_author ON reflections (author_id, updated_at);

-- +goose Down
DROP INDEX reflections_author;
CREATE INDEX reflections_author ON reflections (author_id);
