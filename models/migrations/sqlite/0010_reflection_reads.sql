-- Each read of a reflection by someone other than its author, so the
-- author and the coordinators can see who read what and when. Reads go
-- with their reflection.
-- +goose Up
CREATE TABLE reflection_reads (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	reflection_id BIGINT NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
	reader_id TEXT NOT NULL,
	via TEXT NOT NULL,
	read_at DATETIME NOT NULL
);
CREATE INDEX reflection_reads_reflection ON reflection_reads (reflection_id, read_at);
CREATE INDEX reflection_reads_reader ON reflection_reads (reader_id);

-- +goose Down
-- Loses data: the record of who read which reflection.
DROP TABLE reflection_reads;
