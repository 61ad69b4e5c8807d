-- The scheduler (src/scheduler/): one schedule per user and sync kind, and the leader's lease.

-- A user's background sync of one kind. Due time is not stored: it is the last sync plus the
-- schedule's interval, or else the interval of the user's tier (from SYNC_TIERS), computed at each
-- tick, so a tier change applies at the next tick. `requested_at` is a Sync now waiting to be counted; `admitted_*` is the run the
-- scheduler (or a Sync now) put in the queue, until it ends; `last_*` is what the last run did.
CREATE TABLE sync_schedules (
  user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('push', 'pull')),
  background boolean NOT NULL DEFAULT false,
  -- This schedule's own interval, in ms; null: the tier's. Pull sets it from its mirrors' intervals.
  interval_ms bigint CHECK (interval_ms IS NULL OR interval_ms >= 60000),
  last_synced_at timestamptz,
  requested_at timestamptz,
  admitted_at timestamptz,
  admitted_job_id bigint,
  admitted_cost integer NOT NULL DEFAULT 0,
  admitted_fence bigint,
  last_run_at timestamptz,
  last_cost integer,
  -- Calls per unit of pending work (a push node, a pull mirror), measured and smoothed.
  calls_per_unit real,
  pending integer NOT NULL DEFAULT 0,
  -- Due at the next tick, whatever the last sync: the last run stopped at its call budget with work
  -- left, or new work was set (new pull mirrors).
  work_left boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

CREATE INDEX sync_schedules_background ON sync_schedules (kind, last_synced_at) WHERE background AND admitted_job_id IS NULL;
CREATE INDEX sync_schedules_admitted ON sync_schedules (kind) WHERE admitted_job_id IS NOT NULL;

-- The scheduler's leader: one row per scheduler name. Taking it over bumps `fence`; every write a
-- tick makes checks that its fence is still the current one and unexpired, so a leader that was
-- paused past its lease cannot act after another took over.
CREATE TABLE scheduler_leader (
  name text PRIMARY KEY,
  holder text NOT NULL,
  fence bigint NOT NULL,
  expires_at timestamptz NOT NULL,
  last_tick_at timestamptz,
  last_tick jsonb
);
