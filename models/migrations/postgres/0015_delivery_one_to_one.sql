-- A delivery about a one-to-one names it in one_to_one_id, so planning
-- finds deliveries by id instead of comparing subject with a CAST
-- (models.Subject). Every kind but the digest and the Messages-tab answer
-- is about a one-to-one, and its subject is that one-to-one's id.
-- +goose Up
ALTER TABLE deliveries ADD COLUMN one_to_one_id BIGINT;
UPDATE deliveries SET one_to_one_id = CAST(subject AS BIGINT) WHERE kind NOT IN ('digest', 'inbox_reply');
CREATE INDEX deliveries_one_to_one ON deliveries (one_to_one_id, kind, recipient, "window");

-- +goose Down
-- Loses nothing: subject still holds the id.
DROP INDEX deliveries_one_to_one;
ALTER TABLE deliveries DROP COLUMN one_to_one_id;
