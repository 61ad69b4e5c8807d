-- Token buckets shared by every Ferry process (src/http-client/limiter.ts).
--
-- One row per limiter key (e.g. `notion:connection:<id>`, `notion:workspace:<id>`). `tokens` is
-- the level at `refilled_at`; the level now is that plus the refill since, capped at the
-- bucket's capacity (rates and capacities come from the configuration, not from this table).
-- `paused_until` is set when a provider answers 429/529 with Retry-After: nobody takes a token
-- from the key before then.

CREATE TABLE rate_limit_buckets (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
  tokens double precision NOT NULL,
  refilled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  paused_until timestamptz
);
