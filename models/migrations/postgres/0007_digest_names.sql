-- Coordinators choose whether the public digest names people or shows
-- counts only (DigestNamesHeld, DigestNamesCounts); NULL follows the
-- default, like every setting since 0006.
-- +goose Up
ALTER TABLE settings ADD COLUMN digest_names TEXT;

-- +goose Down
-- Loses data: the coordinators' choice of names or counts in the digest.
ALTER TABLE settings DROP COLUMN digest_names;
