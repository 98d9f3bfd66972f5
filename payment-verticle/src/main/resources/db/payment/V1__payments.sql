CREATE TABLE payments (
  id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payment_id         VARCHAR(40)   NOT NULL,
  order_id           BIGINT        NOT NULL,
  user_id            BIGINT        NOT NULL,
  amount             DECIMAL(12,2) NOT NULL,
  currency           CHAR(3)       NOT NULL,
  payment_method     VARCHAR(16)   NOT NULL,
  payment_status     VARCHAR(16)   NOT NULL,
  transaction_id     VARCHAR(40)   NULL,
  -- never the card number or CVV: the brand and the last four digits only
  card_brand         VARCHAR(16)   NULL,
  card_last_four     CHAR(4)       NULL,
  error_code         VARCHAR(40)   NULL,
  -- the customer's address from the paying token, for the refund email later
  email              VARCHAR(255)  NULL,
  -- set to order_id only on a completed payment: the unique key allows one charge per order,
  -- whatever the idempotency keys; NULLs (failed payments) do not collide
  completed_order_id BIGINT        NULL,
  -- UTC, written with UTC_TIMESTAMP(3)
  created_at         DATETIME(3)   NOT NULL,
  updated_at         DATETIME(3)   NOT NULL,
  CONSTRAINT payments_payment_id UNIQUE (payment_id),
  CONSTRAINT payments_one_charge_per_order UNIQUE (completed_order_id),
  CONSTRAINT payments_amount_not_negative CHECK (amount >= 0),
  KEY payments_order (order_id),
  KEY payments_user (user_id, id),
  KEY payments_status (payment_status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
