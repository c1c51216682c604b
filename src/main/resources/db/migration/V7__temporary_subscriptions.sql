-- Temporary subscriptions (XEP-0060 §13.5): pubsub#expire = "presence" ends the subscription when the subscriber's
-- presence session ends. A flag of its own rather than a sentinel in "expire": a temporary subscription may have a
-- lease end as well (when the operator caps leases), and the lease sweeper must keep reading "expire" as a time.
ALTER TABLE subscriptions
    ADD COLUMN temporary boolean NOT NULL DEFAULT false;

