-- A relay reads back the rows it has just claimed by claimed_by. Without this index that read
-- scanned the whole table, delivered rows included, so every poll got slower as the table grew
-- (found by the benchmark: MariaDB's CPU per payment rose tenfold with 40k rows in the outbox).
CREATE INDEX outbox_claim ON outbox (claimed_by);
