-- Budget work waiting for Redis: what replies were charged, and the reservations they
-- held, while Redis was unreachable. Any instance replays the rows of its key prefix
-- once Redis answers; a restart in between finds them here.
create table budget_outbox (
    id           varchar(100)   primary key,
    key_prefix   varchar(200)   not null,
    kind         varchar(16)    not null check (kind in ('settlement', 'reservation')),
    day          date           not null,
    user_id      text           not null,
    hold_id      varchar(100),
    reserved_usd numeric(18, 9) not null default 0,
    amount_usd   numeric(18, 10) not null default 0,
    expires_at   timestamptz,
    created_at   timestamptz    not null default now()
);

create index budget_outbox_prefix_created on budget_outbox (key_prefix, created_at);
