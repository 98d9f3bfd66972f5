-- Messages to other services that must eventually be delivered: written in the caller's
-- transaction, delivered by OutboxRelay. Times are UTC (UTC_TIMESTAMP(3)).
CREATE TABLE outbox (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id        VARCHAR(191) NOT NULL,
  destination     VARCHAR(64)  NOT NULL,
  method          VARCHAR(8)   NOT NULL,
  path            VARCHAR(500) NOT NULL,
  body            MEDIUMTEXT   NOT NULL,
  status          VARCHAR(16)  NOT NULL DEFAULT 'pending',
  attempts        INT          NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3)  NOT NULL,
  claimed_by      VARCHAR(64)  NULL,
  claim_until     DATETIME(3)  NULL,
  last_status     INT          NULL,
  last_error      VARCHAR(500) NULL,
  created_at      DATETIME(3)  NOT NULL,
  delivered_at    DATETIME(3)  NULL,
  UNIQUE KEY outbox_event (event_id),
  KEY outbox_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE outbox_attempts (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  outbox_id    BIGINT       NOT NULL,
  attempted_at DATETIME(3)  NOT NULL,
  relay        VARCHAR(64)  NOT NULL,
  status_code  INT          NULL,
  error        VARCHAR(500) NULL,
  KEY outbox_attempts_msg (outbox_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
