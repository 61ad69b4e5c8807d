import { type DeadLetterReason, FerryError, isDeadLetterReason, NonRetryableError } from "../../errors.ts";
import type { CallPriority } from "../../http-client/limiter.ts";
import type { Logger } from "../../logger.ts";
import { notionProvider } from "../../providers/notion/index.ts";
import { openSession, type SyncDeps } from "../session.ts";
import { lockMirror } from "./lock.ts";
import { type PullManyResult, type PullOneResult, pullUser, type UserProgress } from "./pull-user.ts";
import type { PullRequest, PullRun, RunError } from "./runs.ts";
import { listMirrors, setMirrorLastRun } from "./sql/mirrors.ts";
import { finishRun, getRun, setRunError, setRunProgress, startRun } from "./sql/runs.ts";

/** How pull runs behave, from the config (PULL_*). */
export interface PullOptions {
  /** Schema of mirror tables that do not name one. */
  schema: string;
  trashedPolicy: "mark" | "delete";
  /** Interval of stored mirrors that do not set one. */
  intervalMinutes: number;
}

export interface ExecuteOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** Whether a failure now is final (the job's last attempt): the run is then recorded as failed. */
  finalAttempt: boolean;
  onProgress?: (p: UserProgress) => void;
  /** `background` for scheduled runs: their calls give way to a Sync now's in the limiter. */
  priority?: CallPriority;
  /** Told the provider calls the run made and what it was asked, when it ends (however it ends): what the scheduler learns from. */
  onEnd?: (run: { calls: number; request: PullRequest }) => void;
}

const PROGRESS_EVERY_MS = 1000;

/** The user's Notion session (see openSession: no_connection, auth_revoked, not_entitled). */
const openNotion = (deps: SyncDeps, userId: string, priority: CallPriority | undefined) =>
  openSession(deps, notionProvider, { userId }, priority ? { priority } : {});

/** An error the run ends with for good, and the queue's dead-letter reason for it. */
function finalError(e: unknown): { error: RunError; reason: DeadLetterReason } | null {
  if (e instanceof NonRetryableError) return { error: { code: e.reason, message: e.message }, reason: e.reason };
  if (e instanceof FerryError && e.code === "not_found") return { error: { code: e.code, message: e.message }, reason: "not_found" };
  if (e instanceof FerryError && e.code === "validation_failed")
    return { error: { code: e.code, message: e.message }, reason: "invalid_request" };
  return null;
}

/**
 * Runs one recorded pull run (`pull_runs`) to its end: checks the user's connection and
 * entitlement, pulls the databases the run asks for under each mirror's lease, keeps its progress
 * up to date, and records seed 004's result. A run that already finished is not run again. Errors
 * retrying cannot fix (no connection, no entitlement, an unknown database, a revoked grant) finish
 * the run as failed and throw a NonRetryableError; others are recorded on the run and rethrown for
 * the queue to retry (on the last attempt, the run is finished as failed too).
 */
export async function executeRun(
  deps: SyncDeps,
  options: PullOptions,
  runId: string,
  opts: ExecuteOptions,
): Promise<PullOneResult | PullManyResult> {
  const { db, clock } = deps;
  const run = await getRun(db, runId);
  if (!run) throw new NonRetryableError("run_gone", `pull run ${runId} no longer exists`);
  if (run.finishedAt) {
    if (run.status === "completed") return run.result as PullOneResult | PullManyResult;
    const code = run.error?.code;
    throw new NonRetryableError(
      isDeadLetterReason(code) ? code : "sync_failed",
      `pull run ${runId} already failed: ${run.error?.message ?? "unknown"}`,
    );
  }
  const fail = (error: RunError, reason: DeadLetterReason) => failRun(deps, runId, error, reason);
  let session: Awaited<ReturnType<typeof openNotion>>;
  try {
    session = await openNotion(deps, run.userId, opts.priority);
  } catch (e) {
    if (e instanceof NonRetryableError) return fail({ code: e.reason, message: e.message }, e.reason);
    throw e;
  }
  await startRun(db, runId, clock.now());
  try {
    return await pullRecorded(deps, options, run, opts, session);
  } finally {
    opts.onEnd?.({ calls: session.meter.calls, request: run.request });
  }
}

/** Finishes the run as failed and throws what the queue dead-letters it with. */
async function failRun(deps: SyncDeps, runId: string, error: RunError, reason: DeadLetterReason): Promise<never> {
  await finishRun(deps.db, runId, { status: "failed", error, at: deps.clock.now() });
  throw new NonRetryableError(reason, error.message);
}

/** The run once its session is open: pulls, records progress and the outcome (see executeRun). */
async function pullRecorded(
  deps: SyncDeps,
  options: PullOptions,
  run: PullRun,
  opts: ExecuteOptions,
  session: Awaited<ReturnType<typeof openNotion>>,
): Promise<PullOneResult | PullManyResult> {
  const { db, clock } = deps;
  const runId = run.id;
  const fail = (error: RunError, reason: DeadLetterReason) => failRun(deps, runId, error, reason);

  // Progress is written about once a second and after each database, one write at a time (in order);
  // the run's end waits for the last one.
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const onProgress = (p: UserProgress) => {
    opts.onProgress?.(p);
    const at = clock.now().getTime();
    if (at - lastWrite < PROGRESS_EVERY_MS && p.database !== null) return;
    lastWrite = at;
    writing = writing
      .then(() => setRunProgress(db, runId, p))
      .catch((err: Error) => opts.logger.debug({ err: err.message }, "could not record pull progress"));
  };
  try {
    const stored = await listMirrors(db, run.userId);
    const result = await pullUser(
      { db, now: () => clock.now() },
      {
        client: session.api,
        userId: run.userId,
        request: run.request,
        stored,
        schema: options.schema,
        trashedPolicy: options.trashedPolicy,
        lock: (spec) =>
          lockMirror(
            db,
            { userId: run.userId, schema: spec.schema, table: spec.table },
            { holder: runId, now: () => clock.now(), ...(opts.signal ? { signal: opts.signal } : {}) },
          ),
        onProgress,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
    );
    await writing;
    await finishRun(db, runId, { status: "completed", result, at: clock.now() });
    for (const id of run.request.mirrorId ? [run.request.mirrorId] : (run.request.mirrorIds ?? [])) await setMirrorLastRun(db, id, runId);
    return result;
  } catch (e) {
    await writing;
    const final = finalError(e);
    if (final) return fail(final.error, final.reason);
    const error = { code: e instanceof FerryError ? e.code : "internal", message: e instanceof Error ? e.message : String(e) };
    if (opts.finalAttempt) await finishRun(db, runId, { status: "failed", error, at: clock.now() });
    else await setRunError(db, runId, error);
    throw e;
  }
}
