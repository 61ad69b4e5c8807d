import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { killCallers, startCallers } from "../../test/helpers/limiter-callers.ts";
import { maxInWindow, notionRequests } from "../../test/helpers/sandbox-log.ts";
import { cpuTimes, waitForQuietHost } from "../queue/host.ts";

export interface UtilisationOptions {
  /** The database the caller processes share. */
  url: string;
  schema: string;
  /** The one limited key: requests per second and burst, in Ferry and in the sandbox alike. */
  rate: number;
  burst: number;
  seconds: number;
  /** Left out of the steady-state figure: the first burst and the processes' first calls. */
  warmupSeconds: number;
  callersPerProcess: number;
  quietWaitMs: number;
}

export interface UtilisationResult {
  processes: number;
  callers_per_process: number;
  /** 200s logged by the sandbox between go and the end. */
  served: number;
  /** served ÷ (burst + rate × seconds): what a full bucket allows over the run. */
  overall_pct: number;
  /** 200s after the warm-up ÷ (rate × the rest of the run). */
  steady_pct: number;
  rate_limited_429: number;
  /** The most requests in any 10-second window, and what the provider allows there. */
  max_10s_window: number;
  budget_10s: number;
  per_process: number[];
  /** Calls that failed in the callers (by code), summed over the processes. */
  failed: Record<string, number>;
  host_busy_before_pct: number;
  host_busy_during_pct: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function sandboxJson(sb: RunningSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, { method, body: body === undefined ? "" : JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

/**
 * `processes` caller processes (each `callersPerProcess` loops of GET /v1/users/me) on one
 * connection key limited to `rate`/`burst`, against the sandbox enforcing the same limit; the
 * workspace key (Ferry's and the sandbox's) is 100 times looser so it never binds. Counts come
 * from the sandbox's request log.
 */
export async function measureUtilisation(sb: RunningSandbox, processes: number, o: UtilisationOptions): Promise<UtilisationResult> {
  await sandboxJson(sb, "POST", "reset");
  const loose = { rate: o.rate * 100, burst: o.burst * 100 };
  await sandboxJson(sb, "PUT", "rate-limits", {
    notion: { enabled: true, rate: o.rate, burst: o.burst, workspace_rate: loose.rate, workspace_burst: loose.burst },
  });
  const minted = await sandboxJson(sb, "POST", "notion/tokens");
  const token = minted.access_token as string;
  const common = {
    url: o.url,
    schema: o.schema,
    sandboxUrl: sb.url,
    token,
    connectionId: randomUUID(),
    workspaceId: minted.workspace_id as string,
    limits: { connection: { perSecond: o.rate, burst: o.burst }, workspace: { perSecond: loose.rate, burst: loose.burst } },
    callers: o.callersPerProcess,
  };
  const busyBefore = await waitForQuietHost(25, o.quietWaitMs);
  const callers = await startCallers(Array.from({ length: processes }, () => common));
  try {
    const cpu0 = await cpuTimes();
    const startAt = Date.now();
    const endAt = startAt + o.seconds * 1000;
    for (const c of callers) c.go(endAt);
    const counts = await Promise.all(callers.map((c) => c.counts));
    const cpu1 = await cpuTimes();
    // Let calls that were on the wire when the processes exited reach the log.
    await sleep(200);
    const log = await notionRequests(sb.url, token);
    const ok = log.filter((e) => e.status === 200);
    const served = ok.filter((e) => e.time >= startAt && e.time <= endAt).length;
    const steadyFrom = startAt + o.warmupSeconds * 1000;
    const steady = ok.filter((e) => e.time >= steadyFrom && e.time <= endAt).length;
    const failed: Record<string, number> = {};
    for (const c of counts) for (const [code, n] of Object.entries(c.failed)) failed[code] = (failed[code] ?? 0) + n;
    return {
      processes,
      callers_per_process: o.callersPerProcess,
      served,
      overall_pct: round((100 * served) / (o.burst + o.rate * o.seconds)),
      steady_pct: round((100 * steady) / (o.rate * (o.seconds - o.warmupSeconds))),
      rate_limited_429: log.filter((e) => e.status === 429).length,
      max_10s_window: maxInWindow(log, 10_000),
      budget_10s: o.rate * 10 + o.burst,
      per_process: counts.map((c) => c.ok),
      failed,
      host_busy_before_pct: round(busyBefore),
      host_busy_during_pct: cpu0 && cpu1 && cpu1[1] > cpu0[1] ? round((100 * (cpu1[0] - cpu0[0])) / (cpu1[1] - cpu0[1])) : Number.NaN,
    };
  } finally {
    killCallers(callers);
  }
}
