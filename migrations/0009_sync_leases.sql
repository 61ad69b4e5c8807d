-- One lease table for every sync engine: a holder (a job id and attempt) keeps a key for a while and
-- renews it as it runs, so two runs of the same sync never write at once; a holder that dies loses
-- the lease when it expires. Push takes `push:<user>`, pull `pull:<user>:<schema>.<table>`.
-- It replaces pull_locks, whose rows were only ever short-lived leases.
CREATE TABLE sync_leases (
  key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

DROP TABLE pull_locks;


-- The job of the user's latest push run (set when a run starts), so the sync status can say that
-- the sync stopped because that job was dead-lettered, why, and since when.
ALTER TABLE push_sync_state ADD COLUMN last_job_id bigint;
