-- Order ids without a row: each order service process takes ids in blocks with one
-- UPDATE order_id_block SET next_id = LAST_INSERT_ID(next_id + 100), so the order row is written
-- once, after the stock is reserved under its id. Blocks never overlap: the UPDATE serialises on
-- this one row. It starts past every id already used, by a row or by the AUTO_INCREMENT counter
-- (the ids of 'reserving' rows that older versions inserted, and any reservation made under them).
CREATE TABLE order_id_block (
  id      TINYINT NOT NULL PRIMARY KEY,
  next_id BIGINT  NOT NULL
) ENGINE=InnoDB;

INSERT INTO order_id_block (id, next_id)
SELECT 1, GREATEST(
  (SELECT COALESCE(MAX(id), 0) + 1 FROM orders),
  COALESCE((SELECT AUTO_INCREMENT FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'), 1));
