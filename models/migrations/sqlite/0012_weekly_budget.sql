-- The weekly budget of unasked messages (budget.go): the coordinators'
-- number (NULL is the default), and on each delivery the recipient's
-- week it spent, counted per recipient under a lock.
-- +goose Up
ALTER TABLE settings ADD COLUMN unasked_per_week INTEGER;
ALTER TABLE deliveries ADD COLUMN budget_week TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_budget ON deliveries (recipient, budget_week);

-- +goose Down
-- Loses data: the coordinators' weekly budget and which week each
-- delivery spent.
DROP INDEX deliveries_budget;
ALTER TABLE deliveries DROP COLUMN budget_week;
ALTER TABLE settings DROP COLUMN unasked_per_week;
