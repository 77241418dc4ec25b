-- Idempotency-Key of POST .../messages: a repeat within 24 h attaches to the reply the
-- first request started. The body is kept as a hash only: message text stays in
-- chat_messages.
CREATE TABLE idempotency_keys (
    user_id              text         NOT NULL,
    idempotency_key      text         NOT NULL,
    session_id           uuid         NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    body_sha256          text         NOT NULL,
    assistant_message_id uuid         NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
    created_at           timestamptz  NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
