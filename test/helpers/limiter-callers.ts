/**
 * Caller processes for the shared limiter (test/fixtures/limiter-caller.ts), used by the
 * multi-process test and by `npm run bench:limiter`. No vitest imports: the benchmark uses it too.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CallerCounts, CallerMessage } from "../fixtures/limiter-caller.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = fileURLToPath(new URL("../fixtures/limiter-caller.ts", import.meta.url));

export interface CallerOptions {
  /** The database every process shares: server URL and schema. */
  url: string;
  schema: string;
  sandboxUrl: string;
  token: string;
  connectionId: string;
  workspaceId: string;
  /** Ferry's Notion limits in the children. */
  limits: { connection: { perSecond: number; burst: number }; workspace: { perSecond: number; burst: number } };
  /** Concurrent loops in the process. */
  callers: number;
  call?: "me" | "list";
  /** The limiter class of the process's calls (default `now`). */
  priority?: "now" | "background";
}

export interface Caller {
  proc: ChildProcess;
  /** Starts the loops (at `startAt`, or now); they stop at `endAt` (epoch ms). */
  go(endAt: number, startAt?: number): void;
  /** The counts the process prints when it is done; rejects if it exits without them. */
  counts: Promise<CallerCounts>;
}

function spawnCaller(o: CallerOptions): { caller: Caller; ready: Promise<void> } {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TEST_PG_URL: o.url,
    TEST_SCHEMA: o.schema,
    SANDBOX_URL: o.sandboxUrl,
    NOTION_TOKEN: o.token,
    CONNECTION_ID: o.connectionId,
    WORKSPACE_ID: o.workspaceId,
    LIMITS: JSON.stringify(o.limits),
    CALLERS: String(o.callers),
    CALL: o.call ?? "me",
    PRIORITY: o.priority ?? "now",
  };
  delete env.NODE_OPTIONS;
  const proc = fork(SCRIPT, [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let out = "";
  let err = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    if (err.length < 100_000) err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    proc.on("message", (m: CallerMessage) => {
      if (m.type === "ready") resolve();
    });
    void exited.then((code) => reject(new Error(`caller exited before ready (code ${code}): ${err.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  const counts = exited.then((code) => {
    const line = out.trim().split("\n").at(-1);
    if (code !== 0 || !line) throw new Error(`caller ${proc.pid} exited with code ${code}: ${err.slice(-2000)}`);
    return JSON.parse(line) as CallerCounts;
  });
  counts.catch(() => undefined);
  const go = (endAt: number, startAt?: number) =>
    proc.send({ type: "go", endAt, ...(startAt !== undefined ? { startAt } : {}) } satisfies CallerMessage);
  return { caller: { proc, go, counts }, ready };
}

/** Forks the processes and resolves once every one is connected and ready (or rejects after `timeoutMs`). */
export async function startCallers(list: CallerOptions[], timeoutMs = 60_000): Promise<Caller[]> {
  const spawned = list.map(spawnCaller);
  const callers = spawned.map((s) => s.caller);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(spawned.map((s) => s.ready)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`caller processes not ready after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    killCallers(callers);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return callers;
}

/** SIGKILLs whatever is still running. */
export function killCallers(callers: readonly Caller[]): void {
  for (const c of callers) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
}
