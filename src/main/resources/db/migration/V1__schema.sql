CREATE TABLE chat_sessions (
    id          uuid PRIMARY KEY,
    user_id     text         NOT NULL,
    title       text,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    thread_created_at timestamptz
);

CREATE INDEX chat_sessions_user_updated_idx ON chat_sessions (user_id, updated_at DESC, id DESC);

CREATE TABLE chat_messages (
    id                 uuid PRIMARY KEY,
    session_id         uuid        NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    seq                bigint      GENERATED ALWAYS AS IDENTITY,
    role               varchar(16) NOT NULL CHECK (role IN ('user', 'assistant')),
    content            text        NOT NULL,
    status             varchar(16) NOT NULL CHECK (status IN ('complete', 'partial', 'error')),
    model              text,
    prompt_tokens      integer,
    completion_tokens  integer,
    cost_usd           numeric(18, 10),
    created_at         timestamptz NOT NULL
);

CREATE INDEX chat_messages_session_idx ON chat_messages (session_id, created_at, seq);

CREATE TABLE tool_calls (
    id          uuid PRIMARY KEY,
    message_id  uuid         NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
    seq         bigint       GENERATED ALWAYS AS IDENTITY,
    call_id     text,
    name        text         NOT NULL,
    arguments   jsonb        NOT NULL,
    result      jsonb,
    status      varchar(16)  NOT NULL,
    created_at  timestamptz  NOT NULL
);

CREATE INDEX tool_calls_message_idx ON tool_calls (message_id, seq);

CREATE TABLE tasks (
    id           uuid PRIMARY KEY,
    user_id      text         NOT NULL,
    title        text         NOT NULL,
    description  text,
    completed    boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL
);

CREATE INDEX tasks_user_idx ON tasks (user_id, created_at);
