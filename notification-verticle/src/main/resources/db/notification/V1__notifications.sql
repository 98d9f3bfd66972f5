-- Times are UTC, written and compared with UTC_TIMESTAMP(3) so the session time zone never matters.
CREATE TABLE notifications (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- the sender's event id: the unique key makes a repeated delivery of one event a no-op
  event_id        VARCHAR(100)  NOT NULL,
  user_id         BIGINT        NOT NULL,
  category        VARCHAR(32)   NOT NULL,
  title           VARCHAR(255)  NOT NULL,
  message         TEXT          NULL,
  data            MEDIUMTEXT    NULL,
  recipient       VARCHAR(320)  NULL,
  status          VARCHAR(16)   NOT NULL DEFAULT 'pending',
  attempts        INT           NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3)   NOT NULL,
  -- a dispatcher's claim: only the holder of an unexpired claim may send the row
  claimed_by      VARCHAR(64)   NULL,
  claim_until     DATETIME(3)   NULL,
  sent_at         DATETIME(3)   NULL,
  read_at         DATETIME(3)   NULL,
  error_message   VARCHAR(1000) NULL,
  created_at      DATETIME(3)   NOT NULL,
  updated_at      DATETIME(3)   NOT NULL,
  CONSTRAINT notifications_event UNIQUE (event_id),
  KEY notifications_due (status, next_attempt_at),
  KEY notifications_claim (claimed_by),
  KEY notifications_user (user_id, id),
  KEY notifications_category (category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every delivery attempt, successful or not, with the error it met
CREATE TABLE notification_attempts (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notification_id BIGINT        NOT NULL,
  attempt         INT           NOT NULL,
  instance        VARCHAR(64)   NOT NULL,
  outcome         VARCHAR(16)   NOT NULL,
  error           VARCHAR(1000) NULL,
  attempted_at    DATETIME(3)   NOT NULL,
  KEY notification_attempts_notification (notification_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
