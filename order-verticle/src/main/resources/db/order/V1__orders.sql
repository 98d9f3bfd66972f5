-- status: pending, confirmed, shipped, delivered, cancelled are what clients see.
-- 'reserving' (stock being reserved) and 'failed' (reservation refused or given up) never leave
-- the service: every read filters them out.
CREATE TABLE orders (
  id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id          BIGINT        NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  total_amount     DECIMAL(12,2) NOT NULL DEFAULT 0,
  currency         CHAR(3)       NOT NULL,
  shipping_address VARCHAR(500)  NULL,
  -- the token's email at checkout, so an expiry notice can be addressed without a token
  user_email       VARCHAR(255)  NULL,
  -- all times UTC, written and compared with UTC_TIMESTAMP(3)
  expires_at       DATETIME(3)   NOT NULL,
  created_at       DATETIME(3)   NOT NULL,
  updated_at       DATETIME(3)   NOT NULL,
  KEY orders_user (user_id, id),
  KEY orders_status_expiry (status, expires_at),
  KEY orders_status_created (status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE order_items (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id     BIGINT        NOT NULL,
  product_id   BIGINT        NOT NULL,
  product_name VARCHAR(200)  NOT NULL,
  quantity     INT           NOT NULL,
  unit_price   DECIMAL(12,2) NOT NULL,
  total_price  DECIMAL(12,2) NOT NULL,
  CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
  UNIQUE KEY order_items_line (order_id, product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
