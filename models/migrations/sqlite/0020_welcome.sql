-- The ways in (issue 16). Each group may send a welcome DM to people who
-- join its channel (opt-in), with a link to the group's guide; a reply
-- written in the thread of a one-to-one's DM is passed on to the other
-- person, and its words wait in the delivery's body only until it is sent
-- (FinishDelivery empties it, whatever the outcome).
-- +goose Up
ALTER TABLE group_settings ADD COLUMN welcome_enabled BOOLEAN;
ALTER TABLE group_settings ADD COLUMN guide_url TEXT;
ALTER TABLE deliveries ADD COLUMN body TEXT NOT NULL DEFAULT '';
-- A reply in a DM thread finds its one-to-one by the message it answers
-- (Store.OneToOneInThread).
CREATE INDEX one_to_ones_invite_ts ON one_to_ones (invite_ts);
CREATE INDEX one_to_ones_requester_ts ON one_to_ones (requester_ts);

-- +goose Down
-- The welcome choices and any reply still waiting to be passed on are lost.
DROP INDEX one_to_ones_requester_ts;
DROP INDEX one_to_ones_invite_ts;
ALTER TABLE deliveries DROP COLUMN body;
ALTER TABLE group_settings DROP COLUMN guide_url;
ALTER TABLE group_settings DROP COLUMN welcome_enabled;
