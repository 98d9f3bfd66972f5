-- The W3C traceparent of the request that wrote the message (NULL when tracing is off or no request
-- was traced): the relay's delivery joins that trace, so one trace shows a payment, the order's
-- confirmation and the email, however much later the relay delivers them.
ALTER TABLE outbox ADD COLUMN traceparent VARCHAR(64) NULL;
