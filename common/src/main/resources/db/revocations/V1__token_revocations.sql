-- What the user service announced about each user's tokens: tokens with a version (claim tv)
-- below min_token_version are void, and all of them are while status is not 'active'. One row per
-- user, kept at the highest version seen (events may arrive out of order); read by every verticle
-- instance about once a second (Revocations). Times are UTC (UTC_TIMESTAMP(3)).
CREATE TABLE token_revocations (
  user_id           BIGINT      NOT NULL PRIMARY KEY,
  min_token_version BIGINT      NOT NULL,
  status            VARCHAR(16) NOT NULL,
  updated_at        DATETIME(3) NOT NULL,
  KEY token_revocations_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
