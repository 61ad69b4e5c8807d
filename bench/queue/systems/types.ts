/**
 * A queue system under benchmark. The harness creates a fresh database,
 * calls `setup` and `enqueue`, then forks `processes` copies of
 * `workerScript` and measures how quickly they drain the queue.
 */
export interface QueueSystem {
  /** Short identifier, also used in the bench database name. */
  name: string;
  /** Human description of the configuration under test. */
  config: string;
  /** Absolute path of the worker process script. */
  workerScript: string;
  /** Extra argv passed to each forked worker. */
  workerArgs?: string[];
  /** How many worker processes to fork. */
  processes: number;
  /** Install schema / run migrations on an empty database. */
  setup(url: string): Promise<void>;
  /**
   * Enqueue `jobs` no-op jobs, in as few calls as the system allows; throw
   * if the system did not accept exactly `jobs` jobs.
   */
  enqueue(url: string, jobs: number): Promise<void>;
  /**
   * SELECT returning one row with column `remaining`: jobs not yet finished.
   * It runs every 50 ms during the drain, so keep it cheap: a count over a
   * `LIMIT 1000` subquery is fine (the harness only needs "0" to be exact).
   */
  remainingSql: string;
  /**
   * Optional SELECT returning one row with column `completed`: how many jobs
   * the system recorded as successfully finished. Systems that delete
   * finished jobs can omit it; `remaining = 0` is then the proof.
   */
  verifySql?: string;
}

/** IPC messages from the harness to a worker process. */
export type ToWorker = { type: "go" } | { type: "stop" };

/** IPC messages from a worker process to the harness. */
export type FromWorker = { type: "ready" } | { type: "error"; message: string };
