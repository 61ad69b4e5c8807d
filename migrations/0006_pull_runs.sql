-- Pull sync runs: per user and mirror table, how far the last successful run got.
--
-- `watermark` is the newest `last_edited_time` a run is sure to have seen; the next run asks Notion
-- only for pages edited on or after it (minus an overlap: Notion rounds to the minute).
-- `mapping_hash` is the mirror's resolved columns at that run: a changed mapping forces a full run
-- (new columns must be filled for every row). `last_run` holds the last run's counts and row errors.

CREATE TABLE pull_state (
  user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  data_source_id text NOT NULL,
  watermark timestamptz,
  mapping_hash text,
  last_full_at timestamptz,
  last_run jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, schema_name, table_name),
  FOREIGN KEY (schema_name, table_name) REFERENCES pull_tables (schema_name, table_name) ON DELETE CASCADE
);
