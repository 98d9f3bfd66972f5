CREATE TABLE products (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(200)  NOT NULL,
  description TEXT          NULL,
  price       DECIMAL(12,2) NOT NULL,
  stock       INT           NOT NULL DEFAULT 0,
  currency    CHAR(3)       NOT NULL DEFAULT 'INR',
  created_at  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT products_stock_not_negative CHECK (stock >= 0),
  CONSTRAINT products_price_not_negative CHECK (price >= 0),
  KEY products_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- one row whose lock serialises seeding, so concurrent /init-data calls seed once
CREATE TABLE catalog_seed (
  id        TINYINT      NOT NULL PRIMARY KEY,
  seeded_at TIMESTAMP(3) NULL
) ENGINE=InnoDB;
INSERT INTO catalog_seed (id, seeded_at) VALUES (1, NULL);

CREATE TABLE reservations (
  order_id   BIGINT       NOT NULL PRIMARY KEY,
  status     VARCHAR(16)  NOT NULL,
  -- UTC, written and compared with UTC_TIMESTAMP(3) so the session time zone never matters
  expires_at DATETIME(3)  NOT NULL,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  KEY reservations_expiry (status, expires_at)
) ENGINE=InnoDB;

CREATE TABLE reservation_lines (
  order_id   BIGINT        NOT NULL,
  product_id BIGINT        NOT NULL,
  name       VARCHAR(200)  NOT NULL,
  unit_price DECIMAL(12,2) NOT NULL,
  currency   CHAR(3)       NOT NULL,
  quantity   INT           NOT NULL,
  PRIMARY KEY (order_id, product_id)
) ENGINE=InnoDB;
