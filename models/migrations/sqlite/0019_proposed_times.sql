-- A request may carry up to three times the requester proposes (issue 16),
-- offered to the invitee as buttons. They are kept on the one-to-one as
-- comma-separated UTC times (models.ProposedTimes): '' when none.
-- +goose Up
ALTER TABLE one_to_ones ADD COLUMN proposed_times TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Loses data: the times proposed in open requests (the invitee can still
-- pick a time with the date picker).
ALTER TABLE one_to_ones DROP COLUMN proposed_times;
