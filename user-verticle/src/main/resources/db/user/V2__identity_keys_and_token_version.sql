-- Emails and usernames compare under one explicit normalisation computed by the service
-- (Identity.key: NFKC, lower-cased, NFKC again), stored in binary-collated unique keys: the
-- collation no longer decides which spellings are "the same" (utf8mb4_unicode_ci ignores
-- zero-width characters, so "victim<U+200B>@example.com" used to collide with, and shadow, the real
-- address). Rows written before this version keep LOWER() keys.
ALTER TABLE users
  MODIFY email_key VARCHAR(320) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  ADD COLUMN username_key VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL AFTER username,
  -- bumped by deactivation, reactivation, deletion and a password change; login tokens carry it
  -- (claim tv) and every service refuses tokens below the version announced for the user
  ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;

UPDATE users SET username_key = LOWER(username);

ALTER TABLE users
  MODIFY username_key VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  ADD UNIQUE KEY users_username_key (username_key),
  DROP INDEX users_username;
