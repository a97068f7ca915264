-- Each scheduler job claims only its own kinds of delivery, so the
-- claim query filters on kind before ordering by due time.
-- +goose Up
CREATE INDEX deliveries_claim ON deliveries (state, kind, due_at);

-- +goose Down
DROP INDEX deliveries_claim;
