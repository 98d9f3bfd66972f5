-- Idempotency-Key records: the first response to (scope, user, key) replayed for at least 24 h.
CREATE TABLE idempotency_keys (
  scope           VARCHAR(32)  NOT NULL,
  user_id         BIGINT       NOT NULL,
  idem_key        VARCHAR(255) NOT NULL,
  request_hash    CHAR(64)     NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  response_status INT          NULL,
  response_body   MEDIUMTEXT   NULL,
  locked_until    DATETIME(3)  NOT NULL,
  created_at      DATETIME(3)  NOT NULL,
  PRIMARY KEY (scope, user_id, idem_key),
  KEY idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
