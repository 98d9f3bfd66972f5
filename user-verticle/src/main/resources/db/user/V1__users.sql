CREATE TABLE users (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(50)   NOT NULL,
  email         VARCHAR(254)  NOT NULL,
  -- LOWER(email), written by the service: duplicates are found case-insensitively whatever the collation
  email_key     VARCHAR(254)  NOT NULL,
  password_hash VARCHAR(255)  NOT NULL,
  first_name    VARCHAR(100)  NULL,
  last_name     VARCHAR(100)  NULL,
  -- comma-separated: customer, admin
  roles         VARCHAR(100)  NOT NULL DEFAULT 'customer',
  is_active     BOOLEAN       NOT NULL DEFAULT TRUE,
  -- UTC, written with UTC_TIMESTAMP(3)
  created_at    DATETIME(3)   NOT NULL,
  updated_at    DATETIME(3)   NOT NULL,
  -- the _ci collation makes usernames unique case-insensitively too ("Alice" cannot shadow "alice")
  UNIQUE KEY users_username (username),
  UNIQUE KEY users_email_key (email_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- failed-login counters shared by every instance: kind 'account' (user id or unknown login name)
-- or 'address' (client address)
CREATE TABLE login_failures (
  kind            VARCHAR(16)  NOT NULL,
  throttle_key    VARCHAR(300) NOT NULL,
  failures        INT          NOT NULL DEFAULT 0,
  locked_until    DATETIME(3)  NULL,
  -- account attempts admitted but not yet decided; forgotten after in_flight_until (a crashed instance)
  in_flight       INT          NOT NULL DEFAULT 0,
  in_flight_until DATETIME(3)  NULL,
  last_failure_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (kind, throttle_key),
  KEY login_failures_age (last_failure_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
