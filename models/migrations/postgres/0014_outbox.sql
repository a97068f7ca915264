-- The messages that follow what someone did join the outbox
-- (outbox.go): each records who acted, whose own answer asks no
-- consent.
-- +goose Up
ALTER TABLE deliveries ADD COLUMN actor TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Loses data: who acted, on the messages waiting in the outbox.
ALTER TABLE deliveries DROP COLUMN actor;
