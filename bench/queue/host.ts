import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** Aggregate CPU jiffies from /proc/stat (Linux only): [busy, total]. */
export async function cpuTimes(): Promise<[number, number] | undefined> {
  try {
    const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return [total - idle, total];
  } catch {
    return undefined;
  }
}

/** Host-wide CPU busy percentage over `ms` (NaN where /proc/stat is missing). */
export async function cpuBusyPct(ms = 1000): Promise<number> {
  const a = await cpuTimes();
  await sleep(ms);
  const b = await cpuTimes();
  if (!a || !b || b[1] === a[1]) return Number.NaN;
  return (100 * (b[0] - a[0])) / (b[1] - a[1]);
}

/**
 * The machine is shared (tests, dev servers): wait until the host is mostly
 * idle before a run, up to `maxWaitMs`. Returns the last busy% observed so
 * the report can flag runs measured on a noisy host.
 */
export async function waitForQuietHost(thresholdPct: number, maxWaitMs: number): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let busy = await cpuBusyPct();
  let warned = false;
  while (busy > thresholdPct && Date.now() < deadline) {
    if (!warned) {
      console.log(`  (host CPU ${busy.toFixed(0)}% busy; waiting up to ${maxWaitMs / 1000} s for it to settle)`);
      warned = true;
    }
    busy = await cpuBusyPct();
  }
  return busy;
}
