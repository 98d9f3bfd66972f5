-- The W3C traceparent of the request that stored the email (NULL when tracing is off): each
-- delivery attempt, and its SMTP conversation, joins that trace.
ALTER TABLE notifications ADD COLUMN traceparent VARCHAR(64) NULL;
